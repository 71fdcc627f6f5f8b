namespace HaiLong.Api.Features.Consultations;

// Part of the Consultations capability (ConsultationsApi composes it). Built in issue 19's parallel work.
public static class HouseholdsApi
{
    public static IServiceCollection AddHouseholdRegister(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapHouseholdRegister(this IEndpointRouteBuilder app) => app;
}
