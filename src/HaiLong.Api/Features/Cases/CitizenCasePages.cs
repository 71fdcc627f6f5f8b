using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Configurations;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Cases;

/// <summary>Returned to API clients when a case is filed.</summary>
public sealed record FiledCase(string TrackingCode, string LookupUrl);

/// <summary>
/// The citizen's pages, in Vietnamese, server-rendered and usable without JavaScript: filing at /c/new (from the survey's
/// thank-you page with ?r=, or from the ward's page and standing QR with ?unit=), lookup at /c/{code}, and the satisfaction
/// question once an answer is published. A browser gets the form back with the message; any other client a ProblemDetails.
/// </summary>
public static class CitizenCasePages
{
    private const string Css = """
        fieldset{border:1px solid #d0d4da;border-radius:6px;margin:.5rem 0}legend{font-weight:600}
        .radio label{display:inline;font-weight:400;margin-right:1rem}.code{font:700 1.6rem/1.2 ui-monospace,monospace;letter-spacing:.15em}
        dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}.answer{white-space:pre-wrap}
        """;

    public static IEndpointRouteBuilder MapCitizenCasePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/c").ExcludeFromDescription().AllowAnonymous().RequireRateLimiting(Policies.CitizenRateLimit).AsCitizenPages();
        pages.MapGet("/", LookupForm);
        pages.MapGet("/new", FilingForm);
        // The form is read by the handler, after it raises the body limit for attachments; it validates the antiforgery token itself.
        pages.MapPost("/new", File).DisableAntiforgery();
        pages.MapGet("/{code}", Lookup);
        // Checks its antiforgery token itself, so that a lost cookie shows the page again with the comment kept.
        pages.MapPost("/{code}/feedback", Feedback).DisableAntiforgery();
        return app;
    }

    private sealed record Origin(AdministrativeUnit Unit, long? ResponseId, string? Reference, string Channel);

    private static async Task<(Origin? Origin, CaseError? Error)> ResolveAsync(string? r, string? unit, HaiLongDbContext db, FollowUpLinks links, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(r))
        {
            if (links.Unprotect(r) is not { } link || !await db.Responses.AnyAsync(x => x.Id == link.ResponseId, ct))
            {
                return (null, new CaseError(400, "Liên kết không hợp lệ / Invalid link",
                    "Liên kết gửi đơn không hợp lệ hoặc đã hết hạn (30 ngày). Ông/bà vẫn có thể gửi đơn từ trang của phường, xã."));
            }
            var u = await db.Units.AsNoTracking().SingleAsync(x => x.Id == link.UnitId, ct);
            return (new Origin(u, link.ResponseId, r, CaseChannels.Survey), null);
        }
        if (!string.IsNullOrEmpty(unit))
        {
            var u = await db.Units.AsNoTracking().SingleOrDefaultAsync(x => x.Code == unit, ct);
            return u is null
                ? (null, new CaseError(404, "Không tìm thấy / Not found", "Không tìm thấy phường, xã theo mã trong liên kết."))
                : (new Origin(u, null, null, CaseChannels.Unit), null);
        }
        return (null, new CaseError(400, "Thiếu thông tin / Missing unit",
            "Liên kết gửi đơn thiếu mã phường, xã. Vui lòng quét mã QR tại phường, xã hoặc mở liên kết từ trang cảm ơn sau khi đánh giá."));
    }

    private static async Task<IResult> FilingForm(HttpContext http, string? r, string? unit, HaiLongDbContext db, FollowUpLinks links,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        var (origin, error) = await ResolveAsync(r, unit, db, links, ct);
        if (error is not null) return ErrorPage(error);
        return Page("Gửi kiến nghị, phản ánh, khiếu nại, tố cáo", await FormBodyAsync(http, origin!, db, antiforgery, null, null, ct), extraCss: Css);
    }

    private static async Task<string> FormBodyAsync(HttpContext http, Origin origin, HaiLongDbContext db, IAntiforgery antiforgery,
        IFormCollection? values, string? error, CancellationToken ct)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.UnitId == origin.Unit.Id).OrderBy(a => a.Name).ToListAsync(ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var officials = await db.Officials.AsNoTracking().Where(o => o.Agency.UnitId == origin.Unit.Id && (o.ActiveTo == null || o.ActiveTo >= today))
            .OrderBy(o => o.FullName).ToListAsync(ct);
        string V(string key) => E(values?[key].ToString());
        var type = values?["type"].ToString();
        var subject = values?["subject"].ToString();
        string Radio(CaseType t) =>
            $"""<label><input type="radio" name="type" value="{t}" required{(type == t.ToString() ? " checked" : "")}> {CaseLabels.Type(t)}</label>""";
        string Option(string value, string text) => $"""<option value="{value}"{(subject == value ? " selected" : "")}>{E(text)}</option>""";
        var options = new List<string> { Option("unit", $"{origin.Unit.Name} (chung)") };
        options.AddRange(agencies.Select(a => Option($"agency:{a.Id}", a.Name)));
        options.AddRange(officials.Select(o => Option($"official:{o.Id}", $"{o.FullName} — {o.Position}")));
        var hidden = origin.Reference is not null
            ? $"""<input type="hidden" name="r" value="{E(origin.Reference)}">"""
            : $"""<input type="hidden" name="unit" value="{E(origin.Unit.Code)}">""";
        var message = error is null ? "" : $"""<p class="error" role="alert" id="error">{E(error)}</p>""";
        return $"""
            <h1>Gửi kiến nghị, phản ánh, khiếu nại, tố cáo</h1>
            <p>Nơi nhận: <strong>{E(origin.Unit.Name)}</strong> — Ban Thanh tra nhân dân theo dõi việc giải quyết.</p>
            {message}
            <form method="post" action="/c/new" enctype="multipart/form-data" class="card">
            <input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">
            {hidden}
            <fieldset class="radio"><legend>Loại đơn</legend>
            {Radio(CaseType.Petition)} {Radio(CaseType.Reflection)} {Radio(CaseType.Complaint)} {Radio(CaseType.Denunciation)}
            </fieldset>
            <label for="subject">Đối tượng (đơn vị, cơ quan hoặc cán bộ, công chức)</label>
            <select id="subject" name="subject">{string.Join("", options)}</select>
            <label for="content">Nội dung</label>
            <textarea id="content" name="content" rows="6" maxlength="{CaseLimits.Content}" required>{V("content")}</textarea>
            <label for="attachments">Tệp đính kèm (ảnh JPEG, PNG, WebP hoặc PDF; tối đa 3 tệp)</label>
            <input type="file" id="attachments" name="attachments" multiple accept="image/jpeg,image/png,image/webp,application/pdf">
            <fieldset><legend>Thông tin người gửi</legend>
            <p class="muted">Khiếu nại và tố cáo phải ghi rõ họ tên và số điện thoại hoặc email. Kiến nghị, phản ánh có thể gửi ẩn danh.
            Thông tin này chỉ Ban Thanh tra nhân dân và người giải quyết được xem.</p>
            <label for="name">Họ và tên</label><input type="text" id="name" name="name" maxlength="256" value="{V("name")}" autocomplete="name">
            <label for="phone">Số điện thoại</label><input type="text" id="phone" name="phone" maxlength="32" value="{V("phone")}" autocomplete="tel" inputmode="tel">
            <label for="email">Email</label><input type="text" id="email" name="email" maxlength="256" value="{V("email")}" autocomplete="email">
            <label for="address">Địa chỉ</label><input type="text" id="address" name="address" maxlength="256" value="{V("address")}" autocomplete="street-address">
            </fieldset>
            <p><button type="submit">Gửi đơn</button></p>
            </form>
            """;
    }

    private static async Task<IResult> File(HttpContext http, HaiLongDbContext db, FollowUpLinks links, IAntiforgery antiforgery,
        CaseFiling filing, IOptions<CaseOptions> options, CancellationToken ct)
    {
        var o = options.Value;
        // The whole form is read, even with files far over the attachment limits, so that a refusal can show the typed text
        // again; the limits themselves are judged after reading. Only a body beyond this hard cap is cut off unread.
        var hardLimit = 4L * o.MaxAttachments * o.MaxAttachmentBytes + 256 * 1024;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = hardLimit;
        if (!http.Request.HasFormContentType)
        {
            return Refuse(http, new CaseError(415, "Sai định dạng / Unsupported media type", "Đơn phải được gửi bằng biểu mẫu (multipart/form-data)."));
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(http, new CaseError(413, "Tệp quá lớn / Request too large",
                $"Đơn và tệp đính kèm quá lớn (hơn {hardLimit / 1024 / 1024} MB) nên không thể đọc được. Mỗi đơn đính kèm tối đa " +
                $"{o.MaxAttachments} tệp, mỗi tệp tối đa {o.MaxAttachmentBytes / 1024 / 1024.0:0.#} MB. Vui lòng quay lại, chọn tệp nhỏ hơn và gửi lại."));
        }
        var refused = InputText.Check(form);
        if (refused.Count > 0)
        {
            form = new FormCollection(form.ToDictionary(f => f.Key, f => new Microsoft.Extensions.Primitives.StringValues(
                f.Value.Select(v => InputText.WithoutRefused(v ?? "")).ToArray())), form.Files);
        }
        var (origin, originError) = await ResolveAsync(form["r"], form["unit"], db, links, ct);
        if (originError is not null) return Refuse(http, originError);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return await ShowFormAgainAsync(http, origin!, db, antiforgery, form, new CaseError(400, "Phiên đã hết hạn / Session expired",
                "Phiên làm việc đã hết hạn nên đơn chưa được gửi. Nội dung vẫn được giữ bên dưới; vui lòng chọn lại tệp đính kèm (nếu có) và bấm Gửi đơn lần nữa."), ct);
        }
        if (refused.Count > 0)
        {
            return await ShowFormAgainAsync(http, origin!, db, antiforgery, form, new CaseError(400, "Ký tự không hợp lệ / Invalid characters",
                InputText.MessageVi), ct);
        }

        var uploads = new List<AttachmentUpload>();
        foreach (var file in form.Files)
        {
            if (file.Length == 0) continue;
            if (file.Length > o.MaxAttachmentBytes)
            {
                // Not read into memory: the filing refuses it by its length.
                uploads.Add(new AttachmentUpload(file.FileName, file.Length, []));
                continue;
            }
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            uploads.Add(new AttachmentUpload(file.FileName, file.Length, buffer.ToArray()));
        }
        var (c, error) = await filing.FileAsync(new FilingRequest(form["type"], origin!.Unit.Id, form["subject"], form["content"],
            form["name"], form["phone"], form["email"], form["address"], origin.Channel, origin.ResponseId, null, uploads), null, ct);
        if (error is not null) return await ShowFormAgainAsync(http, origin, db, antiforgery, form, error, ct);
        var url = $"/c/{c!.TrackingCode}";
        return WantsHtml(http) ? Results.Redirect($"{url}?new=1") : Results.Created(url, new FiledCase(c.TrackingCode, url));
    }

    /// <summary>A refused filing: a browser gets the form back with everything typed (files must be chosen again), other
    /// clients a ProblemDetails.</summary>
    private static async Task<IResult> ShowFormAgainAsync(HttpContext http, Origin origin, HaiLongDbContext db, IAntiforgery antiforgery,
        IFormCollection form, CaseError error, CancellationToken ct)
    {
        if (!WantsHtml(http)) return Refuse(http, error);
        var detail = form.Files.Any(f => f.Length > 0) ? error.Detail + " Vui lòng chọn lại tệp đính kèm." : error.Detail;
        return Page("Gửi kiến nghị, phản ánh, khiếu nại, tố cáo", await FormBodyAsync(http, origin, db, antiforgery, form, detail, ct),
            status: error.Status, extraCss: Css);
    }

    private static IResult LookupForm(string? code) =>
        TrackingCodes.Normalize(code) is { } normalized
            ? Results.Redirect($"/c/{normalized}")
            : Page("Tra cứu đơn", $"""
                <h1>Tra cứu kết quả giải quyết đơn</h1>
                {(code is null ? "" : """<p class="error" role="alert">Mã tra cứu gồm 10 ký tự chữ và số, vui lòng kiểm tra lại.</p>""")}
                <form method="get" action="/c" class="card"><label for="code">Mã tra cứu</label>
                <input type="text" id="code" name="code" maxlength="20" required autocapitalize="characters">
                <p><button type="submit">Tra cứu</button></p></form>
                """, status: code is null ? 200 : 400);

    private static async Task<IResult> Lookup(HttpContext http, string code, string? @new, HaiLongDbContext db, IAntiforgery antiforgery,
        TimeProvider clock, IOptions<CaseOptions> options, CancellationToken ct)
    {
        var c = await FindAsync(db, code, ct);
        if (c is null) return NotFoundPage();
        return LookupPage(http, c, @new == "1", antiforgery, clock, options.Value, null, null, StatusCodes.Status200OK);
    }

    private static IResult LookupPage(HttpContext http, Case c, bool isNew, IAntiforgery antiforgery, TimeProvider clock, CaseOptions options,
        string? comment, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var intro = isNew
            ? $"""<div class="card" role="status"><p><strong>Đơn của ông/bà đã được tiếp nhận.</strong> Vui lòng ghi lại mã tra cứu để theo dõi kết quả:</p><p class="code" id="tracking-code">{E(c.TrackingCode)}</p></div>"""
            : "";
        var answer = c is { AnswerPublished: true, Answer: not null }
            ? $"""<h2>Kết quả giải quyết</h2><div class="card"><p class="answer" id="answer">{E(c.Answer)}</p><p class="muted">Trả lời ngày {CaseLabels.Date(c.AnsweredAt)}</p></div>"""
            : "";
        var rejection = c.Status == CaseStatus.Rejected
            ? $"""<h2>Không thụ lý</h2><div class="card"><p class="answer" id="rejection">{E(c.RejectionReason)}</p></div>"""
            : "";
        var feedback = "";
        if (CanGiveFeedback(c, clock.GetUtcNow(), options))
        {
            var message = error is null ? "" : $"""<p class="error" role="alert" id="error">{E(error)}</p>""";
            feedback = $"""
                <form method="post" action="/c/{E(c.TrackingCode)}/feedback" class="card" id="feedback">
                <input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">
                {message}
                <p><strong>Ông/bà có hài lòng với cách giải quyết không?</strong></p>
                <label for="comment">Ý kiến thêm (không bắt buộc)</label><textarea id="comment" name="comment" rows="3" maxlength="{CaseLimits.Note}">{E(comment)}</textarea>
                <p><button type="submit" name="satisfied" value="yes">Hài lòng</button>
                <button type="submit" name="satisfied" value="no" style="background:#a50e0e">Không hài lòng</button></p>
                </form>
                """;
        }
        else if (c.CitizenSatisfied is { } satisfied)
        {
            feedback = $"""<p class="card">Cảm ơn ông/bà đã cho biết ý kiến: {(satisfied ? "Hài lòng" : "Không hài lòng")}.</p>""";
        }
        var body = $"""
            <h1>Tra cứu đơn {E(c.TrackingCode)}</h1>
            {intro}
            <div class="card"><dl>
            <dt>Loại đơn</dt><dd>{CaseLabels.Type(c.Type)}</dd>
            <dt>Nơi nhận</dt><dd>{E(c.Unit.Name)}</dd>
            <dt>Ngày gửi</dt><dd>{CaseLabels.Date(c.FiledAt)}</dd>
            <dt>Trạng thái</dt><dd id="status">{CaseLabels.Status(c.Status)}</dd>
            <dt>Hạn giải quyết</dt><dd>{CaseLabels.Date(c.Status == CaseStatus.Received && c.AcceptDueOn is not null ? c.AcceptDueOn : c.AnswerDueOn)}</dd>
            </dl>
            <p class="answer">{E(c.Content)}</p></div>
            {rejection}{answer}{feedback}
            """;
        return Page($"Tra cứu đơn {c.TrackingCode}", body, status: status, extraCss: Css);
    }

    private static async Task<IResult> Feedback(HttpContext http, string code, IFormCollection form, HaiLongDbContext db, CaseWorkflow workflow,
        IAntiforgery antiforgery, TimeProvider clock, IOptions<CaseOptions> options, CancellationToken ct)
    {
        var c = await FindAsync(db, code, ct, tracked: true);
        if (c is null) return NotFoundPage();
        var now = clock.GetUtcNow();
        var satisfied = form["satisfied"].ToString();
        var comment = InputText.WithoutRefused(form["comment"].ToString());
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return AskAgain("Phiên làm việc đã hết hạn nên ý kiến chưa được gửi. Ý kiến vẫn được giữ bên dưới; vui lòng bấm chọn lần nữa.");
        }
        if (InputText.Check(form).Count > 0) return AskAgain(InputText.MessageVi);
        if (!CanGiveFeedback(c, now, options.Value))
        {
            return Refuse(http, new CaseError(409, "Không thể ghi nhận / Conflict",
                "Đơn này hiện không chờ ý kiến đánh giá (chưa có kết quả công khai, đã đánh giá rồi hoặc đã quá thời hạn)."));
        }
        if (satisfied is not ("yes" or "no")) return AskAgain("Vui lòng chọn Hài lòng hoặc Không hài lòng.");
        var note = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim()[..Math.Min(comment.Trim().Length, CaseLimits.Note)];
        var previous = c.Status;
        string action;
        if (satisfied == "yes")
        {
            c.CitizenSatisfied = true;
            c.CitizenFeedbackAt = now;
            c.Status = CaseStatus.Closed;
            c.ClosedAt = now;
            action = CaseEventActions.CitizenSatisfied;
        }
        else
        {
            // An unhappy filer sends the case back to the board for review, with a fresh answer period.
            await workflow.ReopenAsync(c, VietnamTime.DateOf(now), ct);
            c.CitizenSatisfied = false;
            c.CitizenFeedbackAt = now;
            action = CaseEventActions.ReopenedByCitizen;
        }
        db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = now, Action = action, FromStatus = previous, ToStatus = c.Status, Note = note });
        await db.SaveChangesAsync(ct);
        if (!WantsHtml(http)) return Results.Ok(new { c.TrackingCode, Status = c.Status.ToString() });
        return Results.Redirect($"/c/{c.TrackingCode}");

        IResult AskAgain(string message) => WantsHtml(http) && CanGiveFeedback(c, now, options.Value)
            ? LookupPage(http, c, false, antiforgery, clock, options.Value, comment, message, StatusCodes.Status400BadRequest)
            : Refuse(http, new CaseError(400, "Thiếu thông tin / Invalid input", message));
    }

    internal static bool CanGiveFeedback(Case c, DateTimeOffset now, CaseOptions o) =>
        c is { Status: CaseStatus.Answered, AnswerPublished: true, CitizenSatisfied: null } && !CaseWorkflow.ReopenWindowClosed(c, now, o);

    private static async Task<Case?> FindAsync(HaiLongDbContext db, string code, CancellationToken ct, bool tracked = false)
    {
        if (TrackingCodes.Normalize(code) is not { } normalized) return null;
        var q = db.Cases.Include(c => c.Unit).Where(c => c.TrackingCode == normalized);
        return await (tracked ? q : q.AsNoTracking()).SingleOrDefaultAsync(ct);
    }

    private static bool WantsHtml(HttpContext http) => http.Request.Headers.Accept.ToString().Contains("text/html");

    private static IResult NotFoundPage() => Page("Không tìm thấy đơn", """
        <h1>Không tìm thấy đơn</h1><p>Không có đơn nào với mã tra cứu này. Vui lòng kiểm tra lại mã (10 ký tự, không có chữ O, I và số 0, 1).</p>
        <p><a href="/c">Tra cứu mã khác</a></p>
        """, status: 404);

    private static IResult ErrorPage(CaseError e) =>
        Page(e.Title, $"""<h1>{E(e.Title)}</h1><p class="error" role="alert">{E(e.Detail)}</p>""", status: e.Status);

    /// <summary>A browser gets a page with the message; other clients a ProblemDetails. Either way nothing was stored.</summary>
    private static IResult Refuse(HttpContext http, CaseError e) =>
        WantsHtml(http) ? ErrorPage(e) : Results.Problem(statusCode: e.Status, title: e.Title, detail: e.Detail);
}
