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

public sealed record IssueAnnualSampleRequest(
    [property: Required, Description("The ward, commune or town whose yearly survey the slips are for")] int? UnitId,
    [property: Required, Range(1, InvitationIssuer.MaxSampleBatch),
        Description("How many slips: one per sampled household or participant")] int? Count,
    [property: Description("The year surveyed (default this year)")] int? Year = null);

public sealed record AnnualSampleSlip(
    long Id,
    [property: Description("The code printed on the slip (ABCD-EFGH-JKMN); without its dashes it is the link's token; shown only now")]
    string Code,
    [property: Description("The survey URL printed in the slip's QR; shown only now")] string Url);

public sealed record IssuedAnnualSampleResponse(int UnitId, int Year, int SurveyVersionId,
    [property: Description("When the slips stop taking answers (the end of January after the year)")] DateTimeOffset ExpiresAt,
    AnnualSampleSlip[] Slips);

public sealed record InvitationResponse(long Id, InvitationKind Kind, int UnitId, int? AgencyId, int? OfficialId, int? ProcedureId, int? ServicePointId,
    long? MeetingId, string? DossierReference, int? Year, int SurveyVersionId, DateTimeOffset CreatedAt, DateTimeOffset? ValidFrom,
    DateTimeOffset? ExpiresAt, DateTimeOffset? UsedAt, DateTimeOffset? RevokedAt);

public static class InvitationsApi
{
    /// <summary>Staff who hand out QR codes at the counter, and their leaders.</summary>
    public const string IssuePolicy = "IssueInvitations";

    public static readonly IReadOnlyList<string> IssuerRoles = [Roles.ServiceStaff, Roles.WardLeader, Roles.Administrator];

    public static IServiceCollection AddInvitations(this IServiceCollection services)
    {
        services.AddScoped<InvitationIssuer>();
        services.AddAuthorizationBuilder().AddPolicy(IssuePolicy, p => p.RequireRole(IssuerRoles));
        services.AddStaffLink("/staff/invitations", "Link_Invitations", IssuerRoles);
        return services;
    }

    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/invitations").WithTags("Invitations").RequireAuthorization(IssuePolicy);
        group.MapPost("/", Issue).WithName("IssueInvitation")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/annual-sample", IssueAnnualSample).WithName("IssueAnnualSample")
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
        PublicUrl(request, config, InvitationTokens.SurveyPath(token));

    /// <summary>A citizen path as printed on paper: under the configured public address, else the requesting host.</summary>
    public static string PublicUrl(HttpRequest request, IConfiguration config, string path) =>
        (config["HaiLong:PublicBaseUrl"] is { Length: > 0 } baseUrl ? baseUrl.TrimEnd('/') : $"{request.Scheme}://{request.Host}") + path;

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
        if (refusal is not null) return Refused<IssuedInvitationResponse>(refusal);
        var i = issued!.Invitation;
        var url = SurveyUrl(http, config, issued.Token);
        var (png, svg) = QrCodes.PngAndSvg(url);
        return TypedResults.Created($"/api/invitations/{i.Id}", new IssuedInvitationResponse(i.Id, i.Kind, url, issued.Token,
            i.SurveyVersionId, i.ValidFrom, i.ExpiresAt, Convert.ToBase64String(png), svg));
    }

    /// <summary>Issue a batch of single-use yearly-survey slips (a sample, not a poster)</summary>
    /// <remarks>
    /// Service staff, ward leaders and administrators. Issues `count` (1 to 10000) single-use invitations of kind AnnualSample for
    /// a ward's yearly survey, one per sampled household or participant: each answers the same survey as the open yearly QR,
    /// once. Returns each slip's short code and URL, which exist only in this response (only their hashes are stored).
    /// Refuses a count outside 1 to 10000, a missing ward, a unit that is not a ward and a year other than last, this or next (400),
    /// and a unit outside the caller's jurisdiction (404).
    /// </remarks>
    public static async Task<Results<Created<IssuedAnnualSampleResponse>, ValidationProblem, ProblemHttpResult>> IssueAnnualSample(
        IssueAnnualSampleRequest request, InvitationIssuer issuer, HttpRequest http, IConfiguration config, CancellationToken ct)
    {
        var (batch, refusal) = await issuer.IssueAnnualSampleAsync(request.UnitId, request.Year, request.Count, ct);
        if (refusal is not null) return Refused<IssuedAnnualSampleResponse>(refusal);
        var slips = batch!.Slips.Select(s => new AnnualSampleSlip(s.Invitation.Id, ShortCodes.Grouped(s.Token), SurveyUrl(http, config, s.Token)));
        return TypedResults.Created($"/api/invitations?kind={nameof(InvitationKind.AnnualSample)}",
            new IssuedAnnualSampleResponse(batch.UnitId, batch.Year, batch.SurveyVersionId, batch.ExpiresAt, slips.ToArray()));
    }

    /// <summary>The issuer's refusal as the API answers it: 404 outside the jurisdiction, else 400 naming the field.</summary>
    private static Results<Created<T>, ValidationProblem, ProblemHttpResult> Refused<T>(IssueRefusal refusal)
    {
        if (refusal.NotFound) return TypedResults.Problem(new ProblemDetails { Status = 404, Title = "Not found", Detail = refusal.Message });
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] });
    }

    /// <summary>Latest invitations in the caller's jurisdiction</summary>
    /// <remarks>
    /// Service staff, ward leaders and administrators. Lists the latest 200 invitations of units in the caller's jurisdiction,
    /// newest first, optionally of one `kind`; tokens are never returned.
    /// </remarks>
    public static async Task<Ok<InvitationResponse[]>> List(StaffContext staff, HaiLongDbContext db,
        [AllowedValues(nameof(InvitationKind.Transaction), nameof(InvitationKind.Counter), nameof(InvitationKind.Meeting), nameof(InvitationKind.Annual),
            nameof(InvitationKind.AnnualSample), null), Description("Only invitations of this kind")] string? kind, CancellationToken ct)
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
