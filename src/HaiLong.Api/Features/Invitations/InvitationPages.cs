using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Invitations;

/// <summary>What a printed or displayed transaction QR says about itself.</summary>
public sealed record IssuedQr(string Url, string Unit, string OfficialName, string Position, string Procedure, string? Dossier, string Expires);

/// <summary>
/// Staff pages for the QR: issue a transaction QR and show it as a receipt print or on the counter screen; print a counter's
/// standing A5 poster. The token exists only in the page rendered right after issuing, since only its hash is stored.
/// </summary>
public static class InvitationPages
{
    internal static IEndpointRouteBuilder MapInvitationPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/invitations").ExcludeFromDescription().RequireAuthorization(InvitationsApi.IssuePolicy);
        pages.MapGet("/", Index);
        pages.MapPost("/transaction", IssueTransaction);
        pages.MapPost("/counter", IssueCounter);
        return app;
    }

    private sealed record FormState(int? OfficialId = null, int? ProcedureId = null, string? DossierReference = null, int? ServicePointId = null);

    private static Task<IResult> Index(StaffContext staff, HaiLongDbContext db, CancellationToken ct) =>
        FormPageAsync(staff, db, new FormState(), new Dictionary<string, string>(), StatusCodes.Status200OK, ct);

    private static async Task<IResult> FormPageAsync(StaffContext staff, HaiLongDbContext db, FormState state,
        IReadOnlyDictionary<string, string> errors, int status, CancellationToken ct)
    {
        var officials = await (await staff.OfficialsAsync(ct)).AsNoTracking().Where(o => o.Agency.Kind == AgencyKind.ServiceCentre)
            .OrderBy(o => o.FullName).Select(o => new { o.Id, o.FullName, o.Position }).ToListAsync(ct);
        var points = await (await staff.ServicePointsAsync(ct)).AsNoTracking().OrderBy(s => s.Code)
            .Select(s => new { s.Id, s.Name, Agency = s.Agency.Name }).ToListAsync(ct);
        var procedures = await db.Procedures.AsNoTracking().OrderBy(p => p.Field).ThenBy(p => p.Name).Select(p => new { p.Id, p.Name, p.Field }).ToListAsync(ct);
        return new RazorComponentResult<InvitationIssuePage>(new
        {
            Officials = (IReadOnlyList<InvitationIssuePage.Choice>)officials.Select(o => new InvitationIssuePage.Choice(o.Id, $"{o.FullName} — {o.Position}")).ToList(),
            Procedures = (IReadOnlyList<InvitationIssuePage.Choice>)procedures.Select(p => new InvitationIssuePage.Choice(p.Id, $"{p.Field}: {p.Name}")).ToList(),
            Points = (IReadOnlyList<InvitationIssuePage.Choice>)points.Select(p => new InvitationIssuePage.Choice(p.Id, $"{p.Name} — {p.Agency}")).ToList(),
            state.OfficialId, state.ProcedureId, state.DossierReference, state.ServicePointId,
            Errors = errors,
        }) { StatusCode = status };
    }

    /// <summary>The issuer speaks English to API clients; the page says the same in Vietnamese, beside the field.</summary>
    private static string Vietnamese(IssueRefusal refusal, IStringLocalizer<StaffResources> L) => (refusal.Field, refusal.NotFound) switch
    {
        ("officialId", true) => L["Issue_OfficialOutside"],
        ("officialId", false) => L["Issue_OfficialRequired"],
        ("procedureId", true) => L["Issue_ProcedureUnknown"],
        ("procedureId", false) => L["Issue_ProcedureRequired"],
        ("dossierReference", _) => L["Issue_DossierRequired"],
        ("servicePointId", true) => L["Issue_CounterOutside"],
        ("servicePointId", false) => L["Issue_CounterRequired"],
        ("kind", _) => L["Issue_NoTemplate"],
        (_, true) => L["Issue_NotFound"],
        _ => L["Issue_Failed"],
    };

    private static async Task<IResult> IssueTransaction(HttpContext http, InvitationIssuer issuer, StaffContext staff, HaiLongDbContext db,
        IConfiguration config, [FromForm] int? officialId, [FromForm] int? procedureId, [FromForm] string? dossierReference, [FromForm] string? view,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var state = new FormState(officialId, procedureId, dossierReference);
        if (dossierReference?.Trim().Length > Limits.Code)
        {
            return await RefusedAsync(staff, db, state, "dossierReference", L["Issue_DossierTooLong", Limits.Code], StatusCodes.Status400BadRequest, ct);
        }
        var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(InvitationKind.Transaction, officialId, procedureId, dossierReference?.Trim()), ct);
        if (refusal is not null)
        {
            return await RefusedAsync(staff, db, state, refusal.Field, Vietnamese(refusal, L), refusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, ct);
        }
        var i = issued!.Invitation;
        var url = InvitationsApi.SurveyUrl(http.Request, config, issued.Token);
        var facts = await db.Officials.AsNoTracking().Where(o => o.Id == i.OfficialId)
            .Select(o => new { o.FullName, o.Position, Unit = o.Agency.Unit.Name }).SingleAsync(ct);
        var procedure = await db.Procedures.AsNoTracking().Where(p => p.Id == i.ProcedureId).Select(p => p.Name).SingleAsync(ct);
        var expires = VietnamTime.Local(i.ExpiresAt!.Value).ToString("dd/MM/yyyy HH:mm");
        var qr = new IssuedQr(url, facts.Unit, facts.FullName, facts.Position, procedure, i.DossierReference, expires);
        return view == "display"
            ? new RazorComponentResult<InvitationDisplayPage>(new
            {
                Q = qr,
                Duty = await Registry.RosterPages.DutyAsync(staff, db, http.RequestServices.GetRequiredService<TimeProvider>(), null, i.OfficialId, ct),
            })
            : new RazorComponentResult<InvitationReceiptPage>(new { Q = qr });
    }

    private static async Task<IResult> IssueCounter(HttpContext http, InvitationIssuer issuer, StaffContext staff, HaiLongDbContext db,
        IConfiguration config, [FromForm] int? servicePointId, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(InvitationKind.Counter, ServicePointId: servicePointId), ct);
        if (refusal is not null)
        {
            return await RefusedAsync(staff, db, new FormState(ServicePointId: servicePointId), refusal.Field, Vietnamese(refusal, L),
                refusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, ct);
        }
        var i = issued!.Invitation;
        var url = InvitationsApi.SurveyUrl(http.Request, config, issued.Token);
        var facts = await db.ServicePoints.AsNoTracking().Where(s => s.Id == i.ServicePointId)
            .Select(s => new { s.Name, Agency = s.Agency.Name, Unit = s.Agency.Unit.Name }).SingleAsync(ct);
        return new RazorComponentResult<InvitationPosterPage>(new { Url = url, facts.Agency, facts.Unit, Counter = facts.Name });
    }

    private static Task<IResult> RefusedAsync(StaffContext staff, HaiLongDbContext db, FormState state, string field, string message, int status,
        CancellationToken ct)
    {
        var known = field is "officialId" or "procedureId" or "dossierReference" or "servicePointId";
        return FormPageAsync(staff, db, state, new Dictionary<string, string> { [known ? field : ""] = message }, status, ct);
    }
}
