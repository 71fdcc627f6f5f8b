using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

/// <summary>Why a change to an official was refused; the API answers <see cref="OfficialRefusal.Problem"/>, a page words the reason.</summary>
public enum OfficialRefusalReason
{
    NotFound,
    UnknownAgency,
    EndsBeforeStart,
    StaffCodeTaken,
    SameAgency,
    /// <summary>The database refused the save (another request took the code in between); the problem says which.</summary>
    Conflict,
}

public sealed record OfficialRefusal(OfficialRefusalReason Reason, ProblemDetails Problem)
{
    public int Status => Problem.Status ?? StatusCodes.Status422UnprocessableEntity;
}

/// <summary>
/// The one home of the rules for changing an official, called by the JSON API (<see cref="OfficialsApi"/>) and the staff pages
/// (<see cref="RegistryOfficialPages"/>): an agency inside the caller's jurisdiction, a last day not before the first, a
/// unique staff code; end of service and transfer, each one save. Every change is written to the audit log by the
/// <c>AuditInterceptor</c> (Official and ServicePointShift are <c>IAudited</c>), so a transfer's old and new agency stay there.
/// </summary>
public static class RegistryOfficialRules
{
    public static async Task<(Official? Official, OfficialRefusal? Refusal)> CreateAsync(
        OfficialRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        if (await CheckAsync(request, null, staff, db, ct) is { } refusal) return (null, refusal);
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
        return await SaveAsync(official, db, ct);
    }

    public static async Task<(Official? Official, OfficialRefusal? Refusal)> UpdateAsync(
        int id, OfficialRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var official = await (await staff.OfficialsAsync(ct)).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (official is null) return (null, NotFound(id));
        if (await CheckAsync(request, id, staff, db, ct) is { } refusal) return (null, refusal);
        official.AgencyId = request.AgencyId!.Value;
        official.StaffCode = request.StaffCode.Trim();
        official.FullName = request.FullName.Trim();
        official.Position = request.Position.Trim();
        official.IsLeader = request.IsLeader;
        official.ActiveFrom = request.ActiveFrom!.Value;
        official.ActiveTo = request.ActiveTo;
        return await SaveAsync(official, db, ct);
    }

    /// <summary>
    /// Sets the last day in service. Shifts after it are closed with it: one still open (or running past the end of that day,
    /// Vietnam time) ends at midnight, one starting later is removed, so no counter QR rated later is credited to them.
    /// </summary>
    public static async Task<(Official? Official, OfficialRefusal? Refusal)> EndServiceAsync(
        int id, EndOfServiceRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var official = await (await staff.OfficialsAsync(ct)).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (official is null) return (null, NotFound(id));
        var lastDay = request.ActiveTo!.Value;
        if (lastDay < official.ActiveFrom)
        {
            return (null, new(OfficialRefusalReason.EndsBeforeStart,
                Problems.Unprocessable($"The last day in service cannot be before the first ({official.ActiveFrom:yyyy-MM-dd}).")));
        }
        official.ActiveTo = lastDay;
        await CloseShiftsAsync(db, id, VietnamTime.StartOf(lastDay.AddDays(1)), keepAgencyId: null, ct);
        return await SaveAsync(official, db, ct);
    }

    /// <summary>
    /// Moves an official to another agency (and so, possibly, another unit) of the caller's jurisdiction as one audited change.
    /// Their past responses, invitations and shifts keep the agency they were made under; shifts at the old agency's counters
    /// end now (an ongoing one) or are removed (a later one).
    /// </summary>
    public static async Task<(Official? Official, OfficialRefusal? Refusal)> TransferAsync(
        int id, TransferRequest request, StaffContext staff, HaiLongDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var official = await (await staff.OfficialsAsync(ct)).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (official is null) return (null, NotFound(id));
        if (!await (await staff.AgenciesAsync(ct)).AnyAsync(a => a.Id == request.AgencyId, ct)) return (null, UnknownAgency(request.AgencyId));
        if (official.AgencyId == request.AgencyId)
        {
            return (null, new(OfficialRefusalReason.SameAgency, Problems.Unprocessable($"Official {id} already works at agency {request.AgencyId}.")));
        }
        official.AgencyId = request.AgencyId!.Value;
        await CloseShiftsAsync(db, id, clock.GetUtcNow(), keepAgencyId: official.AgencyId, ct);
        return await SaveAsync(official, db, ct);
    }

    /// <summary>Is the official in service on <paramref name="day"/> (their first day to their last, both included)?</summary>
    public static bool InService(Official o, DateOnly day) => o.ActiveFrom <= day && (o.ActiveTo == null || o.ActiveTo >= day);

    private static async Task CloseShiftsAsync(HaiLongDbContext db, int officialId, DateTimeOffset from, int? keepAgencyId, CancellationToken ct)
    {
        var shifts = await db.ServicePointShifts
            .Where(s => s.OfficialId == officialId && (s.EndsAt == null || s.EndsAt > from))
            .Where(s => keepAgencyId == null || s.ServicePoint.AgencyId != keepAgencyId)
            .ToListAsync(ct);
        foreach (var shift in shifts)
        {
            if (shift.StartsAt >= from) db.ServicePointShifts.Remove(shift);
            else shift.EndsAt = from;
        }
    }

    private static async Task<OfficialRefusal?> CheckAsync(OfficialRequest request, int? id, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        if (!await (await staff.AgenciesAsync(ct)).AnyAsync(a => a.Id == request.AgencyId, ct)) return UnknownAgency(request.AgencyId);
        if (request.ActiveTo is { } to && to < request.ActiveFrom!.Value)
        {
            return new(OfficialRefusalReason.EndsBeforeStart,
                Problems.Unprocessable("The last day in service (activeTo) cannot be before the first (activeFrom)."));
        }
        var code = request.StaffCode.Trim();
        if (await db.Officials.AnyAsync(o => o.StaffCode == code && o.Id != id, ct))
        {
            return new(OfficialRefusalReason.StaffCodeTaken, Problems.Conflict($"An official with staff code '{code}' already exists."));
        }
        return null;
    }

    private static OfficialRefusal NotFound(int id) => new(OfficialRefusalReason.NotFound, Problems.NotFound("official", id));

    private static OfficialRefusal UnknownAgency(int? agencyId) =>
        new(OfficialRefusalReason.UnknownAgency, Problems.Unprocessable($"Unknown agency {agencyId} (not in your jurisdiction)."));

    private static async Task<(Official?, OfficialRefusal?)> SaveAsync(Official official, HaiLongDbContext db, CancellationToken ct) =>
        await RegistryErrors.SaveAsync(db, ct) is { } conflict ? (null, new(OfficialRefusalReason.Conflict, conflict)) : (official, null);
}
