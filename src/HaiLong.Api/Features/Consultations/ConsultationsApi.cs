namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// Hamlet consultations (issue 19, docs/consultations.md): the household register of each hamlet, consultations from draft
/// to certified result, one household one vote across the meeting, paper ballots and online voting, and the community
/// conventions register. One capability in four parts, each with its own Add/Map below, composed here.
/// </summary>
public static class ConsultationsApi
{
    public const string HouseholdsTag = "Households";
    public const string ConsultationsTag = "Consultations";
    public const string ConventionsTag = "Conventions";

    /// <summary>
    /// Who works on a hamlet's matters — its household register, its consultations and their votes, its conventions register:
    /// the hamlet head for their hamlet, ward leaders and service staff for the ward's hamlets, administrators. Which hamlets
    /// each reaches is their jurisdiction. Every part's policy and staff link use this one list.
    /// </summary>
    public static readonly IReadOnlyList<string> StaffRoles = [Roles.HamletHead, Roles.WardLeader, Roles.ServiceStaff, Roles.Administrator];

    public static IServiceCollection AddConsultations(this IServiceCollection services)
    {
        services.AddApiTag(HouseholdsTag,
            "The household register of each hamlet or residential group: imported from the residence records, kept current, audited.");
        services.AddApiTag(ConsultationsTag,
            "Consultations of a hamlet's households: draft, open, vote (meeting, paper ballots, online; one household one vote), "
            + "close, certify, results and minutes.");
        services.AddApiTag(ConventionsTag,
            "Community conventions (hương ước, quy ước): versions, approval decisions and yearly reviews.");
        services.AddSingleton<HouseholdBallotCodes>();
        services.AddHouseholdRegister();
        services.AddConsultationLifecycle();
        services.AddConsultationVoting();
        services.AddConventions();
        return services;
    }

    public static IEndpointRouteBuilder MapConsultations(this IEndpointRouteBuilder app)
    {
        app.MapHouseholdRegister();
        app.MapConsultationLifecycle();
        app.MapConsultationVoting();
        app.MapConventions();
        return app;
    }
}
