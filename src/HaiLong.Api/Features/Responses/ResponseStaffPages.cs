namespace HaiLong.Api.Features.Responses;

/// <summary>The latest citizens' comments in the reader's jurisdiction. Comments are citizen-written: always escaped.</summary>
public static class ResponseStaffPages
{
    private static readonly IReadOnlyList<string> Readers = [Roles.WardLeader, Roles.Inspector, Roles.Administrator];

    internal static IServiceCollection AddHomeLink(IServiceCollection services) =>
        services.AddStaffLink("/staff/responses", "Link_Responses", Readers);

    internal static IEndpointRouteBuilder MapResponseStaffPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/staff/responses", List).ExcludeFromDescription().RequireAuthorization(p => p.RequireRole(Readers));
        return app;
    }

    private static async Task<IResult> List(StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        var rows = await LatestComments.ReadAsync(db, db.Responses.Where(r => units.Any(u => u.Id == r.UnitId)), 50, ct);
        return new RazorComponentResult<ResponseCommentsPage>(new
        {
            Rows = (IReadOnlyList<ResponseCommentsPage.Row>)rows
                .Select(r => new ResponseCommentsPage.Row(r.SubmittedAt, r.UnitName, r.OfficialName, r.OverallScore, r.IsGeneralFallback, r.Comment)).ToList(),
        });
    }
}
