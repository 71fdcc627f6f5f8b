using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

/// <summary>Officials (cán bộ, công chức): position, leader flag and active period. One who served is ended, not deleted.</summary>
public static class OfficialsApi
{
    internal static void MapOfficials(this RouteGroupBuilder officials)
    {
        officials.MapGet("/", ListOfficials).WithName("ListOfficials").WithSummary("Officials in the caller's jurisdiction, optionally of one agency")
            .WithDescription("Any signed-in staff member. Lists the officials of agencies inside the caller's jurisdiction, optionally only those of `agencyId`; changes nothing.");
        officials.MapGet("/{id:int}", GetOfficial).WithName("GetOfficial").WithSummary("One official in the caller's jurisdiction")
            .WithDescription("Any signed-in staff member. Reads one official; one outside the caller's jurisdiction answers 404, as does an unknown id.");
        officials.MapPost("/", CreateOfficial).WithName("CreateOfficial").WithSummary("Add an official to an agency in the caller's jurisdiction")
            .WithDescription("Administrators only. Adds an official to an agency inside the caller's jurisdiction. Refuses an agency outside it or a last day before the first (422) and a staff code already used (409).")
            .RequireAuthorization(Policies.Administrator);
        officials.MapPut("/{id:int}", UpdateOfficial).WithName("UpdateOfficial").WithSummary("Change an official's details, agency or active period")
            .WithDescription("Administrators only; the official must lie in the caller's jurisdiction (404 otherwise). Changes details, agency or active period; refuses an agency outside the jurisdiction or a last day before the first (422) and a staff code already used (409).")
            .RequireAuthorization(Policies.Administrator);
        officials.MapPost("/{id:int}/end-of-service", EndService).WithName("EndOfficialService")
            .WithSummary("End an official's service on a day (their history stays)")
            .WithDescription("Administrators only; the official must lie in the caller's jurisdiction (404 otherwise). Sets the last day in service, keeping every shift, invitation and response; a day before the first day in service is refused (422).")
            .RequireAuthorization(Policies.Administrator);
        officials.MapDelete("/{id:int}", DeleteOfficial).WithName("DeleteOfficial")
            .WithSummary("Delete an official entered by mistake; one with shifts, invitations or responses must be ended instead (409)")
            .WithDescription("Administrators only; the official must lie in the caller's jurisdiction (404 otherwise). Only for an official entered by mistake: one with shifts, invitations or responses is refused (409) and must be ended instead.")
            .RequireAuthorization(Policies.Administrator);
        officials.MapPost("/import", CsvImport.ImportOfficials).WithName("ImportOfficials")
            .WithSummary("Import officials from CSV (all rows or none)")
            .WithDescription("Administrators only; the agencies must lie in the caller's jurisdiction. Adds new officials, all rows in one transaction or none (an existing staff code is a bad row). A body that is not CSV is refused (415).\n\n" + CsvImport.OfficialsDescription)
            .Accepts<string>("text/csv")
            .RequireAuthorization(Policies.Administrator);
    }

    public static async Task<Ok<OfficialResponse[]>> ListOfficials(StaffContext staff, CancellationToken ct, int? agencyId = null)
    {
        var query = (await staff.OfficialsAsync(ct)).AsNoTracking();
        if (agencyId is { } a) query = query.Where(o => o.AgencyId == a);
        var rows = await query.OrderBy(o => o.StaffCode).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToResponse).ToArray());
    }

    public static async Task<Results<Ok<OfficialResponse>, NotFound<ProblemDetails>>> GetOfficial(int id, StaffContext staff, CancellationToken ct)
    {
        var official = await (await staff.OfficialsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        return official is null ? TypedResults.NotFound(Problems.NotFound("official", id)) : TypedResults.Ok(ToResponse(official));
    }

    public static async Task<Results<Created<OfficialResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> CreateOfficial(
        OfficialRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        if (await CheckAsync(request, null, staff, db, ct) is { } problem)
        {
            return problem.Status == StatusCodes.Status409Conflict ? TypedResults.Conflict(problem) : TypedResults.UnprocessableEntity(problem);
        }
        var official = new Official
        {
            AgencyId = request.AgencyId!.Value,
            StaffCode = request.StaffCode.Trim(),
            FullName = request.FullName.Trim(),
            Position = request.Position.Trim(),
            IsLeader = request.IsLeader,
            ActiveFrom = request.ActiveFrom!.Value,
            ActiveTo = request.ActiveTo,
        };
        db.Officials.Add(official);
        if (await RegistryErrors.SaveAsync(db, ct) is { } conflict)
        {
            return TypedResults.Conflict(conflict);
        }
        return TypedResults.Created($"/api/officials/{official.Id}", ToResponse(official));
    }

    public static async Task<Results<Ok<OfficialResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> UpdateOfficial(
        int id, OfficialRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var official = await (await staff.OfficialsAsync(ct)).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (official is null) return TypedResults.NotFound(Problems.NotFound("official", id));
        if (await CheckAsync(request, id, staff, db, ct) is { } problem)
        {
            return problem.Status == StatusCodes.Status409Conflict ? TypedResults.Conflict(problem) : TypedResults.UnprocessableEntity(problem);
        }
        official.AgencyId = request.AgencyId!.Value;
        official.StaffCode = request.StaffCode.Trim();
        official.FullName = request.FullName.Trim();
        official.Position = request.Position.Trim();
        official.IsLeader = request.IsLeader;
        official.ActiveFrom = request.ActiveFrom!.Value;
        official.ActiveTo = request.ActiveTo;
        if (await RegistryErrors.SaveAsync(db, ct) is { } conflict)
        {
            return TypedResults.Conflict(conflict);
        }
        return TypedResults.Ok(ToResponse(official));
    }

    public static async Task<Results<Ok<OfficialResponse>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> EndService(
        int id, EndOfServiceRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var official = await (await staff.OfficialsAsync(ct)).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (official is null) return TypedResults.NotFound(Problems.NotFound("official", id));
        if (request.ActiveTo!.Value < official.ActiveFrom)
        {
            return TypedResults.UnprocessableEntity(Problems.Unprocessable($"The last day in service cannot be before the first ({official.ActiveFrom:yyyy-MM-dd})."));
        }
        official.ActiveTo = request.ActiveTo;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(official));
    }

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

    private static async Task<ProblemDetails?> CheckAsync(
        OfficialRequest request, int? id, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        if (!await (await staff.AgenciesAsync(ct)).AnyAsync(a => a.Id == request.AgencyId, ct))
        {
            return Problems.Unprocessable($"Unknown agency {request.AgencyId} (not in your jurisdiction).");
        }
        if (request.ActiveTo is { } to && to < request.ActiveFrom!.Value)
        {
            return Problems.Unprocessable("The last day in service (activeTo) cannot be before the first (activeFrom).");
        }
        if (await db.Officials.AnyAsync(o => o.StaffCode == request.StaffCode && o.Id != id, ct))
        {
            return Problems.Conflict($"An official with staff code '{request.StaffCode}' already exists.");
        }
        return null;
    }

    internal static OfficialResponse ToResponse(Official o) =>
        new(o.Id, o.AgencyId, o.StaffCode, o.FullName, o.Position, o.IsLeader, o.ActiveFrom, o.ActiveTo);
}
