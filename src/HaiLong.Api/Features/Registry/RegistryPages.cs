using System.Text;
using HaiLong.Api.Features.Accounts;
using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Registry;

/// <summary>A read-only overview of the registry for administrators; changes go through the API.</summary>
public static class RegistryPages
{
    private static readonly Dictionary<UnitLevel, string> LevelNames = new()
    {
        [UnitLevel.Province] = "Tỉnh, thành phố",
        [UnitLevel.District] = "Quận, huyện (trước 7/2025)",
        [UnitLevel.Ward] = "Phường",
        [UnitLevel.Commune] = "Xã",
        [UnitLevel.Town] = "Thị trấn",
        [UnitLevel.Hamlet] = "Ấp, thôn, khóm",
        [UnitLevel.ResidentialGroup] = "Tổ dân phố, khu vực",
    };

    public static void MapRegistryPages(IEndpointRouteBuilder app) =>
        app.MapGet("/staff/registry", Overview).RequireAuthorization(Policies.Administrator).ExcludeFromDescription();

    private static async Task<IResult> Overview(HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var units = await (await staff.UnitsAsync(ct)).AsNoTracking().OrderBy(u => u.Path).ToListAsync(ct);
        var agencies = await (await staff.AgenciesAsync(ct)).AsNoTracking().OrderBy(a => a.Code).ToListAsync(ct);
        var officials = await (await staff.OfficialsAsync(ct)).AsNoTracking().OrderBy(o => o.StaffCode).ToListAsync(ct);
        var counters = await (await staff.ServicePointsAsync(ct)).AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct);
        var procedureCount = await db.Procedures.CountAsync(ct);

        var depthBase = units.Count == 0 ? 0 : units.Min(u => u.Path.Count(c => c == '/'));
        var body = new StringBuilder("<h1>Danh mục tổ chức</h1>");
        body.Append("""<div class="card"><h2>Đơn vị hành chính</h2><ul>""");
        foreach (var u in units)
        {
            var indent = (u.Path.Count(c => c == '/') - depthBase) * 1.5;
            body.Append($"""<li style="margin-left:{indent}rem">{E(u.Name)} <span class="muted">({E(LevelNames[u.Level])} · {E(u.Code)})</span></li>""");
        }
        body.Append("</ul></div>");

        body.Append("""<div class="card"><h2>Cơ quan, đơn vị và cán bộ, công chức</h2>""");
        foreach (var a in agencies)
        {
            body.Append($"""<h3>{E(a.Name)} <span class="muted">({E(a.Code)})</span></h3><ul>""");
            foreach (var o in officials.Where(o => o.AgencyId == a.Id))
            {
                var leader = o.IsLeader ? " · lãnh đạo" : "";
                var ended = o.ActiveTo is { } to ? $" · thôi công tác từ {to:dd/MM/yyyy}" : "";
                body.Append($"""<li>{E(o.FullName)} — {E(o.Position)} <span class="muted">({E(o.StaffCode)}{leader}{ended})</span></li>""");
            }
            var quays = counters.Where(c => c.AgencyId == a.Id).Select(c => E(c.Name)).ToList();
            if (quays.Count > 0) body.Append($"""<li class="muted">Quầy: {string.Join(", ", quays)}</li>""");
            body.Append("</ul>");
        }
        body.Append("</div>");
        body.Append($"""<div class="card"><p>Thủ tục hành chính trong danh mục: {procedureCount}. Thêm, sửa, nhập CSV qua API (<a href="/scalar">/scalar</a>).</p></div>""");
        return Page("Danh mục tổ chức — HaiLong", body.ToString(), header: StaffPages.StaffHeader(http, antiforgery));
    }
}
