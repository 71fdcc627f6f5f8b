namespace HaiLong.Api.Features.Consultations;

// Part of the Consultations capability (ConsultationsApi composes it). Built in issue 19's parallel work.
public static class ConventionsApi
{
    public static IServiceCollection AddConventions(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapConventions(this IEndpointRouteBuilder app) => app;
}
