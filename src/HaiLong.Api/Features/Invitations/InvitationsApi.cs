using HaiLong.Data.Configurations;
using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Invitations;

public sealed record IssueInvitationRequest(
    [property: Required] InvitationKind? Kind,
    [property: Description("Transaction: the official who served")] int? OfficialId = null,
    [property: Description("Transaction: the procedure")] int? ProcedureId = null,
    [property: MaxLength(64), Description("Transaction: the dossier reference (mã hồ sơ)")] string? DossierReference = null,
    [property: Description("Counter: the service point")] int? ServicePointId = null,
    [property: Description("Meeting: the hamlet or ward; Annual: the ward")] int? UnitId = null,
    [property: MaxLength(256), Description("Meeting: its title")] string? MeetingTitle = null,
    [property: Description("Meeting: start of the window in which the QR is valid")] DateTimeOffset? MeetingStartsAt = null,
    [property: Description("Meeting: end of that window")] DateTimeOffset? MeetingEndsAt = null,
    [property: Description("Annual: the year surveyed (default this year)")] int? Year = null,
    [property: Range(1, 90), Description("Transaction: days until the link expires (default 7)")] int? ExpiresInDays = null,
    [property: MaxLength(Limits.MeetingAgenda), Description("Meeting: its agenda, printed on the meeting's sheet")] string? MeetingAgenda = null);

public sealed record IssuedInvitationResponse(
    long Id, InvitationKind Kind, [property: Description("The survey URL printed in the QR; shown only now")] string Url, string Token,
    int SurveyVersionId, DateTimeOffset? ValidFrom, DateTimeOffset? ExpiresAt,
    [property: Description("QR as PNG, base64")] string Png, [property: Description("QR as SVG markup")] string Svg);

public sealed record InvitationResponse(long Id, InvitationKind Kind, int UnitId, int? AgencyId, int? OfficialId, int? ProcedureId, int? ServicePointId,
    long? MeetingId, string? DossierReference, int? Year, int SurveyVersionId, DateTimeOffset CreatedAt, DateTimeOffset? ValidFrom,
    DateTimeOffset? ExpiresAt, DateTimeOffset? UsedAt, DateTimeOffset? RevokedAt);

public static class InvitationsApi
{
    /// <summary>Staff who hand out QR codes at the counter, and their leaders.</summary>
    public const string IssuePolicy = "IssueInvitations";

