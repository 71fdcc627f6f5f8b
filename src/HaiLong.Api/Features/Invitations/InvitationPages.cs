using HaiLong.Api.Features.Accounts;
using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Invitations;

/// <summary>
/// Staff pages for the QR: issue a transaction QR and show it as a receipt print or on the counter screen; print a counter's
/// standing A5 poster. The token exists only in the page rendered right after issuing, since only its hash is stored.
/// </summary>
public static class InvitationPages
{
    private const string PrintCss = """
        .qr{display:block;margin:0 auto;width:100%;max-width:20rem;height:auto;image-rendering:pixelated}
        .receipt{width:72mm;margin:0 auto;background:#fff;padding:2mm;font-size:12px}.receipt h1{font-size:14px;text-align:center}
        .display{min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center;background:#fff}
        .display .qr{max-width:70vmin}.display h1{font-size:2.2rem}.display p{font-size:1.4rem;margin:.3rem}
        .poster{width:148mm;min-height:200mm;margin:0 auto;background:#fff;padding:10mm;text-align:center;border:1px solid #d0d4da}
        .poster h1{font-size:26px;color:#a50e0e}.poster .qr{max-width:95mm}.poster ol{text-align:left;font-size:16px}
        .url{font-family:monospace;word-break:break-all}
        @media print{header.top,.noprint{display:none}body{background:#fff}main{padding:0;max-width:none}.poster{border:0}}
        @page{margin:5mm}
        """;

