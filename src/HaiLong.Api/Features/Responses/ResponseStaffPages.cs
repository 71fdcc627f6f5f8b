using HaiLong.Api.Components;
using System.Text;
using HaiLong.Api.Features.Accounts;
using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Responses;

/// <summary>The latest citizens' comments in the reader's jurisdiction. Comments are citizen-written: always escaped.</summary>
public static class ResponseStaffPages
{
    private static readonly string[] Readers = [Roles.WardLeader, Roles.Inspector, Roles.Administrator];

    public static IServiceCollection AddHomeLink(IServiceCollection services) =>
        services.AddStaffLink("/staff/responses", "Góp ý mới nhất của người dân", Readers);

    public static IEndpointRouteBuilder MapResponseStaffPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/staff/responses", List).ExcludeFromDescription().RequireAuthorization(p => p.RequireRole(Readers));
        return app;
    }

    private static async Task<IResult> List(HttpContext http, IAntiforgery antiforgery, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        var rows = await db.Responses.AsNoTracking()
            .Where(r => r.Comment != null && units.Any(u => u.Id == r.UnitId))
            .OrderByDescending(r => r.SubmittedAt).Take(50)
            .Select(r => new
            {
                r.SubmittedAt,
                Unit = db.Units.Where(u => u.Id == r.UnitId).Select(u => u.Name).FirstOrDefault(),
                Official = db.Officials.Where(o => o.Id == r.OfficialId).Select(o => o.FullName).FirstOrDefault(),
                Overall = r.Answers.Where(a => a.Criterion == Criteria.Overall).Select(a => a.Score).FirstOrDefault(),
                r.IsGeneralFallback,
                r.Comment,
            })
            .ToListAsync(ct);
        var s = new StringBuilder("<h1>Góp ý mới nhất của người dân</h1><div class=\"card\"><table><thead><tr><th scope=\"col\">Thời điểm</th><th scope=\"col\">Phường</th><th scope=\"col\">Cán bộ</th><th scope=\"col\">Hài lòng chung</th><th scope=\"col\">Góp ý</th></tr></thead><tbody>");
        foreach (var r in rows)
        {
            s.Append($"<tr><td>{r.SubmittedAt.ToOffset(TimeSpan.FromHours(7)):dd/MM/yyyy HH:mm}</td><td>{E(r.Unit)}</td>")
                .Append($"<td>{(r.IsGeneralFallback ? "(đánh giá chung)" : E(r.Official))}</td><td>{r.Overall?.ToString() ?? "—"}</td>")
                .Append($"<td class=\"comment\">{E(r.Comment)}</td></tr>");
        }
        s.Append("</tbody></table></div>");
        return Page("Góp ý của người dân — HaiLong", s.ToString(), header: StaffPages.StaffHeader(http, antiforgery));
    }
}
