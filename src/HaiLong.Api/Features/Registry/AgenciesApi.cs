using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

/// <summary>Agencies (cơ quan, đơn vị) of a unit: HĐND, UBND, the service centre, public service units.</summary>
public static class AgenciesApi
{
    internal static void MapAgencies(this RouteGroupBuilder agencies)
    {
        agencies.MapGet("/", ListAgencies).WithName("ListAgencies");
        agencies.MapGet("/{id:int}", GetAgency).WithName("GetAgency");
        agencies.MapPost("/", CreateAgency).WithName("CreateAgency")
            .RequireAuthorization(Policies.Administrator);
        agencies.MapPut("/{id:int}", UpdateAgency).WithName("UpdateAgency")
            .RequireAuthorization(Policies.Administrator);
        agencies.MapDelete("/{id:int}", DeleteAgency).WithName("DeleteAgency")
            .RequireAuthorization(Policies.Administrator);
    }

    /// <summary>Agencies in the caller's jurisdiction, optionally of one unit</summary>
    /// <remarks>
    /// Any signed-in staff member. Lists the agencies of units inside the caller's jurisdiction, optionally only those of
    /// `unitId`; changes nothing.
    /// </remarks>
    public static async Task<Ok<AgencyResponse[]>> ListAgencies(StaffContext staff, CancellationToken ct, int? unitId = null)
    {
        var agencies = await staff.AgenciesAsync(ct);
        return await RegistryAnswers.ListAsync(unitId is { } u ? agencies.Where(a => a.UnitId == u) : agencies, a => a.Code, ToResponse, ct);
    }

    /// <summary>One agency in the caller's jurisdiction</summary>
    /// <remarks>
    /// Any signed-in staff member. Reads one agency; one outside the caller's jurisdiction answers 404, as does an unknown id.
    /// </remarks>
    public static async Task<Results<Ok<AgencyResponse>, NotFound<ProblemDetails>>> GetAgency(int id, StaffContext staff,
        CancellationToken ct) => await RegistryAnswers.FoundAsync(await staff.AgenciesAsync(ct), id, "agency", ToResponse, ct);

    /// <summary>Create an agency of a unit in the caller's jurisdiction</summary>
    /// <remarks>
    /// Administrators only. Creates an agency of a unit inside the caller's jurisdiction. Refuses a unit outside it (422) and a
    /// code already used (409).
    /// </remarks>
    public static async Task<Results<Created<AgencyResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> CreateAgency(
        AgencyRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var (agency, refusal) = await SaveAgencyAsync(null, request, staff, db, ct);
        return RegistryAnswers.Created(refusal?.Problem, () => TypedResults.Created($"/api/agencies/{agency!.Id}", ToResponse(agency)));
    }

    /// <summary>Change an agency, or move it to another unit</summary>
    /// <remarks>
    /// Administrators only. Changes an agency's kind, code, name or unit; the agency and its new unit must lie in the caller's
    /// jurisdiction (404 and 422 otherwise). A code already used is refused (409).
    /// </remarks>
    public static async Task<Results<Ok<AgencyResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> UpdateAgency(
        int id, AgencyRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var (agency, refusal) = await SaveAgencyAsync(id, request, staff, db, ct);
        return RegistryAnswers.Changed(refusal?.Problem, () => ToResponse(agency!));
    }

    /// <summary>Delete an agency that nothing refers to</summary>
    /// <remarks>
    /// Administrators only; the agency must lie in the caller's jurisdiction (404 otherwise). Refused (409) while officials,
    /// counters or anything else refer to it.
    /// </remarks>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> DeleteAgency(
        int id, StaffContext staff, HaiLongDbContext db, CancellationToken ct) =>
        RegistryAnswers.Deleted((await DeleteAgencyAsync(id, staff, db, ct))?.Problem);

    /// <summary>Creates (<paramref name="id"/> null) or changes an agency with every rule of the write, for the API and the registry pages.</summary>
    internal static async Task<(Agency? Agency, RegistryRefusal? Refusal)> SaveAgencyAsync(
        int? id, AgencyRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        Agency? agency = null;
        if (id is { } existing)
        {
            agency = await (await staff.AgenciesAsync(ct)).SingleOrDefaultAsync(a => a.Id == existing, ct);
            if (agency is null) return (null, RegistryRefusal.NotFound("agency", existing));
        }
        if (!await staff.CanSeeUnitAsync(request.UnitId!.Value, ct))
        {
            return (null, RegistryRefusal.Unprocessable("UnitUnknown", "unitId", $"Unknown unit {request.UnitId} (not in your jurisdiction).", request.UnitId));
        }
        if (await db.Agencies.AnyAsync(a => a.Code == request.Code && a.Id != id, ct))
        {
            return (null, RegistryRefusal.Conflict("CodeTaken", "code", $"An agency with code '{request.Code}' already exists.", request.Code));
        }
        agency ??= db.Agencies.Add(new Agency { Code = "", Name = "" }).Entity;
        agency.UnitId = request.UnitId!.Value;
        agency.Kind = request.Kind!.Value;
        agency.Code = request.Code.Trim();
        agency.Name = request.Name.Trim();
        return await RegistryErrors.SaveAsync(db, ct) is { } conflict ? (null, RegistryRefusal.Database(conflict)) : (agency, null);
    }

    /// <summary>Deletes an agency that nothing refers to; null when it is gone. For the API and the registry pages.</summary>
    internal static async Task<RegistryRefusal?> DeleteAgencyAsync(int id, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var agency = await (await staff.AgenciesAsync(ct)).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (agency is null) return RegistryRefusal.NotFound("agency", id);
        if (await db.Officials.AnyAsync(o => o.AgencyId == id, ct) || await db.ServicePoints.AnyAsync(s => s.AgencyId == id, ct))
        {
            return RegistryRefusal.Conflict("InUse", null, $"Agency {id} still has officials or counters; move or remove them first.");
        }
        db.Agencies.Remove(agency);
        return await RegistryErrors.SaveAsync(db, ct) is { } conflict ? RegistryRefusal.Database(conflict) : null;
    }

    private static AgencyResponse ToResponse(Agency a) => new(a.Id, a.UnitId, a.Kind, a.Code, a.Name);
}
