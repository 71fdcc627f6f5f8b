using System.Text;
using Hangfire;
using HaiLong.Api.Features.Accounts;
using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using static HaiLong.Api.Infrastructure.Html;

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
            """;
        var html = Document($"Đánh giá năm {s.Year} — HaiLong", body, extraCss: "main{max-width:72rem}", header: StaffPages.StaffHeader(http, antiforgery));
        // No script needed: the browser reloads the page itself while the job runs.
        if (running) html = html.Replace("<head>", "<head>\n<meta http-equiv=\"refresh\" content=\"3\">");
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
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
        return Results.Content(EvaluationExports.PersonSheet(s, result), "text/html; charset=utf-8", Encoding.UTF8);
    }

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
