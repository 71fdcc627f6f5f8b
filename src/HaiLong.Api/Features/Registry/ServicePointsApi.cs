using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

/// <summary>Counters at a service centre and who staffed each of them when; counter-QR responses are attributed through the shifts.</summary>
public static class ServicePointsApi
{
    internal static void MapServicePoints(this RouteGroupBuilder points)
    {
        points.MapGet("/", ListServicePoints).WithName("ListServicePoints");
        points.MapGet("/{id:int}", GetServicePoint).WithName("GetServicePoint");
        points.MapPost("/", CreateServicePoint).WithName("CreateServicePoint")
            .RequireAuthorization(Policies.Administrator);
        points.MapPut("/{id:int}", UpdateServicePoint).WithName("UpdateServicePoint")
            .RequireAuthorization(Policies.Administrator);
        points.MapDelete("/{id:int}", DeleteServicePoint).WithName("DeleteServicePoint")
            .RequireAuthorization(Policies.Administrator);

        points.MapGet("/{id:int}/shifts", ListShifts).WithName("ListShifts");
        points.MapPost("/{id:int}/shifts", CreateShift).WithName("CreateShift")
            .RequireAuthorization(Policies.Administrator);
        points.MapPut("/{id:int}/shifts/{shiftId:long}", UpdateShift).WithName("UpdateShift")
            .RequireAuthorization(Policies.Administrator);
    }

    /// <summary>Counters in the caller's jurisdiction, optionally of one agency</summary>
    /// <remarks>
    /// Any signed-in staff member. Lists the counters of agencies inside the caller's jurisdiction, optionally only those of
    /// `agencyId`; changes nothing.
    /// </remarks>
    public static async Task<Ok<ServicePointResponse[]>> ListServicePoints(StaffContext staff, CancellationToken ct, int? agencyId = null)
    {
        var points = await staff.ServicePointsAsync(ct);
        return await RegistryAnswers.ListAsync(agencyId is { } a ? points.Where(s => s.AgencyId == a) : points, s => s.Code, ToResponse, ct);
    }

    /// <summary>One counter in the caller's jurisdiction</summary>
    /// <remarks>
    /// Any signed-in staff member. Reads one counter; one outside the caller's jurisdiction answers 404, as does an unknown id.
    /// </remarks>
    public static async Task<Results<Ok<ServicePointResponse>, NotFound<ProblemDetails>>> GetServicePoint(int id, StaffContext staff,
        CancellationToken ct) => await RegistryAnswers.FoundAsync(await staff.ServicePointsAsync(ct), id, "service point", ToResponse, ct);

    /// <summary>Create a counter at an agency in the caller's jurisdiction</summary>
    /// <remarks>
    /// Administrators only. Creates a counter at an agency inside the caller's jurisdiction. Refuses an agency outside it (422)
    /// and a code already used (409).
    /// </remarks>
    public static async Task<Results<Created<ServicePointResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> CreateServicePoint(
        ServicePointRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var (point, refusal) = await SaveServicePointAsync(null, request, staff, db, ct);
        return RegistryAnswers.Created(refusal?.Problem, () => TypedResults.Created($"/api/service-points/{point!.Id}", ToResponse(point)));
    }

    /// <summary>Rename a counter or move it to another agency</summary>
    /// <remarks>
    /// Administrators only; the counter must lie in the caller's jurisdiction (404 otherwise). Refuses a new agency outside the
    /// jurisdiction (422) and a code already used (409).
    /// </remarks>
    public static async Task<Results<Ok<ServicePointResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>>> UpdateServicePoint(
        int id, ServicePointRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var (point, refusal) = await SaveServicePointAsync(id, request, staff, db, ct);
        return RegistryAnswers.Changed(refusal?.Problem, () => ToResponse(point!));
    }

