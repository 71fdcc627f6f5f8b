using System.Text;
using Hangfire;
using HaiLong.Api.Features.Accounts;
using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static HaiLong.Api.Infrastructure.Html;
using HttpResults = Microsoft.AspNetCore.Http.HttpResults;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>Staff pages of the yearly evaluation: the cycles, one cycle with its progress and proposals, the printable sheet.</summary>
public static class EvaluationPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/evaluations").ExcludeFromDescription().RequireAuthorization(EvaluationsApi.EvaluatorsPolicy);
        pages.MapGet("/", List);
        pages.MapGet("/{id:long}", Cycle);
        pages.MapPost("/{id:long}/compute", Compute);
        pages.MapPost("/{id:long}/freeze", Freeze);
        pages.MapGet("/{id:long}/sheets/{officialId:int}", Sheet);
        pages.MapPost("/{id:long}/targets", AddTarget);
        pages.MapPost("/{id:long}/targets/{targetId:long}", UpdateTarget);
        pages.MapPost("/{id:long}/dossier-figures/{unitId:int}", PutDossierFigures);
        pages.MapPost("/{id:long}/sheets/{officialId:int}/note", Annotate);
    }

    private static async Task<IResult> List(HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        var cycles = await db.EvaluationCycles.AsNoTracking().Where(c => units.Any(u => u.Id == c.UnitId))
            .OrderByDescending(c => c.Year).ThenBy(c => c.Unit.Name).ThenByDescending(c => c.Version)
            .Select(c => new { c.Id, c.Year, c.Version, Unit = c.Unit.Name, c.Status }).ToListAsync(ct);
        var rows = string.Concat(cycles.Select(c =>
            $"""<tr><td><a href="/staff/evaluations/{c.Id}">{c.Year} — {E(c.Unit)}</a></td><td>{c.Version}</td><td>{E(StatusVi(c.Status))}</td></tr>"""));
        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a></nav>
            <h1>Đánh giá, xếp loại hằng năm</h1>
            <div class="card">{(cycles.Count == 0 ? "<p>Chưa có kỳ đánh giá nào trong phạm vi của bạn.</p>" : $"<table><thead><tr><th>Kỳ đánh giá</th><th>Phiên bản</th><th>Trạng thái</th></tr></thead><tbody>{rows}</tbody></table>")}</div>
            """;
        return Page("Đánh giá, xếp loại — HaiLong", body, header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static async Task<IResult> Cycle(long id, HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db,
        AuditLog audit, CancellationToken ct)
    {
        if (await EvaluationsApi.FindAsync(id, staff, db, ct) is not { } cycle) return NotFoundPage(http, antiforgery);
        await audit.RecordAsync("evaluation.viewed", nameof(EvaluationCycle), id.ToString(), new { page = true }, ct: ct);
        return await CyclePageAsync(cycle, http, antiforgery, staff, db, null, ct);
    }

    /// <summary>The cycle page; with <paramref name="error"/>, the refused form is shown again with what was typed and why.</summary>
    private static async Task<IResult> CyclePageAsync(EvaluationCycle cycle, HttpContext http, IAntiforgery antiforgery, StaffContext staff,
        HaiLongDbContext db, FormError? error, CancellationToken ct)
    {
        var id = cycle.Id;
        var info = await EvaluationsApi.DescribeAsync(db, id, ct);
        var s = await EvaluationSnapshots.ForAsync(db, cycle, ct);
        var running = cycle.Status is EvaluationStatus.Queued or EvaluationStatus.Computing;
        var tokens = antiforgery.GetAndStoreTokens(http);
        var progress = running
            ? $"""<p role="status">Đang tính: {info.ProgressDone}/{info.ProgressTotal} người. Trang tự tải lại sau vài giây.</p><progress max="{Math.Max(1, info.ProgressTotal)}" value="{info.ProgressDone}"></progress>"""
            : $"""<p>Trạng thái: <strong>{E(StatusVi(cycle.Status))}</strong>{(info.ProgressTotal > 0 ? $" · đã tính {info.ProgressDone}/{info.ProgressTotal} người" : "")}</p>""";
        var computeForm = cycle.Status == EvaluationStatus.Frozen || running ? "" : $"""
            <form method="post" action="/staff/evaluations/{id}/compute"><input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">
            <button type="submit">Tính toán đề xuất</button></form>
            """;
        var freezeForm = cycle.Status != EvaluationStatus.Computed ? "" : $"""
            <form method="post" action="/staff/evaluations/{id}/freeze"><input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">
            <p class="muted">Khóa kỳ đánh giá: lưu bản chụp bất biến kèm mã băm; sau khi khóa không thể tính lại hay ghi chú.</p>
            <button type="submit">Khóa kỳ đánh giá</button></form>
            """;
        var frozen = cycle.Status == EvaluationStatus.Frozen ? $"<p>Đã khóa lúc {cycle.FrozenAt:yyyy-MM-dd HH:mm} UTC · mã băm SHA-256: <code>{E(cycle.SnapshotHash)}</code></p>" : "";
        var wards = await WardsAsync(cycle, staff, db, ct);
        var rows = new StringBuilder();
        foreach (var r in s.Results)
        {
            rows.Append($"""<tr><td><a href="/staff/evaluations/{id}/sheets/{r.OfficialId}">{E(r.FullName)}</a><br><span class="muted">{E(r.Position)}{(r.IsLeader ? " · lãnh đạo" : "")}</span></td>"""
                + $"<td>{(r.Score is { } sc ? E(EvaluationMath.Vi(sc, 2)) : "—")}</td><td>{E(r.ProposedLevelVi ?? "Không đủ dữ liệu")}</td>"
                + $"<td>{E(r.Reason)}{(r.Warning is null ? "" : $"<br><strong class=\"error\">{E(r.Warning)}</strong>")}{(r.Note is null ? "" : $"<br><em>Ghi chú: {E(r.Note)}</em>")}</td></tr>");
        }
        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a> › <a href="/staff/evaluations">Đánh giá, xếp loại</a></nav>
            <h1>Đánh giá năm {s.Year} — {E(s.UnitName)} (phiên bản {s.Version})</h1>
            <div class="card">{progress}{frozen}<p>Chính sách phiên bản {s.Policy.Version}: ngưỡng {E(EvaluationMath.Vi(s.Policy.ExcellentFrom, 0))} / {E(EvaluationMath.Vi(s.Policy.GoodFrom, 0))} / {E(EvaluationMath.Vi(s.Policy.CompletedFrom, 0))} điểm, tối thiểu {s.Policy.MinimumResponses} phiếu.</p>
            {computeForm}{freezeForm}<p><a href="/api/evaluations/{id}/export.xlsx">Tải tệp Excel (XLSX)</a></p></div>
            <div class="card"><table><thead><tr><th>Cán bộ</th><th>Điểm</th><th>Mức đề xuất</th><th>Lý do</th></tr></thead><tbody>{rows}</tbody></table></div>
            {TargetsCard(s, wards, tokens, error)}
            {FiguresCard(s, wards, await db.EvaluationDossierFigures.AsNoTracking().Where(f => f.CycleId == id).ToDictionaryAsync(f => f.UnitId, ct), tokens, error)}
            """;
        var html = Document($"Đánh giá năm {s.Year} — HaiLong", body, extraCss: "main{max-width:72rem}form.inline{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.5rem;align-items:end;margin:.75rem 0;padding-top:.5rem;border-top:1px solid #e5e7eb}form.inline label{margin:0}form.inline p{grid-column:1/-1;margin:0}", header: StaffPages.StaffHeader(http, antiforgery));
        // No script needed: the browser reloads the page itself while the job runs.
        if (running) html = html.Replace("<head>", "<head>\n<meta http-equiv=\"refresh\" content=\"3\">");
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, error?.Status ?? StatusCodes.Status200OK);
    }

    private static async Task<IResult> Compute(long id, HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db,
        IBackgroundJobClient jobs, AuditLog audit, CancellationToken ct)
    {
        if (await RefusedFormAsync(http, antiforgery) is { } refused) return refused;
        var result = await EvaluationsApi.Compute(id, staff, db, jobs, audit, ct);
        return result.Result switch
        {
            Microsoft.AspNetCore.Http.HttpResults.NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails> => NotFoundPage(http, antiforgery),
            Microsoft.AspNetCore.Http.HttpResults.Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails> c =>
                Page("Không thể tính", $"<h1>Không thể tính lại</h1><p>{E(c.Value?.Detail)}</p><p><a href=\"/staff/evaluations/{id}\">Quay lại</a></p>",
                    status: StatusCodes.Status409Conflict, header: StaffPages.StaffHeader(http, antiforgery)),
            _ => Results.Redirect($"/staff/evaluations/{id}"),
        };
    }

    private static async Task<IResult> Freeze(long id, HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db,
        AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        if (await RefusedFormAsync(http, antiforgery) is { } refused) return refused;
        var result = await EvaluationsApi.Freeze(id, staff, db, audit, clock, ct);
        return result.Result switch
        {
            Microsoft.AspNetCore.Http.HttpResults.NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails> => NotFoundPage(http, antiforgery),
            Microsoft.AspNetCore.Http.HttpResults.Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails> c =>
                Page("Không thể khóa", $"<h1>Không thể khóa kỳ đánh giá</h1><p>{E(c.Value?.Detail)}</p><p><a href=\"/staff/evaluations/{id}\">Quay lại</a></p>",
                    status: StatusCodes.Status409Conflict, header: StaffPages.StaffHeader(http, antiforgery)),
            _ => Results.Redirect($"/staff/evaluations/{id}"),
        };
    }

    /// <summary>These posts bind no form fields, so the antiforgery middleware would not check them by itself.</summary>
    private static async Task<IResult?> RefusedFormAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Page("Yêu cầu không hợp lệ", "<h1>Yêu cầu không hợp lệ</h1><p>Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại.</p>",
                status: StatusCodes.Status400BadRequest, header: StaffPages.StaffHeader(http, antiforgery));
        }
    }

    private static async Task<IResult> Sheet(long id, int officialId, HttpContext http, IAntiforgery antiforgery, StaffContext staff,
        HaiLongDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (await EvaluationsApi.FindAsync(id, staff, db, ct) is not { } cycle) return NotFoundPage(http, antiforgery);
        var s = await EvaluationSnapshots.ForAsync(db, cycle, ct);
        if (s.Results.FirstOrDefault(r => r.OfficialId == officialId) is not { } result) return NotFoundPage(http, antiforgery);
        await audit.RecordAsync("evaluation.sheet-viewed", nameof(Official), officialId.ToString(), new { cycleId = id }, ct: ct);
        return Results.Content(EvaluationExports.PersonSheet(s, result, NoteForm(cycle, result, antiforgery.GetAndStoreTokens(http), null)),
            "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> AddTarget(long id, HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db,
        CancellationToken ct)
    {
        if (await RefusedFormAsync(http, antiforgery) is { } refused) return refused;
        if (await EvaluationsApi.FindAsync(id, staff, db, ct) is not { } cycle) return NotFoundPage(http, antiforgery);
        if (cycle.Status == EvaluationStatus.Frozen) return FrozenPage(cycle, http, antiforgery);
        var form = await http.Request.ReadFormAsync(ct);
        Task<IResult> Refuse(string message, int status = StatusCodes.Status400BadRequest) =>
            CyclePageAsync(cycle, http, antiforgery, staff, db, new FormError(NewTargetForm, message, status, form), ct);
        if (!int.TryParse(form["unitId"], out var unitId)) return await Refuse("Đơn vị: hãy chọn một phường trong danh sách.");
        if (!EvaluationFormRules.TryNumber(form["targetValue"], out var targetValue) || targetValue is null)
        {
            return await Refuse("Giá trị mục tiêu: hãy nhập một số, ví dụ 95 hoặc 12,5.");
        }
        if (!EvaluationFormRules.TryNumber(form["achievedValue"], out var achieved)) return await Refuse("Giá trị đạt được: hãy nhập một số hoặc để trống.");
        var request = new TargetRequest(unitId, form["title"].ToString(), targetValue.Value, achieved, Blank(form["evidence"]));
        if (EvaluationFormRules.FirstViolation(request, TargetLabels) is { } violation) return await Refuse(violation);
        return (await EvaluationsApi.AddTarget(id, request, staff, db, ct)).Result switch
        {
            HttpResults.NotFound<ProblemDetails> => NotFoundPage(http, antiforgery),
            HttpResults.Conflict<ProblemDetails> c => ConflictPage(id, c.Value, http, antiforgery),
            _ => Results.Redirect($"/staff/evaluations/{id}#targets"),
        };
    }

    private static async Task<IResult> UpdateTarget(long id, long targetId, HttpContext http, IAntiforgery antiforgery, StaffContext staff,
        HaiLongDbContext db, CancellationToken ct)
    {
        if (await RefusedFormAsync(http, antiforgery) is { } refused) return refused;
        if (await EvaluationsApi.FindAsync(id, staff, db, ct) is not { } cycle) return NotFoundPage(http, antiforgery);
        if (cycle.Status == EvaluationStatus.Frozen) return FrozenPage(cycle, http, antiforgery);
        var form = await http.Request.ReadFormAsync(ct);
        Task<IResult> Refuse(string message) =>
            CyclePageAsync(cycle, http, antiforgery, staff, db, new FormError(TargetForm(targetId), message, StatusCodes.Status400BadRequest, form), ct);
        if (!EvaluationFormRules.TryNumber(form["achievedValue"], out var achieved)) return await Refuse("Giá trị đạt được: hãy nhập một số hoặc để trống.");
        var request = new UpdateTargetRequest(achieved, Blank(form["evidence"]));
        if (EvaluationFormRules.FirstViolation(request, TargetLabels) is { } violation) return await Refuse(violation);
        return (await EvaluationsApi.UpdateTarget(id, targetId, request, staff, db, ct)).Result switch
        {
            HttpResults.NotFound<ProblemDetails> => NotFoundPage(http, antiforgery),
            HttpResults.Conflict<ProblemDetails> c => ConflictPage(id, c.Value, http, antiforgery),
            _ => Results.Redirect($"/staff/evaluations/{id}#targets"),
        };
    }

    private static async Task<IResult> PutDossierFigures(long id, int unitId, HttpContext http, IAntiforgery antiforgery, StaffContext staff,
        HaiLongDbContext db, CancellationToken ct)
    {
        if (await RefusedFormAsync(http, antiforgery) is { } refused) return refused;
        if (await EvaluationsApi.FindAsync(id, staff, db, ct) is not { } cycle) return NotFoundPage(http, antiforgery);
        if (cycle.Status == EvaluationStatus.Frozen) return FrozenPage(cycle, http, antiforgery);
        var form = await http.Request.ReadFormAsync(ct);
        Task<IResult> Refuse(string message, int status = StatusCodes.Status400BadRequest) =>
            CyclePageAsync(cycle, http, antiforgery, staff, db, new FormError(FiguresForm(unitId), message, status, form), ct);
        if (!int.TryParse(form["dossiersTotal"], out var total)) return await Refuse("Tổng số hồ sơ: hãy nhập một số nguyên, ví dụ 1250.");
        if (!int.TryParse(form["dossiersOverdue"], out var overdue)) return await Refuse("Số hồ sơ quá hạn: hãy nhập một số nguyên, ví dụ 12.");
        var request = new DossierFiguresRequest(total, overdue, form["source"].ToString());
        if (EvaluationFormRules.FirstViolation(request, FigureLabels) is { } violation) return await Refuse(violation);
        return (await EvaluationsApi.PutDossierFigures(id, unitId, request, staff, db, ct)).Result switch
        {
            HttpResults.NotFound<ProblemDetails> => NotFoundPage(http, antiforgery),
            HttpResults.Conflict<ProblemDetails> c => ConflictPage(id, c.Value, http, antiforgery),
            HttpResults.UnprocessableEntity<ProblemDetails> u => await Refuse(u.Value?.Detail ?? "Số liệu không hợp lệ.", StatusCodes.Status422UnprocessableEntity),
            _ => Results.Redirect($"/staff/evaluations/{id}#figures"),
        };
    }

    private static async Task<IResult> Annotate(long id, int officialId, HttpContext http, IAntiforgery antiforgery, StaffContext staff,
        HaiLongDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        if (await RefusedFormAsync(http, antiforgery) is { } refused) return refused;
        if (await EvaluationsApi.FindAsync(id, staff, db, ct) is not { } cycle) return NotFoundPage(http, antiforgery);
        if (cycle.Status == EvaluationStatus.Frozen) return FrozenPage(cycle, http, antiforgery);
        var form = await http.Request.ReadFormAsync(ct);
        var request = new NoteRequest(form["note"].ToString());
        if (EvaluationFormRules.FirstViolation(request, NoteLabels) is { } violation)
        {
            var s = await EvaluationSnapshots.ForAsync(db, cycle, ct);
            if (s.Results.FirstOrDefault(r => r.OfficialId == officialId) is not { } shown) return NotFoundPage(http, antiforgery);
            var error = new FormError(NoteFormName, violation, StatusCodes.Status400BadRequest, form);
            return Results.Content(EvaluationExports.PersonSheet(s, shown, NoteForm(cycle, shown, antiforgery.GetAndStoreTokens(http), error)),
                "text/html; charset=utf-8", Encoding.UTF8, error.Status);
        }
        return (await EvaluationsApi.Annotate(id, officialId, request, staff, db, audit, clock, ct)).Result switch
        {
            HttpResults.NotFound<ProblemDetails> => NotFoundPage(http, antiforgery),
            HttpResults.Conflict<ProblemDetails> c => ConflictPage(id, c.Value, http, antiforgery),
            _ => Results.Redirect($"/staff/evaluations/{id}/sheets/{officialId}"),
        };
    }

    /// <summary>A refused form: which one, why, and what was typed, so the evaluator does not type it again.</summary>
    private sealed record FormError(string Form, string Message, int Status, IFormCollection Values)
    {
        public string Value(string field) => Values.TryGetValue(field, out var v) ? v.ToString() : "";
    }

    private const string NewTargetForm = "target-new";
    private const string NoteFormName = "note";
    private static string TargetForm(long targetId) => $"target-{targetId}";
    private static string FiguresForm(int unitId) => $"figures-{unitId}";

    private static readonly Dictionary<string, string> TargetLabels = new()
    {
        [nameof(TargetRequest.UnitId)] = "Đơn vị",
        [nameof(TargetRequest.Title)] = "Tên chỉ tiêu",
        [nameof(TargetRequest.TargetValue)] = "Giá trị mục tiêu",
        [nameof(TargetRequest.AchievedValue)] = "Giá trị đạt được",
        [nameof(TargetRequest.Evidence)] = "Minh chứng",
    };

    private static readonly Dictionary<string, string> FigureLabels = new()
    {
        [nameof(DossierFiguresRequest.DossiersTotal)] = "Tổng số hồ sơ",
        [nameof(DossierFiguresRequest.DossiersOverdue)] = "Số hồ sơ quá hạn",
        [nameof(DossierFiguresRequest.Source)] = "Nguồn số liệu",
    };

    private static readonly Dictionary<string, string> NoteLabels = new() { [nameof(NoteRequest.Note)] = "Ý kiến của người đánh giá" };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Hidden(AntiforgeryTokenSet tokens) => $"""<input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">""";

    private static string ErrorFor(FormError? error, string form) =>
        error?.Form == form ? $"""<p class="error" role="alert">{E(error.Message)}</p>""" : "";

    /// <summary>What the form shows: what was typed when it was refused, otherwise what is stored.</summary>
    private static string Shown(FormError? error, string form, string field, string? stored) => error?.Form == form ? error.Value(field) : stored ?? "";

    /// <summary>Every stored digit, Vietnamese decimal comma: what is shown in a form must come back unchanged.</summary>
    private static string Num(decimal? value) =>
        value is { } v ? v.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',') : "";

    /// <summary>The wards of the cycle's jurisdiction that the caller reaches: the ones that can have targets and dossier figures.</summary>
    private static async Task<List<AdministrativeUnit>> WardsAsync(EvaluationCycle cycle, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var root = cycle.Unit.Path;
        var units = await staff.UnitsAsync(ct);
        return await units.Where(u => u.Path.StartsWith(root) && (u.Level == UnitLevel.Ward || u.Level == UnitLevel.Commune || u.Level == UnitLevel.Town))
            .OrderBy(u => u.Name).ToListAsync(ct);
    }

    private static string TargetsCard(EvaluationSnapshot s, List<AdministrativeUnit> wards, AntiforgeryTokenSet tokens, FormError? error)
    {
        var id = s.CycleId;
        var rows = string.Concat(s.Targets.Select(t =>
            $"<tr><td>{E(t.UnitName)}</td><td>{E(t.Title)}</td><td>{E(Num(t.TargetValue))}</td>"
            + $"<td>{(t.AchievedValue is null ? "chưa báo cáo" : E(Num(t.AchievedValue)))}</td><td>{E(t.Evidence)}</td>"
            + $"<td>{E(EvaluationMath.Percent(t.Attainment))}</td></tr>"));
        var table = s.Targets.Length == 0
            ? "<p>Chưa có chỉ tiêu nào. Thiếu chỉ tiêu thì thành phần này của người đứng đầu không được tính.</p>"
            : $"<table><thead><tr><th>Đơn vị</th><th>Chỉ tiêu</th><th>Mục tiêu</th><th>Đạt được</th><th>Minh chứng</th><th>Mức hoàn thành</th></tr></thead><tbody>{rows}</tbody></table>";
        if (s.Status == EvaluationStatus.Frozen)
        {
            return $"""<div class="card" id="targets"><h2>Chỉ tiêu của đơn vị</h2>{table}<p class="muted">Kỳ đã khóa: không thể thêm hay sửa chỉ tiêu.</p></div>""";
        }
        var updates = string.Concat(s.Targets.Select(t =>
        {
            var form = TargetForm(t.Id);
            return $"""
                <form class="inline" method="post" action="/staff/evaluations/{id}/targets/{t.Id}">{Hidden(tokens)}
                <p><strong>Cập nhật: {E(t.Title)}</strong> — {E(t.UnitName)}</p>{ErrorFor(error, form)}
                <div><label for="achieved-{t.Id}">Giá trị đạt được</label><input type="text" inputmode="decimal" id="achieved-{t.Id}" name="achievedValue" value="{E(Shown(error, form, "achievedValue", Num(t.AchievedValue)))}"></div>
                <div><label for="evidence-{t.Id}">Minh chứng</label><input type="text" id="evidence-{t.Id}" name="evidence" value="{E(Shown(error, form, "evidence", t.Evidence))}"></div>
                <div><button type="submit">Lưu kết quả</button></div>
                </form>
                """;
        }));
        var selected = Shown(error, NewTargetForm, "unitId", "");
        var options = string.Concat(wards.Select(w =>
            $"""<option value="{w.Id}"{(selected == w.Id.ToString() ? " selected" : "")}>{E(w.Name)}</option>"""));
        return $"""
            <div class="card" id="targets"><h2>Chỉ tiêu của đơn vị</h2>{table}{updates}
            <form method="post" action="/staff/evaluations/{id}/targets">{Hidden(tokens)}
            <h3>Thêm chỉ tiêu</h3>{ErrorFor(error, NewTargetForm)}
            <label for="target-unit">Đơn vị</label><select id="target-unit" name="unitId">{options}</select>
            <label for="target-title">Tên chỉ tiêu</label><input type="text" id="target-title" name="title" value="{E(Shown(error, NewTargetForm, "title", ""))}">
            <label for="target-value">Giá trị mục tiêu</label><input type="text" inputmode="decimal" id="target-value" name="targetValue" aria-describedby="target-value-hint" value="{E(Shown(error, NewTargetForm, "targetValue", ""))}">
            <p class="muted" id="target-value-hint">Tỷ lệ ghi từ 0 đến 100, số lượng ghi số, chỉ tiêu có/không ghi 1. Dấu thập phân là dấu phẩy.</p>
            <label for="target-achieved">Giá trị đạt được (nếu đã có)</label><input type="text" inputmode="decimal" id="target-achieved" name="achievedValue" value="{E(Shown(error, NewTargetForm, "achievedValue", ""))}">
            <label for="target-evidence">Minh chứng (số văn bản hoặc đường dẫn)</label><input type="text" id="target-evidence" name="evidence" value="{E(Shown(error, NewTargetForm, "evidence", ""))}">
            <p><button type="submit">Thêm chỉ tiêu</button></p>
            </form></div>
            """;
    }

    /// <summary>
    /// A frozen cycle shows its snapshot's figures; a working one shows what is stored now, as its group 5 lists only the
    /// wards of its last computation.
    /// </summary>
    private static string FiguresCard(EvaluationSnapshot s, List<AdministrativeUnit> wards, Dictionary<int, EvaluationDossierFigures> stored,
        AntiforgeryTokenSet tokens, FormError? error)
    {
        var id = s.CycleId;
        var shown = s.Status == EvaluationStatus.Frozen
            ? s.Group5.Select(g => (g.UnitName, g.DossiersTotal, g.DossiersOverdue, g.DossierSource))
            : wards.Select(w => stored.TryGetValue(w.Id, out var f)
                ? (w.Name, (int?)f.DossiersTotal, (int?)f.DossiersOverdue, f.Source)
                : (w.Name, null, null, null));
        var rows = string.Concat(shown.Select(g =>
            $"<tr><td>{E(g.Item1)}</td><td>{(g.Item2 is { } t ? t.ToString() : "chưa nhập")}</td>"
            + $"<td>{(g.Item3 is { } o ? o.ToString() : "—")}</td><td>{E(g.Item4)}</td></tr>"));
        var table = $"<table><thead><tr><th>Phường, xã</th><th>Tổng số hồ sơ</th><th>Số hồ sơ quá hạn</th><th>Nguồn số liệu</th></tr></thead><tbody>{rows}</tbody></table>";
        const string title = "<h2>Số liệu hồ sơ (nhóm 5, Quyết định 766/QĐ-TTg)</h2>";
        if (s.Status == EvaluationStatus.Frozen)
        {
            return $"""<div class="card" id="figures">{title}{table}<p class="muted">Kỳ đã khóa: không thể nhập số liệu.</p></div>""";
        }
        var forms = string.Concat(wards.Select(w =>
        {
            var form = FiguresForm(w.Id);
            var figures = stored.GetValueOrDefault(w.Id);
            return $"""
                <form class="inline" method="post" action="/staff/evaluations/{id}/dossier-figures/{w.Id}">{Hidden(tokens)}
                <p><strong>{E(w.Name)}</strong></p>{ErrorFor(error, form)}
                <div><label for="total-{w.Id}">Tổng số hồ sơ</label><input type="text" inputmode="numeric" id="total-{w.Id}" name="dossiersTotal" value="{E(Shown(error, form, "dossiersTotal", figures?.DossiersTotal.ToString()))}"></div>
                <div><label for="overdue-{w.Id}">Số hồ sơ quá hạn</label><input type="text" inputmode="numeric" id="overdue-{w.Id}" name="dossiersOverdue" value="{E(Shown(error, form, "dossiersOverdue", figures?.DossiersOverdue.ToString()))}"></div>
                <div><label for="source-{w.Id}">Nguồn số liệu</label><input type="text" id="source-{w.Id}" name="source" value="{E(Shown(error, form, "source", figures?.Source))}"></div>
                <div><button type="submit">Lưu số liệu</button></div>
                </form>
                """;
        }));
        return $"""<div class="card" id="figures">{title}{table}<p class="muted">Lấy từ báo cáo của hệ thống thông tin giải quyết thủ tục hành chính; nhập lại sẽ thay số liệu cũ.</p>{forms}</div>""";
    }

    private static string NoteForm(EvaluationCycle cycle, ResultView r, AntiforgeryTokenSet tokens, FormError? error)
    {
        if (cycle.Status == EvaluationStatus.Frozen) return "";
        return $"""
            <form class="noprint card" method="post" action="/staff/evaluations/{cycle.Id}/sheets/{r.OfficialId}/note">{Hidden(tokens)}
            {ErrorFor(error, NoteFormName)}
            <label for="note">Ý kiến của người đánh giá</label>
            <textarea id="note" name="note" rows="4" style="width:100%">{E(Shown(error, NoteFormName, "note", r.Note))}</textarea>
            <p><button type="submit">{(r.Note is null ? "Thêm ý kiến" : "Thay ý kiến")}</button> <a href="/staff/evaluations/{cycle.Id}">Về kỳ đánh giá</a></p>
            </form>
            """;
    }

    private static IResult FrozenPage(EvaluationCycle cycle, HttpContext http, IAntiforgery antiforgery) =>
        ConflictPage(cycle.Id, EvaluationsApi.FrozenProblem(cycle), http, antiforgery);

    private static IResult ConflictPage(long id, ProblemDetails? problem, HttpContext http, IAntiforgery antiforgery) =>
        Page("Không thể thay đổi", $"<h1>Không thể thay đổi kỳ đánh giá</h1><p>{E(problem?.Detail)}</p><p>Không có gì được lưu.</p><p><a href=\"/staff/evaluations/{id}\">Quay lại</a></p>",
            status: StatusCodes.Status409Conflict, header: StaffPages.StaffHeader(http, antiforgery));


    private static IResult NotFoundPage(HttpContext http, IAntiforgery antiforgery) =>
        Page("Không tìm thấy", "<h1>Không tìm thấy</h1><p>Không có kỳ đánh giá hoặc cán bộ này trong phạm vi của bạn.</p><p><a href=\"/staff/evaluations\">Về danh sách</a></p>",
            status: StatusCodes.Status404NotFound, header: StaffPages.StaffHeader(http, antiforgery));

    private static string StatusVi(EvaluationStatus status) => status switch
    {
        EvaluationStatus.Draft => "Đang chuẩn bị (cần tính)",
        EvaluationStatus.Queued => "Đang chờ tính",
        EvaluationStatus.Computing => "Đang tính",
        EvaluationStatus.Computed => "Đã tính, chờ khóa",
        _ => "Đã khóa",
    };
}
