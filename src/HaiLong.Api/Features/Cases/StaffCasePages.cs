using HaiLong.Api.Features.Accounts;
using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Configurations;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Cases;

/// <summary>The inspection board's pages: the queue with review items, a case with its actions and history, and notifications.</summary>
public static class StaffCasePages
{
    private const string Css = """
        .overdue{color:#b3261e;font-weight:700}form.inline{display:inline}.actions form{margin:.5rem 0;padding:.5rem;border-top:1px solid #e5e7eb}
        .pre{white-space:pre-wrap}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
        main{max-width:64rem}
        """;

    public static IEndpointRouteBuilder MapStaffCasePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/cases").ExcludeFromDescription().RequireAuthorization(CasesApi.CaseReaders);
        pages.MapGet("/", Queue);
        pages.MapGet("/notifications", Notifications);
        pages.MapGet("/{id:long}", Detail);
        pages.MapPost("/{id:long}/transitions", Transition);
        pages.MapPost("/review-items/{id:long}/reviewed", Reviewed);
        pages.MapPost("/review-items/{id:long}/case", OpenCase);
        pages.MapGet("/boards", Boards).RequireAuthorization(p => p.RequireRole(Roles.WardLeader, Roles.Administrator));
        pages.MapPost("/boards/{unitId:int}", SaveBoard).RequireAuthorization(p => p.RequireRole(Roles.WardLeader, Roles.Administrator));
        return app;
    }

    // The filter form sends "" for "Tất cả": parsed here, so an empty choice means no filter rather than a 400.
    private static async Task<IResult> Queue(HttpContext http, IAntiforgery antiforgery, CaseQueries queries, CaseAccess access,
        [FromQuery(Name = "status")] string? statusText, [FromQuery(Name = "type")] string? typeText,
        [FromQuery(Name = "overdue")] string? overdueText, [FromQuery(Name = "mine")] string? mineText, CancellationToken ct)
    {
        CaseStatus? status = Enum.TryParse<CaseStatus>(statusText, out var s) ? s : null;
        CaseType? type = Enum.TryParse<CaseType>(typeText, out var t) ? t : null;
        bool? overdue = overdueText == "true" ? true : null;
        bool? mine = mineText == "true" ? true : null;
        var cases = await queries.QueueAsync(new QueueFilter(status, type, overdue, null, mine), ct);
        var reviewItems = await (await access.ReviewItemsAsync(ct)).AsNoTracking().Where(r => r.ReviewedAt == null)
            .OrderBy(r => r.CreatedAt).Take(100).ToListAsync(ct);
        var tokens = antiforgery.GetAndStoreTokens(http);
        string Sel<T>(string name, T? current, IEnumerable<T> values, Func<T, string> label) where T : struct, Enum =>
            $"""<select name="{name}" id="{name}"><option value="">Tất cả</option>{string.Join("", values.Select(v =>
                $"""<option value="{v}"{(current is { } c && c.Equals(v) ? " selected" : "")}>{label(v)}</option>"""))}</select>""";
        var rows = cases.Select(c => $"""
            <tr data-code="{E(c.TrackingCode)}"><td><a href="/staff/cases/{c.Id}">{E(c.TrackingCode)}</a></td><td>{CaseLabels.Type(c.Type)}</td>
            <td>{CaseLabels.Status(c.Status)}</td><td>{E(c.UnitName)}</td><td>{E(c.SubjectName ?? "—")}</td><td>{CaseLabels.Date(c.FiledAt)}</td>
            <td{(c.Overdue ? " class=\"overdue\"" : "")}>{CaseLabels.Date(c.DueOn)}{(c.Overdue ? " (quá hạn)" : "")}</td><td>{E(c.AssigneeName ?? "—")}</td></tr>
            """);
        var items = reviewItems.Select(r => $"""
            <tr><td>{(r.Kind == ReviewItemKind.LowScoreComment ? "Góp ý điểm thấp" : "Cảnh báo điểm thấp")}</td><td class="pre">{E(r.Summary)}</td>
            <td>{CaseLabels.Date(r.CreatedAt)}</td><td>
            <form method="post" action="/staff/cases/review-items/{r.Id}/reviewed" class="inline">
            <input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}"><button type="submit">Đã xem xét</button></form>
            <form method="post" action="/staff/cases/review-items/{r.Id}/case" class="inline">
            <input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">
            <select name="type" aria-label="Loại đơn"><option value="Reflection">Phản ánh</option><option value="Petition">Kiến nghị</option></select>
            <button type="submit">Mở đơn</button></form></td></tr>
            """);
        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a> › Đơn</nav>
            <h1>Đơn kiến nghị, phản ánh, khiếu nại, tố cáo</h1>
            <form method="get" action="/staff/cases" class="card">
            <label for="status">Trạng thái</label>{Sel("status", status, Enum.GetValues<CaseStatus>(), CaseLabels.Status)}
            <label for="type">Loại đơn</label>{Sel("type", type, Enum.GetValues<CaseType>(), CaseLabels.Type)}
            <label><input type="checkbox" name="overdue" value="true"{(overdue == true ? " checked" : "")}> Chỉ đơn quá hạn</label>
            <label><input type="checkbox" name="mine" value="true"{(mine == true ? " checked" : "")}> Chỉ đơn được phân công cho tôi</label>
            <p><button type="submit">Lọc</button> <a href="/staff/cases/notifications">Thông báo</a></p></form>
            <div class="card"><table id="cases"><thead><tr><th>Mã tra cứu</th><th>Loại</th><th>Trạng thái</th><th>Đơn vị</th><th>Đối tượng</th>
            <th>Ngày gửi</th><th>Hạn</th><th>Người xử lý</th></tr></thead><tbody>{string.Join("", rows)}</tbody></table>
            {(cases.Length == 0 ? "<p class=\"muted\">Không có đơn nào.</p>" : "")}</div>
            <h2>Góp ý và cảnh báo điểm thấp chờ xem xét</h2>
            <div class="card"><table id="review-items"><tbody>{string.Join("", items)}</tbody></table>
            {(reviewItems.Count == 0 ? "<p class=\"muted\">Không có mục nào.</p>" : "")}</div>
            """;
        return Page("Đơn — HaiLong", body, extraCss: Css, header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static async Task<IResult> Detail(HttpContext http, long id, IAntiforgery antiforgery, CaseQueries queries, HaiLongDbContext db,
        CancellationToken ct) => await DetailPageAsync(http, id, antiforgery, queries, db, null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> DetailPageAsync(HttpContext http, long id, IAntiforgery antiforgery, CaseQueries queries, HaiLongDbContext db,
        string? error, int status, CancellationToken ct)
    {
        var c = await queries.DetailAsync(id, ct);
        if (c is null)
        {
            var e = CaseError.NotFound(id);
            return Page(e.Title, $"""<h1>Không tìm thấy</h1><p class="error">{E(e.Detail)}</p>""", status: 404, header: StaffPages.StaffHeader(http, antiforgery));
        }
        var tokens = antiforgery.GetAndStoreTokens(http);
        var af = $"""<input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">""";
        var contact = "";
        if (c.CallerIsHandler)
        {
            // Shown only to the handlers, and the view is audited like the API read.
            var (x, _) = await queries.ContactAsync(id, ct);
            contact = x is { PurgedAt: not null } ? "<p class=\"muted\">Thông tin liên hệ đã được xóa theo thời hạn lưu trữ.</p>"
                : x is { Name: null, Phone: null, Email: null, Address: null } ? "<p class=\"muted\">Người gửi ẩn danh.</p>"
                : $"""<dl id="contact"><dt>Họ tên</dt><dd>{E(x!.Name)}</dd><dt>Điện thoại</dt><dd>{E(x.Phone)}</dd><dt>Email</dt><dd>{E(x.Email)}</dd><dt>Địa chỉ</dt><dd>{E(x.Address)}</dd></dl>""";
            contact = $"<h2>Người gửi</h2><div class=\"card\">{contact}</div>";
        }
        var members = await db.InspectionBoardMembers.AsNoTracking().Where(m => m.Board.UnitId == c.UnitId)
            .Select(m => new { m.UserId, m.User.FullName }).OrderBy(m => m.FullName).ToListAsync(ct);
        string Form(string action, string button, string fields = "") => $"""
            <form method="post" action="/staff/cases/{c.Id}/transitions">{af}<input type="hidden" name="action" value="{action}">{fields}
            <button type="submit" name="do" value="{action}">{button}</button></form>
            """;
        var actions = new List<string>();
        if (c.CallerIsHandler)
        {
            switch (c.Status)
            {
                case CaseStatus.Received:
                    actions.Add(Form("accept", "Thụ lý", """<label><input type="checkbox" name="complex" value="true"> Vụ việc phức tạp</label>"""));
                    actions.Add(Form("reject", "Không thụ lý", """<label for="reject-note">Lý do không thụ lý</label><textarea id="reject-note" name="note" rows="2" required></textarea>"""));
                    break;
                case CaseStatus.Accepted or CaseStatus.Assigned or CaseStatus.InProgress:
                    var options = string.Join("", members.Select(m => $"""<option value="{m.UserId}"{(m.UserId == c.AssigneeId ? " selected" : "")}>{E(m.FullName)}</option>"""));
                    actions.Add(Form("assign", "Phân công", $"""<label for="assignee">Người xử lý</label><select id="assignee" name="assigneeId">{options}</select>"""));
                    if (c.Status == CaseStatus.Assigned) actions.Add(Form("start", "Bắt đầu xử lý"));
                    if (c.Status is CaseStatus.Assigned or CaseStatus.InProgress)
                    {
                        actions.Add(Form("answer", "Trả lời", $"""
                            <label for="answer">Nội dung trả lời</label><textarea id="answer" name="answer" rows="5" maxlength="{CaseLimits.Answer}" required></textarea>
                            <label><input type="checkbox" name="publish" value="true" checked> Công khai cho người gửi tra cứu</label>
                            """));
                    }
                    break;
                case CaseStatus.Answered:
                    actions.Add(Form("close", "Kết thúc"));
                    actions.Add(Form("reopen", "Mở lại", """<label for="reopen-note">Lý do mở lại</label><textarea id="reopen-note" name="note" rows="2" required></textarea>"""));
                    break;
                case CaseStatus.Closed:
                    actions.Add(Form("reopen", "Mở lại", """<label for="reopen-note">Lý do mở lại</label><textarea id="reopen-note" name="note" rows="2" required></textarea>"""));
                    break;
            }
        }
        var events = c.Events.Select(e => $"""
            <tr><td>{CaseLabels.Date(e.At)}</td><td>{E(e.ActorName ?? (e.ActorId is null ? "Người gửi / hệ thống" : ""))}</td><td>{E(e.Action)}</td>
            <td>{CaseLabels.Status(e.ToStatus)}</td><td class="pre">{E(e.Note)}</td></tr>
            """);
        var files = c.Attachments.Select(a => c.CallerIsHandler
            ? $"""<li><a href="/api/cases/{c.Id}/attachments/{a.Id}">{E(a.FileName)}</a> ({E(a.ContentType)}, {a.Length / 1024.0:0.#} KB)</li>"""
            : $"""<li>{E(a.FileName)} ({E(a.ContentType)})</li>""");
        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a> › <a href="/staff/cases">Đơn</a> › {E(c.TrackingCode)}</nav>
            <h1>{CaseLabels.Type(c.Type)} {E(c.TrackingCode)}</h1>
            {(error is null ? "" : $"""<p class="error" role="alert" id="error">{E(error)}</p>""")}
            <div class="card"><dl>
            <dt>Trạng thái</dt><dd id="status">{CaseLabels.Status(c.Status)}</dd>
            <dt>Đơn vị</dt><dd>{E(c.UnitName)}</dd><dt>Đối tượng</dt><dd>{E(c.SubjectName ?? "Đơn vị (chung)")}</dd>
            <dt>Ngày gửi</dt><dd>{CaseLabels.Date(c.FiledAt)}</dd>
            <dt>Hạn thụ lý</dt><dd>{CaseLabels.Date(c.AcceptDueOn)}</dd>
            <dt>Hạn trả lời</dt><dd{(c.Overdue ? " class=\"overdue\"" : "")}>{CaseLabels.Date(c.AnswerDueOn)}{(c.Overdue ? " (quá hạn)" : "")}</dd>
            <dt>Người xử lý</dt><dd id="assignee-name">{E(c.AssigneeName ?? "—")}</dd>
            </dl><h2>Nội dung</h2><p class="pre" id="content">{E(c.Content)}</p>
            {(c.Attachments.Length == 0 ? "" : $"<h2>Tệp đính kèm</h2><ul>{string.Join("", files)}</ul>")}
            {(c.Answer is null ? "" : $"""<h2>Trả lời</h2><p class="pre">{E(c.Answer)}</p>""")}
            {(c.RejectionReason is null ? "" : $"""<h2>Lý do không thụ lý</h2><p class="pre">{E(c.RejectionReason)}</p>""")}
            </div>
            {contact}
            {(actions.Count == 0 ? "" : $"<h2>Xử lý</h2><div class=\"card actions\">{string.Join("", actions)}</div>")}
            <h2>Lịch sử</h2><div class="card"><table id="events"><thead><tr><th>Thời gian</th><th>Người thực hiện</th><th>Thao tác</th><th>Trạng thái</th><th>Ghi chú</th></tr></thead>
            <tbody>{string.Join("", events)}</tbody></table></div>
            """;
        return Page($"{CaseLabels.Type(c.Type)} {c.TrackingCode} — HaiLong", body, status: status, extraCss: Css, header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static async Task<IResult> Transition(HttpContext http, long id, [FromForm] string? action, [FromForm] string? note,
        [FromForm] Guid? assigneeId, [FromForm] bool? complex, [FromForm] string? answer, [FromForm] bool? publish,
        CaseWorkflow workflow, IAntiforgery antiforgery, CaseQueries queries, HaiLongDbContext db, CancellationToken ct)
    {
        if (!Enum.TryParse<CaseAction>(action, true, out var caseAction) || !Enum.IsDefined(caseAction))
        {
            return await DetailPageAsync(http, id, antiforgery, queries, db, "Thao tác không hợp lệ.", StatusCodes.Status400BadRequest, ct);
        }
        var (_, error) = await workflow.ApplyAsync(id, new TransitionCommand(caseAction, note, assigneeId, complex ?? false, answer, publish ?? false), ct);
        if (error is not null) return await DetailPageAsync(http, id, antiforgery, queries, db, error.Detail, error.Status, ct);
        return Results.Redirect($"/staff/cases/{id}");
    }

    private static async Task<IResult> Reviewed(long id, CaseQueries queries, CancellationToken ct)
    {
        var (_, error) = await queries.MarkReviewedAsync(id, null, ct);
        return error is null ? Results.Redirect("/staff/cases") : Results.Problem(statusCode: error.Status, title: error.Title, detail: error.Detail);
    }

    private static async Task<IResult> OpenCase(long id, [FromForm] string? type, CaseQueries queries, CancellationToken ct)
    {
        var (caseId, error) = await queries.OpenFromReviewItemAsync(id, type ?? "", null, ct);
        return error is null ? Results.Redirect($"/staff/cases/{caseId}") : Results.Problem(statusCode: error.Status, title: error.Title, detail: error.Detail);
    }

    private static async Task<IResult> Notifications(HttpContext http, IAntiforgery antiforgery, CaseQueries queries, CancellationToken ct)
    {
        var list = await queries.NotificationsAsync(ct);
        var items = list.Select(n => $"""
            <div class="card notification" data-kind="{n.Kind}"><strong>{E(n.Title)}</strong> <span class="muted">{CaseLabels.Date(n.CreatedAt)}</span>
            <p>{E(n.Body)}</p>{(n.CaseId is { } cid ? $"""<p><a href="/staff/cases/{cid}">Xem hồ sơ</a></p>""" : "")}</div>
            """);
        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a> › <a href="/staff/cases">Đơn</a> › Thông báo</nav>
            <h1>Thông báo hạn giải quyết và tổng hợp tuần</h1>
            {(list.Length == 0 ? "<p class=\"muted\">Chưa có thông báo.</p>" : string.Join("", items))}
            """;
        return Page("Thông báo — HaiLong", body, extraCss: Css, header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static readonly UnitLevel[] BoardLevels = [UnitLevel.Ward, UnitLevel.Commune, UnitLevel.Town];

    /// <summary>Each ward's board in the caller's jurisdiction, with the inspectors who may sit on it.</summary>
    private static Task<IResult> Boards(HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db, CancellationToken ct) =>
        BoardsPageAsync(http, antiforgery, staff, db, null, ct);

    private static async Task<IResult> BoardsPageAsync(HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db,
        string? error, CancellationToken ct)
    {
        var units = await (await staff.UnitsAsync(ct)).AsNoTracking().Where(u => BoardLevels.Contains(u.Level)).OrderBy(u => u.Name).ToListAsync(ct);
        var inspectorRole = await db.Roles.Where(r => r.Name == Roles.Inspector).Select(r => r.Id).SingleAsync(ct);
        var inspectors = await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == inspectorRole))
            .Select(u => new { u.Id, u.FullName, u.UserName, Path = u.JurisdictionUnit == null ? "/" : u.JurisdictionUnit.Path })
            .OrderBy(u => u.FullName).ToListAsync(ct);
        var tokens = antiforgery.GetAndStoreTokens(http);
        var cards = new List<string>();
        foreach (var unit in units)
        {
            var board = await CaseQueries.BoardAsync(db, unit.Id, ct);
            var boxes = inspectors.Where(i => unit.Path.StartsWith(i.Path)).Select(i => $"""
                <label><input type="checkbox" name="memberIds" value="{i.Id}"{(board?.Members.Any(m => m.UserId == i.Id) == true ? " checked" : "")}> {E(i.FullName)} ({E(i.UserName)})</label>
                """);
            cards.Add($"""
                <form method="post" action="/staff/cases/boards/{unit.Id}" class="card">
                <input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">
                <h2>{E(unit.Name)}</h2>
                <label for="name-{unit.Id}">Tên Ban</label>
                <input type="text" id="name-{unit.Id}" name="name" maxlength="256" required value="{E(board?.Name ?? $"Ban Thanh tra nhân dân {unit.Name.ToLowerInvariant()}")}">
                <fieldset><legend>Thành viên (tài khoản có vai trò thanh tra)</legend>{string.Join("", boxes)}</fieldset>
                <p><button type="submit">Lưu</button></p></form>
                """);
        }
        var body = $"""
            <nav class="crumbs"><a href="/staff">Trang chính</a> › <a href="/staff/cases">Đơn</a> › Ban Thanh tra nhân dân</nav>
            <h1>Ban Thanh tra nhân dân</h1>
            {(error is null ? "" : $"""<p class="error" role="alert">{E(error)}</p>""")}
            {string.Join("", cards)}
            """;
        return Page("Ban Thanh tra nhân dân — HaiLong", body, status: error is null ? 200 : 422, extraCss: Css, header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static async Task<IResult> SaveBoard(HttpContext http, int unitId, [FromForm] string? name, [FromForm] Guid[]? memberIds,
        CaseQueries queries, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name)) return await BoardsPageAsync(http, antiforgery, staff, db, "Vui lòng nhập tên Ban.", ct);
        var (_, error) = await queries.PutBoardAsync(unitId, new BoardRequest(name, memberIds ?? []), ct);
        if (error is { Status: StatusCodes.Status404NotFound })
        {
            return Results.Problem(statusCode: error.Status, title: error.Title, detail: error.Detail);
        }
        if (error is not null) return await BoardsPageAsync(http, antiforgery, staff, db, error.Detail, ct);
        return Results.Redirect("/staff/cases/boards");
    }
}