    /// <summary>Delete a counter that has no staffing history and no invitations</summary>
    /// <remarks>
    /// Administrators only; the counter must lie in the caller's jurisdiction (404 otherwise). Refused (409) once the counter
    /// has a staffing history or invitations, because its past responses are attributed through them.
    /// </remarks>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> DeleteServicePoint(
        int id, StaffContext staff, HaiLongDbContext db, CancellationToken ct) =>
        RegistryAnswers.Deleted((await DeleteServicePointAsync(id, staff, db, ct))?.Problem);

    /// <summary>Creates (<paramref name="id"/> null) or changes a counter with every rule of the write, for the API and the registry pages.</summary>
    internal static async Task<(ServicePoint? Point, RegistryRefusal? Refusal)> SaveServicePointAsync(
        int? id, ServicePointRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        ServicePoint? point = null;
        if (id is { } existing)
        {
            point = await (await staff.ServicePointsAsync(ct)).SingleOrDefaultAsync(s => s.Id == existing, ct);
            if (point is null) return (null, RegistryRefusal.NotFound("service point", existing));
        }
        if (!await (await staff.AgenciesAsync(ct)).AnyAsync(a => a.Id == request.AgencyId, ct))
        {
            return (null,
                RegistryRefusal.Unprocessable("AgencyUnknown", "agencyId",
                $"Unknown agency {request.AgencyId} (not in your jurisdiction).", request.AgencyId!));
        }
        if (await db.ServicePoints.AnyAsync(s => s.Code == request.Code && s.Id != id, ct))
        {
            return (null, RegistryRefusal.Conflict("CodeTaken", "code", $"A service point with code '{request.Code}' already exists.", request.Code));
        }
        point ??= db.ServicePoints.Add(new ServicePoint { Code = "", Name = "" }).Entity;
        point.AgencyId = request.AgencyId!.Value;
        point.Code = request.Code.Trim();
        point.Name = request.Name.Trim();
        return await RegistryErrors.SaveAsync(db, ct) is { } conflict ? (null, RegistryRefusal.Database(conflict)) : (point, null);
    }

    /// <summary>Deletes a counter without a staffing history; null when it is gone. For the API and the registry pages.</summary>
    internal static async Task<RegistryRefusal?> DeleteServicePointAsync(int id, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var point = await (await staff.ServicePointsAsync(ct)).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (point is null) return RegistryRefusal.NotFound("service point", id);
        // The shifts would cascade away with the counter, and with them the attribution of its past responses.
        if (await db.ServicePointShifts.AnyAsync(s => s.ServicePointId == id, ct))
        {
            return RegistryRefusal.Conflict("HasShifts", null, $"Service point {id} has a staffing history; it cannot be deleted.");
        }
        db.ServicePoints.Remove(point);
        return await RegistryErrors.SaveAsync(db, ct) is { } conflict ? RegistryRefusal.Database(conflict) : null;
    }

    /// <summary>Who staffed the counter, from when to when (newest first)</summary>
    /// <remarks>
    /// Any signed-in staff member; the counter must lie in the caller's jurisdiction (404 otherwise). Lists who staffed the
    /// counter, newest first; changes nothing.
    /// </remarks>
    public static async Task<Results<Ok<ShiftResponse[]>, NotFound<ProblemDetails>>> ListShifts(
        int id, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        if (!await (await staff.ServicePointsAsync(ct)).AnyAsync(s => s.Id == id, ct))
        {
            return TypedResults.NotFound(Problems.NotFound("service point", id));
        }
        var shifts = await db.ServicePointShifts.AsNoTracking().Where(s => s.ServicePointId == id)
            .OrderByDescending(s => s.StartsAt)
            .Select(s => new ShiftResponse(s.Id, s.ServicePointId, s.OfficialId, s.Official.FullName, s.StartsAt, s.EndsAt))
            .ToArrayAsync(ct);
        return TypedResults.Ok(shifts);
    }

    /// <summary>Record that an official staffs the counter from a time (to a time); overlapping shifts are refused</summary>
    /// <remarks>
    /// Administrators only; the counter must lie in the caller's jurisdiction (404 otherwise). Records a shift; counter-QR
    /// responses in its time are attributed to its official. Refuses an official outside the jurisdiction or an end not after
    /// the start (422) and a shift overlapping another on the counter (409).
    /// </remarks>
    public static async Task<Results<Created<ShiftResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>>> CreateShift(
        int id, ShiftRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        if (!await (await staff.ServicePointsAsync(ct)).AnyAsync(s => s.Id == id, ct))
        {
            return TypedResults.NotFound(Problems.NotFound("service point", id));
        }
        var shift = new ServicePointShift { ServicePointId = id };
        return await SaveShiftAsync(shift, request, staff, db, ct) switch
        {
            { Status: StatusCodes.Status409Conflict } p => TypedResults.Conflict(p),
            { } p => TypedResults.UnprocessableEntity(p),
            null => TypedResults.Created($"/api/service-points/{id}/shifts/{shift.Id}", await ToResponseAsync(shift, db, ct)),
        };
    }

    /// <summary>Correct a shift or end it; it may not overlap another shift on the counter</summary>
    /// <remarks>
    /// Administrators only; the shift's counter must lie in the caller's jurisdiction (404 otherwise). Corrects or ends a
    /// shift, with the same refusals as creating one: 422 for an unknown official or an end not after the start, 409 for an
    /// overlap.
    /// </remarks>
    public static async Task<Results<Ok<ShiftResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> UpdateShift(
        int id, long shiftId, ShiftRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var points = await staff.ServicePointsAsync(ct);
        var shift = await db.ServicePointShifts.SingleOrDefaultAsync(s => s.Id == shiftId && s.ServicePointId == id && points.Any(p => p.Id == id), ct);
        if (shift is null) return TypedResults.NotFound(Problems.NotFound("shift", shiftId));
        return await SaveShiftAsync(shift, request, staff, db, ct) switch
        {
            { Status: StatusCodes.Status409Conflict } p => TypedResults.Conflict(p),
            { } p => TypedResults.UnprocessableEntity(p),
            null => TypedResults.Ok(await ToResponseAsync(shift, db, ct)),
        };
    }

    /// <summary>
    /// Checks and saves a new or changed shift; the database's exclusion constraint is the last word on overlaps. The API and the roster pages both
    /// save through here.
    /// </summary>
    internal static async Task<ProblemDetails?> SaveShiftAsync(
        ServicePointShift shift, ShiftRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var startsAt = request.StartsAt!.Value;
        if (request.EndsAt is { } end && end <= startsAt)
        {
            return Problems.Unprocessable("A shift must end after it starts.");
        }
        var official = await (await staff.OfficialsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OfficialId, ct);
        if (official is null)
        {
            return Problems.Unprocessable($"Unknown official {request.OfficialId} (not in your jurisdiction).");
        }
        if (official.ActiveTo is { } lastDay && startsAt >= VietnamTime.StartOf(lastDay.AddDays(1)))
        {
            return Problems.Unprocessable($"Official {official.Id}'s service ended on {lastDay:yyyy-MM-dd}; a shift cannot start after it.");
        }
        var endsAt = request.EndsAt;
        var overlapping = await db.ServicePointShifts.AsNoTracking()
            .Where(s => s.ServicePointId == shift.ServicePointId && s.Id != shift.Id)
            .Where(s => (s.EndsAt == null || s.EndsAt > startsAt) && (endsAt == null || s.StartsAt < endsAt))
            .OrderBy(s => s.StartsAt)
            .FirstOrDefaultAsync(ct);
        if (overlapping is not null)
        {
            var until = overlapping.EndsAt is { } e ? e.ToString("u") : "ongoing";
            return Problems.Conflict($"The shift overlaps shift {overlapping.Id} ({overlapping.StartsAt:u} – {until}); end that shift first.");
        }
        shift.OfficialId = request.OfficialId!.Value;
        shift.StartsAt = startsAt;
        shift.EndsAt = endsAt;
        if (shift.Id == 0) db.ServicePointShifts.Add(shift);
        if (await RegistryErrors.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        return null;
    }

    private static async Task<ShiftResponse> ToResponseAsync(ServicePointShift s, HaiLongDbContext db, CancellationToken ct)
    {
        var name = await db.Officials.Where(o => o.Id == s.OfficialId).Select(o => o.FullName).SingleAsync(ct);
        return new ShiftResponse(s.Id, s.ServicePointId, s.OfficialId, name, s.StartsAt, s.EndsAt);
    }

    private static ServicePointResponse ToResponse(ServicePoint s) => new(s.Id, s.AgencyId, s.Code, s.Name);
}
