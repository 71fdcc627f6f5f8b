using HaiLong.Api.Features.Registry;

namespace HaiLong.Api.Features.Home;

/// <summary>The landing page at <c>/</c>: the citizen's ways in (file, look up, published results per ward) and staff sign-in.</summary>
public static class HomePages
{
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Landing).AllowAnonymous().ExcludeFromDescription().WithCitizenLanguage();
        return app;
    }

    private static async Task<RazorComponentResult<LandingPage>> Landing(HaiLongDbContext db, CancellationToken ct)
    {
        var wards = await db.Units.AsNoTracking()
            .Where(UnitLevels.IsGrassrootsUnit)
            .OrderBy(u => u.Name).Take(200)
            .Select(u => new LandingPage.Ward(u.Code, u.Name)).ToListAsync(ct);
        return new RazorComponentResult<LandingPage>(new { Wards = (IReadOnlyList<LandingPage.Ward>)wards });
    }
}
