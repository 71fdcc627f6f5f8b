namespace HaiLong.Api.Features.Registry;

/// <summary>A read-only overview of the registry for administrators; changes go through the API.</summary>
public static class RegistryPages
{
    internal static IEndpointRouteBuilder MapRegistryPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/staff/registry", Overview).RequireAuthorization(Policies.Administrator).ExcludeFromDescription();
        new RegistryUnitPages().Map(app).MapUnitImportPages();
        new RegistryAgencyPages().Map(app);
        new RegistryCounterPages().Map(app);
        return app;
    }

    private static async Task<IResult> Overview(StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var units = await (await staff.UnitsAsync(ct)).AsNoTracking().OrderBy(u => u.Path).ToListAsync(ct);
        var agencies = await (await staff.AgenciesAsync(ct)).AsNoTracking().OrderBy(a => a.Code).ToListAsync(ct);
        var officials = await (await staff.OfficialsAsync(ct)).AsNoTracking().OrderBy(o => o.StaffCode).ToListAsync(ct);
        var counters = await (await staff.ServicePointsAsync(ct)).AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct);
        var procedureCount = await db.Procedures.CountAsync(ct);

        var depthBase = units.Count == 0 ? 0 : units.Min(u => u.Path.Count(c => c == '/'));
        return new RazorComponentResult<RegistryOverviewPage>(new
        {
            Units = (IReadOnlyList<RegistryOverviewPage.UnitRow>)units
                .Select(u => new RegistryOverviewPage.UnitRow(u.Name, u.Level, u.Code, u.Path.Count(c => c == '/') - depthBase)).ToList(),
            Agencies = (IReadOnlyList<RegistryOverviewPage.AgencyRow>)agencies.Select(a => new RegistryOverviewPage.AgencyRow(a.Name, a.Code,
                officials.Where(o => o.AgencyId == a.Id)
                    .Select(o => new RegistryOverviewPage.OfficialRow(o.FullName, o.Position, o.StaffCode, o.IsLeader, o.ActiveTo)).ToList(),
                counters.Where(c => c.AgencyId == a.Id).Select(c => c.Name).ToList())).ToList(),
            ProcedureCount = procedureCount,
        });
    }
}
