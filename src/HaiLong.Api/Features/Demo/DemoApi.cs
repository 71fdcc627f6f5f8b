using HaiLong.Api.Infrastructure.Seeding;

namespace HaiLong.Api.Features.Demo;

/// <summary>
/// The demo year: activity for the demo world (<see cref="DemoWorld"/>, seeded by <see cref="Seeder"/> in Development or with
/// HaiLong:SeedDemo). It has no endpoints: everything it writes is read through the other capabilities' pages.
/// </summary>
public static class DemoApi
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<DemoYear>();
        services.AddScoped<IDemoSeed>(sp => sp.GetRequiredService<DemoYear>());
        return services;
    }
}
