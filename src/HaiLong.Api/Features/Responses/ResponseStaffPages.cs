using HaiLong.Api.Components;
using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HaiLong.Api.Features.Responses;

/// <summary>The latest citizens' comments in the reader's jurisdiction. Comments are citizen-written: always escaped.</summary>
public static class ResponseStaffPages
{
    private static readonly string[] Readers = [Roles.WardLeader, Roles.Inspector, Roles.Administrator];

    public static IServiceCollection AddHomeLink(IServiceCollection services) =>
        services.AddStaffLink("/staff/responses", "Link_Responses", Readers);

    public static IEndpointRouteBuilder MapResponseStaffPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/staff/responses", List).ExcludeFromDescription().RequireAuthorization(p => p.RequireRole(Readers));
        return app;
    }

    private static async Task<IResult> List(StaffContext staff, HaiLongDbContext db, CancellationToken ct)
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
        return new RazorComponentResult<ResponseCommentsPage>(new
        {
            Rows = (IReadOnlyList<ResponseCommentsPage.Row>)rows
                .Select(r => new ResponseCommentsPage.Row(r.SubmittedAt, r.Unit, r.Official, r.Overall, r.IsGeneralFallback, r.Comment)).ToList(),
        });
    }
}