    public static IEndpointRouteBuilder MapInvitationPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/invitations").ExcludeFromDescription().RequireAuthorization(InvitationsApi.IssuePolicy);
        pages.MapGet("/", Index);
        pages.MapPost("/transaction", IssueTransaction);
        pages.MapPost("/counter", IssueCounter);
        return app;
    }

    private static async Task<IResult> Index(HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var officials = await (await staff.OfficialsAsync(ct)).AsNoTracking().Where(o => o.Agency.Kind == AgencyKind.ServiceCentre)
            .OrderBy(o => o.FullName).Select(o => new { o.Id, o.FullName, o.Position }).ToListAsync(ct);
        var points = await (await staff.ServicePointsAsync(ct)).AsNoTracking().OrderBy(s => s.Code)
            .Select(s => new { s.Id, s.Name, Agency = s.Agency.Name }).ToListAsync(ct);
        var procedures = await db.Procedures.AsNoTracking().OrderBy(p => p.Field).ThenBy(p => p.Name).Select(p => new { p.Id, p.Name, p.Field }).ToListAsync(ct);
        var tokens = antiforgery.GetAndStoreTokens(http);
        var af = $"""<input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">""";
        var body = $"""
            <h1>Mã QR khảo sát</h1>
            <div class="card"><h2>Phiếu đánh giá cho một hồ sơ đã giải quyết</h2>
            <form method="post" action="/staff/invitations/transaction">{af}
            <label for="officialId">Cán bộ, công chức tiếp nhận</label>
            <select id="officialId" name="officialId" required>{string.Join("", officials.Select(o => $"""<option value="{o.Id}">{E(o.FullName)} — {E(o.Position)}</option>"""))}</select>
            <label for="procedureId">Thủ tục hành chính</label>
            <select id="procedureId" name="procedureId" required>{string.Join("", procedures.Select(p => $"""<option value="{p.Id}">{E(p.Field)}: {E(p.Name)}</option>"""))}</select>
            <label for="dossierReference">Mã hồ sơ</label>
            <input type="text" id="dossierReference" name="dossierReference" required maxlength="64">
            <p><button type="submit" name="view" value="receipt">In trên biên nhận</button>
            <button type="submit" name="view" value="display">Hiện trên màn hình quầy</button></p>
            </form></div>
            <div class="card"><h2>Áp phích A5 cố định tại quầy</h2>
            <form method="post" action="/staff/invitations/counter">{af}
            <label for="servicePointId">Quầy</label>
            <select id="servicePointId" name="servicePointId" required>{string.Join("", points.Select(p => $"""<option value="{p.Id}">{E(p.Name)} — {E(p.Agency)}</option>"""))}</select>
            <p><button type="submit">Tạo áp phích</button></p>
            </form></div>
            """;
        return Page("Mã QR khảo sát — HaiLong", body, header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static async Task<IResult> IssueTransaction(HttpContext http, IAntiforgery antiforgery, InvitationIssuer issuer, HaiLongDbContext db,
        IConfiguration config, [FromForm] int? officialId, [FromForm] int? procedureId, [FromForm] string? dossierReference, [FromForm] string? view,
        CancellationToken ct)
    {
        var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(InvitationKind.Transaction, officialId, procedureId, dossierReference), ct);
        if (refusal is not null) return Refused(http, antiforgery, refusal);
        var i = issued!.Invitation;
        var url = InvitationsApi.SurveyUrl(http.Request, config, issued.Token);
        var facts = await db.Officials.AsNoTracking().Where(o => o.Id == i.OfficialId)
            .Select(o => new { o.FullName, o.Position, Unit = o.Agency.Unit.Name }).SingleAsync(ct);
        var procedure = await db.Procedures.AsNoTracking().Where(p => p.Id == i.ProcedureId).Select(p => p.Name).SingleAsync(ct);
        var expires = i.ExpiresAt!.Value.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm");
        var img = $"""<img class="qr" src="{QrCodes.PngDataUri(url)}" alt="Mã QR dẫn tới phiếu đánh giá {E(url)}">""";
        if (view == "display")
        {
            var display = $"""
                <div class="display"><h1>Quét mã để đánh giá mức độ hài lòng</h1>{img}
                <p>Cán bộ: <strong>{E(facts.FullName)}</strong> — {E(facts.Position)}</p><p>Thủ tục: {E(procedure)}</p>
                <p class="muted">Hồ sơ {E(i.DossierReference)} · dùng một lần · hết hạn {expires}</p>
                <p class="noprint"><a href="/staff/invitations">Phát hành mã khác</a></p></div>
                """;
            return Page("Màn hình quầy — mã QR đánh giá", display, extraCss: PrintCss);
        }
        var receipt = $"""
            <div class="receipt"><h1>Phiếu khảo sát, đánh giá mức độ hài lòng</h1>{img}
            <p>{E(facts.Unit)} · Cán bộ: {E(facts.FullName)}<br>Thủ tục: {E(procedure)}<br>Hồ sơ: {E(i.DossierReference)}</p>
            <p>Quét mã QR hoặc mở <span class="url">{E(url)}</span> để đánh giá. Mã dùng một lần, hết hạn {expires}.</p></div>
            <p class="noprint"><a href="/staff/invitations">Phát hành mã khác</a></p>
            """;
        return Page("Biên nhận — mã QR đánh giá", receipt, extraCss: PrintCss + "@page{size:80mm auto}",
            header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static async Task<IResult> IssueCounter(HttpContext http, IAntiforgery antiforgery, InvitationIssuer issuer, HaiLongDbContext db,
        IConfiguration config, [FromForm] int? servicePointId, CancellationToken ct)
    {
        var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(InvitationKind.Counter, ServicePointId: servicePointId), ct);
        if (refusal is not null) return Refused(http, antiforgery, refusal);
        var i = issued!.Invitation;
        var url = InvitationsApi.SurveyUrl(http.Request, config, issued.Token);
        var facts = await db.ServicePoints.AsNoTracking().Where(s => s.Id == i.ServicePointId)
            .Select(s => new { s.Name, Agency = s.Agency.Name, Unit = s.Agency.Unit.Name }).SingleAsync(ct);
        var poster = $"""
            <div class="poster"><p>{E(facts.Agency)}</p><h1>{E(facts.Unit)}<br>{E(facts.Name)}</h1>
            <h2>Phiếu khảo sát, đánh giá mức độ hài lòng</h2>
            <img class="qr" src="{QrCodes.PngDataUri(url)}" alt="Mã QR dẫn tới phiếu đánh giá {E(url)}">
            <ol><li>Mở camera điện thoại và hướng vào mã QR.</li><li>Chạm vào đường dẫn hiện ra.</li>
            <li>Chọn mức độ hài lòng cho từng nội dung, có thể ghi góp ý, rồi bấm «Gửi đánh giá».</li></ol>
            <p>Ý kiến của ông/bà được giữ kín danh tính và giúp chúng tôi phục vụ tốt hơn.</p>
            <p class="url">{E(url)}</p></div>
            <p class="noprint"><a href="/staff/invitations">Quay lại</a></p>
            """;
        return Page("Áp phích A5 — mã QR đánh giá tại quầy", poster, extraCss: PrintCss + "@page{size:A5 portrait}",
            header: StaffPages.StaffHeader(http, antiforgery));
    }

    private static IResult Refused(HttpContext http, IAntiforgery antiforgery, IssueRefusal refusal) =>
        Page("Không phát hành được mã QR", $"""<h1>Không phát hành được mã QR</h1><p class="error" role="alert">{E(refusal.Message)}</p><p><a href="/staff/invitations">Quay lại</a></p>""",
            status: refusal.NotFound ? 404 : 400, header: StaffPages.StaffHeader(http, antiforgery));
}
