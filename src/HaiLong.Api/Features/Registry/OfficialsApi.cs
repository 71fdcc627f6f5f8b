using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

/// <summary>Officials (cán bộ, công chức): position, leader flag and active period. One who served is ended, not deleted.</summary>
public static class OfficialsApi
{
    internal static void MapOfficials(this RouteGroupBuilder officials)
    {
        officials.MapGet("/", ListOfficials).WithName("ListOfficials");
        officials.MapGet("/{id:int}", GetOfficial).WithName("GetOfficial");
        officials.MapPost("/", CreateOfficial).WithName("CreateOfficial")
            .RequireAuthorization(Policies.Administrator);
        officials.MapPut("/{id:int}", UpdateOfficial).WithName("UpdateOfficial")
            .RequireAuthorization(Policies.Administrator);
        officials.MapPost("/{id:int}/end-of-service", EndService).WithName("EndOfficialService")
            .RequireAuthorization(Policies.Administrator);
        officials.MapPost("/{id:int}/transfer", TransferOfficial).WithName("TransferOfficial")
            .RequireAuthorization(Policies.Administrator);
        officials.MapDelete("/{id:int}", DeleteOfficial).WithName("DeleteOfficial")
            .RequireAuthorization(Policies.Administrator);
        officials.MapPost("/import", CsvImport.ImportOfficials).WithName("ImportOfficials")
            .WithSummary("Import officials from CSV (all rows or none)")
            .WithDescription("Administrators only; the agencies must lie in the caller's jurisdiction. Adds new officials, all rows in one " +
                "transaction or none (an existing staff code is a bad row). A body that is not CSV is refused (415).\n\n" + CsvImport.OfficialsDescription)
            .Accepts<string>("text/csv")
            .RequireAuthorization(Policies.Administrator);
    }

    /// <summary>Officials in the caller's jurisdiction, optionally of one agency</summary>
    /// <remarks>
    /// Any signed-in staff member. Lists the officials of agencies inside the caller's jurisdiction, optionally only those of
    /// `agencyId`; changes nothing.
    /// </remarks>
    public static async Task<Ok<OfficialResponse[]>> ListOfficials(StaffContext staff, CancellationToken ct, int? agencyId = null)
    {
        var officials = await staff.OfficialsAsync(ct);
        return await RegistryAnswers.ListAsync(agencyId is { } a ? officials.Where(o => o.AgencyId == a) : officials, o => o.StaffCode, ToResponse, ct);
    }

    /// <summary>One official in the caller's jurisdiction</summary>
    /// <remarks>
    /// Any signed-in staff member. Reads one official; one outside the caller's jurisdiction answers 404, as does an unknown
    /// id.
    /// </remarks>
    public static async Task<Results<Ok<OfficialResponse>, NotFound<ProblemDetails>>> GetOfficial(int id, StaffContext staff,
        CancellationToken ct) => await RegistryAnswers.FoundAsync(await staff.OfficialsAsync(ct), id, "official", ToResponse, ct);

    /// <summary>Add an official to an agency in the caller's jurisdiction</summary>
    /// <remarks>
    /// Administrators only. Adds an official to an agency inside the caller's jurisdiction. Refuses an agency outside it or a
    /// last day before the first (422) and a staff code already used (409).
    /// </remarks>
    public static async Task<Results<Created<OfficialResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> CreateOfficial(
        OfficialRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var (official, refusal) = await RegistryOfficialRules.CreateAsync(request, staff, db, ct);
        return RegistryAnswers.Created(refusal?.Problem, () => TypedResults.Created($"/api/officials/{official!.Id}", ToResponse(official)));
    }

    /// <summary>Change an official's details, agency or active period</summary>
    /// <remarks>
    /// Administrators only; the official must lie in the caller's jurisdiction (404 otherwise). Changes details, agency or
    /// active period; refuses an agency outside the jurisdiction or a last day before the first (422) and a staff code already
    /// used (409).
    /// </remarks>
    public static async Task<Results<Ok<OfficialResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>>> UpdateOfficial(
        int id, OfficialRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct) =>
        Answer(await RegistryOfficialRules.UpdateAsync(id, request, staff, db, ct));

    /// <summary>End an official's service on a day (their history stays)</summary>
    /// <remarks>
    /// Administrators only; the official must lie in the caller's jurisdiction (404 otherwise). Sets the last day in service,
    /// keeping every invitation and response; shifts after that day end at its midnight (Vietnam time; a later one is removed),
    /// and from the next day no transaction QR or shift may name the official. A day before the first day in service is refused
    /// (422).
    /// </remarks>
    public static async Task<Results<Ok<OfficialResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> EndService(
        int id, EndOfServiceRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct) =>
        Answer(await RegistryOfficialRules.EndServiceAsync(id, request, staff, db, ct));

    /// <summary>Move an official to another agency (or unit) of the caller's jurisdiction</summary>
    /// <remarks>
    /// Administrators only; the official and the new agency must lie in the caller's jurisdiction (404 for the official, 422
    /// for the agency). One audited change of agency: past invitations and responses keep the agency they were made under; the
    /// official's shifts at counters of other agencies end now (a later one is removed). The agency the official already works
    /// at is refused (422).
    /// </remarks>
    public static async Task<Results<Ok<OfficialResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>>> TransferOfficial(
        int id, TransferRequest request, StaffContext staff, HaiLongDbContext db, TimeProvider clock, CancellationToken ct) =>
        Answer(await RegistryOfficialRules.TransferAsync(id, request, staff, db, clock, ct));

    private static Results<Ok<OfficialResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>> Answer(
        (Official? Official, OfficialRefusal? Refusal) outcome) =>
        RegistryAnswers.Changed(outcome.Refusal?.Problem, () => ToResponse(outcome.Official!));

    /// <summary>Delete an official entered by mistake; one with shifts, invitations or responses must be ended instead (409)</summary>
    /// <remarks>
    /// Administrators only; the official must lie in the caller's jurisdiction (404 otherwise). Only for an official entered by
    /// mistake: one with shifts, invitations or responses is refused (409) and must be ended instead.
    /// </remarks>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> DeleteOfficial(
        int id, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var official = await (await staff.OfficialsAsync(ct)).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (official is null) return TypedResults.NotFound(Problems.NotFound("official", id));
        var referenced = await db.ServicePointShifts.AnyAsync(s => s.OfficialId == id, ct)
            || await db.Invitations.AnyAsync(i => i.OfficialId == id, ct)
            || await db.Responses.AnyAsync(r => r.OfficialId == id, ct);
        if (referenced)
        {
            return TypedResults.Conflict(Problems.Conflict(
                $"Official {id} has shifts, invitations or responses; end their service (POST /api/officials/{id}/end-of-service) instead."));
        }
        db.Officials.Remove(official);
        if (await RegistryErrors.SaveAsync(db, ct) is { } conflict)
        {
            return TypedResults.Conflict(Problems.Conflict($"{conflict.Detail} End the official's service instead."));
        }
        return TypedResults.NoContent();
    }

    internal static OfficialResponse ToResponse(Official o) =>
        new(o.Id, o.AgencyId, o.StaffCode, o.FullName, o.Position, o.IsLeader, o.ActiveFrom, o.ActiveTo);
}
