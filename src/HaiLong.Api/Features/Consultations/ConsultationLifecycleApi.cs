namespace HaiLong.Api.Features.Consultations;

// Part of the Consultations capability (ConsultationsApi composes it). Built in issue 19's parallel work.
public static class ConsultationLifecycleApi
{
    public static IServiceCollection AddConsultationLifecycle(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapConsultationLifecycle(this IEndpointRouteBuilder app) => app;
}