    public static IServiceCollection AddInvitations(this IServiceCollection services)
    {
        services.AddScoped<InvitationIssuer>();
        services.AddAuthorizationBuilder()
            .AddPolicy(IssuePolicy, p => p.RequireRole(Roles.ServiceStaff, Roles.WardLeader, Roles.Administrator));
        services.AddStaffLink("/staff/invitations", "Link_Invitations", Roles.ServiceStaff, Roles.WardLeader, Roles.Administrator);
        return services;
    }

    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/invitations").WithTags("Invitations").RequireAuthorization(IssuePolicy);
        group.MapPost("/", Issue).WithName("IssueInvitation")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithName("ListInvitations");
        group.MapGet("/{id:long}", Get).WithName("GetInvitation")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/revoke", Revoke).WithName("RevokeInvitation")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapInvitationPages();
        return app;
    }

    public static string SurveyUrl(HttpRequest request, IConfiguration config, string token) =>
        (config["HaiLong:PublicBaseUrl"] is { Length: > 0 } baseUrl ? baseUrl.TrimEnd('/') : $"{request.Scheme}://{request.Host}")
        + InvitationTokens.SurveyPath(token);

    /// <summary>Issue a survey QR (transaction, counter, meeting or annual)</summary>
    /// <remarks>
    /// Service staff, ward leaders and administrators. Issues a single-use survey link and returns its URL, token and QR (PNG
    /// and SVG); what a kind needs: Transaction an official, a procedure and a dossier; Counter a service point; Meeting a
    /// hamlet, title and times; Annual a ward and year. Refuses a missing or inconsistent field for the kind (400) and an
    /// official, procedure, counter or unit that is unknown or outside the caller's jurisdiction (404).
    /// </remarks>
    public static async Task<Results<Created<IssuedInvitationResponse>, ValidationProblem, ProblemHttpResult>> Issue(
        IssueInvitationRequest request, InvitationIssuer issuer, HttpRequest http, IConfiguration config, CancellationToken ct)
    {
        var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(request.Kind!.Value, request.OfficialId, request.ProcedureId, request.DossierReference,
            request.ServicePointId, request.UnitId, request.MeetingTitle, request.MeetingStartsAt, request.MeetingEndsAt, request.Year,
            request.ExpiresInDays, request.MeetingAgenda), ct);
        if (refusal is not null)
        {
            return refusal.NotFound
                ? TypedResults.Problem(new ProblemDetails { Status = 404, Title = "Not found", Detail = refusal.Message })
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] });
        }
        var i = issued!.Invitation;
        var url = SurveyUrl(http, config, issued.Token);
        return TypedResults.Created($"/api/invitations/{i.Id}", new IssuedInvitationResponse(i.Id, i.Kind, url, issued.Token,
            i.SurveyVersionId, i.ValidFrom, i.ExpiresAt, Convert.ToBase64String(QrCodes.Png(url)), QrCodes.Svg(url)));
    }

    /// <summary>Latest invitations in the caller's jurisdiction</summary>
    /// <remarks>
    /// Service staff, ward leaders and administrators. Lists the latest 200 invitations of units in the caller's jurisdiction,
    /// newest first, optionally of one `kind`; tokens are never returned.
    /// </remarks>
    public static async Task<Ok<InvitationResponse[]>> List(StaffContext staff, HaiLongDbContext db,
        [AllowedValues(nameof(InvitationKind.Transaction), nameof(InvitationKind.Counter), nameof(InvitationKind.Meeting), nameof(InvitationKind.Annual), null),
            Description("Only invitations of this kind")] string? kind, CancellationToken ct)
    {
        var query = await InJurisdictionAsync(staff, db, ct);
        if (Enum.TryParse<InvitationKind>(kind, ignoreCase: true, out var k)) query = query.Where(i => i.Kind == k);
        var rows = await query.AsNoTracking().OrderByDescending(i => i.Id).Take(200).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToResponse).ToArray());
    }

    /// <summary>One invitation (never its token)</summary>
    /// <remarks>
    /// Service staff, ward leaders and administrators. Reads one invitation with its state (used, revoked, expiry) but never
    /// its token; one outside the caller's jurisdiction answers 404.
    /// </remarks>
    public static async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> Get(long id, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var invitation = await (await InJurisdictionAsync(staff, db, ct)).AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        return invitation is null ? TypedResults.Problem(Problems.NotFound("invitation", id)) : TypedResults.Ok(ToResponse(invitation));
    }

    /// <summary>Revoke an invitation; its link stops working</summary>
    /// <remarks>
    /// Service staff, ward leaders and administrators. Marks the invitation revoked, so its link answers the citizen that it no
    /// longer works. Refuses one outside the caller's jurisdiction (404) and one already revoked (409).
    /// </remarks>
    public static async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> Revoke(
        long id, StaffContext staff, HaiLongDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var invitation = await (await InJurisdictionAsync(staff, db, ct)).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (invitation is null) return TypedResults.Problem(Problems.NotFound("invitation", id));
        if (invitation.RevokedAt is not null) return TypedResults.Problem(Problems.Conflict($"Invitation {id} is already revoked."));
        invitation.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(invitation));
    }

    private static async Task<IQueryable<Invitation>> InJurisdictionAsync(StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var path = await staff.JurisdictionPathAsync(ct) ?? "\0";
        return db.Invitations.Where(i => i.Unit.Path.StartsWith(path));
    }

    private static InvitationResponse ToResponse(Invitation i) => new(i.Id, i.Kind, i.UnitId, i.AgencyId, i.OfficialId, i.ProcedureId,
        i.ServicePointId, i.MeetingId, i.DossierReference, i.Year, i.SurveyVersionId, i.CreatedAt, i.ValidFrom, i.ExpiresAt, i.UsedAt, i.RevokedAt);
}
