namespace HaiLong.Api.Features.Consultations;

// Part of the Consultations capability (ConsultationsApi composes it). Built in issue 19's parallel work.
public static class ConsultationVotingApi
{
    public static IServiceCollection AddConsultationVoting(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapConsultationVoting(this IEndpointRouteBuilder app) => app;
}
