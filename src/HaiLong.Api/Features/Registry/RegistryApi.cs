using HaiLong.Api.Features.Invitations;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The organisation registry: units, agencies, officials, counters with their shifts, and the procedures catalogue.
/// Any signed-in staff member reads within their jurisdiction; administrators write within theirs.
/// </summary>
public static class RegistryApi
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddApiTag("Registry",
            "The organisation registry: administrative units, agencies, officials, service points (counters) with their shifts, and the procedures catalogue.");
        services.AddStaffLink("/staff/registry", "Link_Registry", Roles.Administrator);
        services.AddStaffLink(RegistryUnitPages.Path, "RegistryUnits_Link", Roles.Administrator);
        services.AddStaffLink(RegistryAgencyPages.Path, "RegistryAgencies_Link", Roles.Administrator);
        services.AddStaffLink(RegistryCounterPages.Path, "RegistryCounters_Link", Roles.Administrator);
        services.AddStaffLink(RosterPages.WeekPath, "Roster_Link", RosterPages.WeekReaderRoles);
        // The counter pages admit whoever may issue QRs (their policy), so the link is shown to the same roles.
        services.AddStaffLink(RosterPages.CountersPath, "Roster_CountersLink", InvitationsApi.IssuerRoles);
        services.AddStaffLink("/staff/registry/officials", "RegistryOfficials_Link", Roles.Administrator);
        services.AddStaffLink("/staff/registry/procedures", "RegistryProcedures_Link", Roles.Administrator);
        return services;
    }

    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/units").WithTags("Registry").RequireAuthorization(Policies.Staff).MapUnits();
        app.MapGroup("/api/agencies").WithTags("Registry").RequireAuthorization(Policies.Staff).MapAgencies();
        app.MapGroup("/api/officials").WithTags("Registry").RequireAuthorization(Policies.Staff).MapOfficials();
        app.MapGroup("/api/service-points").WithTags("Registry").RequireAuthorization(Policies.Staff).MapServicePoints();
        app.MapGroup("/api/procedures").WithTags("Registry").RequireAuthorization(Policies.Staff).MapProcedures();
        app.MapRegistryPages();
        app.MapRosterPages();
        app.MapRegistryOfficialPages();
        app.MapRegistryProcedurePages();
        return app;
    }
}
