using HaiLong.Api.Features.Registry;
using System.ComponentModel;
using System.Text.Json;
using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Consultations;

/// <summary>A household of a hamlet's register as the API and the pages show it.</summary>
public sealed record HouseholdResponse(long Id, int UnitId, string Code, string RepresentativeName, string Address,
    HouseholdStatus Status, DateOnly RegisteredOn, DateOnly? LeftOn, long? MergedIntoId, long? SplitFromId);

/// <summary>One entry of a household's history, from the audit log: what changed, when and by whom.</summary>
public sealed record HouseholdHistoryEntry(
    DateTimeOffset At,
    [property: Description("The audit action code: Household.created or Household.updated")] string Action,
    [property: Description("The staff account's user name; null for the system")] string? Actor,
    [property: Description("The audit entry's details as stored: the values written, or each changed field's from and to")]
    JsonElement? Details);

/// <summary>A household with its history, newest change first.</summary>
public sealed record HouseholdDetailResponse(HouseholdResponse Household, HouseholdHistoryEntry[] History);

/// <summary>One page of a hamlet's register.</summary>
public sealed record HouseholdListResponse(HouseholdResponse[] Households, int Page, int Pages, int Total);

/// <summary>A hamlet or residential group the caller can see, with the size of its register.</summary>
public sealed record HamletRegisterSummary(int UnitId, string Code, string Name, UnitLevel Level, string? ParentName,
    int Active, int Left);

/// <summary>A household that moves into the hamlet (or is added by hand to the register).</summary>
public sealed record AddHouseholdRequest(
    [property: Required, Description("The hamlet or residential group")] int? UnitId,
    [property: Required, MaxLength(Limits.Code), Description("The household code of the residence records")]
    string Code,
    [property: Required, MaxLength(Limits.Name)] string RepresentativeName,
    [property: Required, MaxLength(ConsultationLimits.Address)] string Address,
    [property: Required, Description("The day it moved in (or was registered)")] DateOnly? RegisteredOn);

/// <summary>A correction of the representative's name or the address.</summary>
public sealed record CorrectHouseholdRequest(
    [property: Required, MaxLength(Limits.Name)] string RepresentativeName,
    [property: Required, MaxLength(ConsultationLimits.Address)] string Address);

/// <summary>The household moved out of the hamlet on a day.</summary>
public sealed record MoveOutHouseholdRequest([property: Required] DateOnly? LeftOn);

/// <summary>The household merged into another household of the same hamlet on a day.</summary>
public sealed record MergeHouseholdRequest(
    [property: Required, Description("The household it merges into (same hamlet, active)")] long? IntoId,
    [property: Required] DateOnly? MergedOn);

/// <summary>A new household split from an existing one (tách hộ): its own code, representative and address.</summary>
public sealed record SplitHouseholdRequest(
    [property: Required, MaxLength(Limits.Code)] string Code,
    [property: Required, MaxLength(Limits.Name)] string RepresentativeName,
    [property: Required, MaxLength(ConsultationLimits.Address)] string Address,
    [property: Required] DateOnly? SplitOn);

/// <summary>
/// Why a register change was refused; the API answers <see cref="HouseholdRefusal.Problem"/>, the pages word
/// <see cref="HouseholdRefusal.Reason"/>.
/// </summary>
public enum HouseholdRefusalReason
{
    /// <summary>The household or hamlet is unknown or outside the caller's jurisdiction (404, not disclosed).</summary>
    NotFound,
    /// <summary>The unit is not a hamlet or residential group: only they hold households (422).</summary>
    NotHamlet,
    /// <summary>The hamlet's register already has a household with this code, active or not (409).</summary>
    CodeTaken,
    /// <summary>The household has already moved out or merged (409).</summary>
    AlreadyLeft,
    /// <summary>A merge into a household of another hamlet (409).</summary>
    OtherHamlet,
    /// <summary>A merge into itself, or into a household that has left (409).</summary>
    MergeTarget,
    /// <summary>The day is before the household was registered (422).</summary>
    BeforeRegistered,
}

public sealed record HouseholdRefusal(HouseholdRefusalReason Reason, object? Value = null)
{
    public int Status => Reason switch
    {
        HouseholdRefusalReason.NotFound => StatusCodes.Status404NotFound,
        HouseholdRefusalReason.NotHamlet or HouseholdRefusalReason.BeforeRegistered => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    };

    public ProblemDetails Problem => Reason switch
    {
        HouseholdRefusalReason.NotFound => Problems.NotFound("household or hamlet", Value ?? "given"),
        HouseholdRefusalReason.NotHamlet => Problems.Unprocessable(
            "Only a hamlet or residential group (Hamlet, ResidentialGroup) holds a household register."),
        HouseholdRefusalReason.CodeTaken => Problems.Conflict($"The hamlet's register already has a household with code '{Value}'."),
        HouseholdRefusalReason.AlreadyLeft => Problems.Conflict("The household has already moved out or merged; it cannot change."),
        HouseholdRefusalReason.OtherHamlet => Problems.Conflict("A household merges only into a household of the same hamlet."),
        HouseholdRefusalReason.MergeTarget => Problems.Conflict("A household merges into another active household, not into itself."),
        _ => Problems.Unprocessable($"The day is before the household was registered ({Value})."),
    };
}

/// <summary>
/// The one home of the household register's rules, for the API, the pages and the CSV import: only hamlets and residential
/// groups hold households, codes are unique within a hamlet (a household that left keeps its code), a household that moved
/// out or merged never changes again, a merge stays inside the hamlet. Every change is a change of <see cref="Household"/>,
/// so the audit interceptor records it in the same transaction; the history is read back from the audit log.
/// </summary>
public sealed class HouseholdRegister(StaffContext staff, HaiLongDbContext db, TimeProvider clock)
{
    public const int PageSize = 25;

    /// <summary>Households inside the caller's jurisdiction.</summary>
    public async Task<IQueryable<Household>> VisibleAsync(CancellationToken ct)
    {
        var path = await staff.JurisdictionPathAsync(ct) ?? "\0";
        return db.Households.Where(h => h.Unit.Path.StartsWith(path));
    }

    /// <summary>The hamlets and residential groups the caller can see, with their active and departed households.</summary>
    public async Task<List<HamletRegisterSummary>> HamletsAsync(CancellationToken ct) =>
        await (await staff.UnitsAsync(ct)).AsNoTracking()
            .Where(UnitLevels.IsHamletUnit)
            .OrderBy(u => u.Parent!.Name).ThenBy(u => u.Name)
            .Select(u => new HamletRegisterSummary(u.Id, u.Code, u.Name, u.Level, u.Parent == null ? null : u.Parent.Name,
                db.Households.Count(h => h.UnitId == u.Id && h.Status == HouseholdStatus.Active),
                db.Households.Count(h => h.UnitId == u.Id && h.Status != HouseholdStatus.Active)))
            .ToListAsync(ct);

    /// <summary>A hamlet in the caller's jurisdiction: 404 outside it (or unknown), 422 for a unit of another level.</summary>
    public async Task<(AdministrativeUnit? Hamlet, HouseholdRefusal? Refusal)> HamletAsync(int unitId, CancellationToken ct)
    {
        var unit = await (await staff.UnitsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null) return (null, new(HouseholdRefusalReason.NotFound, unitId));
        return UnitLevels.IsHamlet(unit.Level) ? (unit, null) : (null, new(HouseholdRefusalReason.NotHamlet));
    }

    /// <summary>One page of a hamlet's register, by code; <paramref name="q"/> matches part of the code, name or address.</summary>
    public async Task<HouseholdListResponse> ListAsync(int unitId, HouseholdStatus? status, string? q, int? page, CancellationToken ct,
        int pageSize = PageSize)
    {
        var households = db.Households.AsNoTracking().Where(h => h.UnitId == unitId);
        if (status is { } s) households = households.Where(h => h.Status == s);
        if (Registry.RegistryListing.Query(q) is { } text)
        {
            var pattern = "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
            households = households.Where(h => EF.Functions.ILike(h.Code, pattern) || EF.Functions.ILike(h.RepresentativeName, pattern)
                || EF.Functions.ILike(h.Address, pattern));
        }
        var total = await households.CountAsync(ct);
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        var number = Math.Clamp(page ?? 1, 1, pages);
        var rows = await households.OrderBy(h => h.Code).Skip((number - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new HouseholdListResponse([.. rows.Select(ToResponse)], number, pages, total);
    }

    /// <summary>A household in the caller's jurisdiction with its history from the audit log, or null (404).</summary>
    public async Task<HouseholdDetailResponse?> FindAsync(long id, CancellationToken ct)
    {
        var household = await (await VisibleAsync(ct)).AsNoTracking().SingleOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return null;
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Household) && a.EntityId == key)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new { a.At, a.Action, Actor = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.UserName).FirstOrDefault(), a.Details })
            .ToListAsync(ct);
        return new HouseholdDetailResponse(ToResponse(household), [.. entries.Select(e => new HouseholdHistoryEntry(e.At, e.Action, e.Actor,
            e.Details is null ? null : JsonDocument.Parse(e.Details).RootElement.Clone()))]);
    }

    /// <summary>The household with <paramref name="code"/> in the hamlet of household <paramref name="id"/>, for a merge form.</summary>
    public async Task<long?> SiblingAsync(long id, string code, CancellationToken ct)
    {
        var unitId = db.Households.Where(h => h.Id == id).Select(h => h.UnitId);
        return await (await VisibleAsync(ct)).Where(h => h.Code == code && unitId.Contains(h.UnitId)).Select(h => (long?)h.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The codes of the households a page links to (merged into, split from).</summary>
    public async Task<Dictionary<long, string>> CodesAsync(long?[] ids, CancellationToken ct)
    {
        var wanted = ids.OfType<long>().ToList();
        return await (await VisibleAsync(ct)).Where(h => wanted.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.Code, ct);
    }

    public async Task<(Household? Household, HouseholdRefusal? Refusal)> AddAsync(AddHouseholdRequest request, CancellationToken ct)
    {
        var (hamlet, refusal) = await HamletAsync(request.UnitId!.Value, ct);
        if (refusal is not null) return (null, refusal);
        var household = New(hamlet!.Id, request.Code, request.RepresentativeName, request.Address, request.RegisteredOn!.Value, null);
        return await SaveNewAsync(household, ct);
    }

    public async Task<(Household? Household, HouseholdRefusal? Refusal)> CorrectAsync(long id, CorrectHouseholdRequest request,
        CancellationToken ct)
    {
        var (household, refusal) = await ActiveAsync(id, ct);
        if (refusal is not null) return (null, refusal);
        household!.RepresentativeName = request.RepresentativeName.Trim();
        household.Address = request.Address.Trim();
        return await SaveAsync(household, ct);
    }

    public async Task<(Household? Household, HouseholdRefusal? Refusal)> MoveOutAsync(long id, MoveOutHouseholdRequest request,
        CancellationToken ct)
    {
        var (household, refusal) = await ActiveAsync(id, ct, request.LeftOn);
        if (refusal is not null) return (null, refusal);
        Leave(household!, HouseholdStatus.MovedOut, request.LeftOn!.Value);
        return await SaveAsync(household!, ct);
    }

    public async Task<(Household? Household, HouseholdRefusal? Refusal)> MergeAsync(long id, MergeHouseholdRequest request,
        CancellationToken ct)
    {
        var (household, refusal) = await ActiveAsync(id, ct, request.MergedOn);
        if (refusal is not null) return (null, refusal);
        var into = await (await VisibleAsync(ct)).SingleOrDefaultAsync(h => h.Id == request.IntoId!.Value, ct);
        if (into is null) return (null, new(HouseholdRefusalReason.NotFound, request.IntoId));
        if (into.UnitId != household!.UnitId) return (null, new(HouseholdRefusalReason.OtherHamlet));
        if (into.Id == household.Id || into.Status != HouseholdStatus.Active) return (null, new(HouseholdRefusalReason.MergeTarget));
        Leave(household, HouseholdStatus.Merged, request.MergedOn!.Value);
        household.MergedIntoId = into.Id;
        return await SaveAsync(household, ct);
    }

    /// <summary>Adds the new household split from <paramref name="id"/>; the household it came from stays as it is.</summary>
    public async Task<(Household? Household, HouseholdRefusal? Refusal)> SplitAsync(long id, SplitHouseholdRequest request,
        CancellationToken ct)
    {
        var (from, refusal) = await ActiveAsync(id, ct, request.SplitOn);
        if (refusal is not null) return (null, refusal);
        var household = New(from!.UnitId, request.Code, request.RepresentativeName, request.Address, request.SplitOn!.Value, from.Id);
        return await SaveNewAsync(household, ct);
    }

    internal DateTimeOffset Now => clock.GetUtcNow();

    internal Household New(int unitId, string code, string name, string address, DateOnly registeredOn, long? splitFromId)
    {
        var now = clock.GetUtcNow();
        return new Household
        {
            UnitId = unitId,
            Code = code.Trim(),
            RepresentativeName = name.Trim(),
            Address = address.Trim(),
            Status = HouseholdStatus.Active,
            RegisteredOn = registeredOn,
            SplitFromId = splitFromId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    internal void Leave(Household household, HouseholdStatus status, DateOnly on)
    {
        household.Status = status;
        household.LeftOn = on;
        household.UpdatedAt = clock.GetUtcNow();
    }

    /// <summary>An active household of the caller's jurisdiction, tracked; a day given must not be before its registration.</summary>
    private async Task<(Household?, HouseholdRefusal?)> ActiveAsync(long id, CancellationToken ct, DateOnly? on = null)
    {
        var household = await (await VisibleAsync(ct)).SingleOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return (null, new(HouseholdRefusalReason.NotFound, id));
        if (household.Status != HouseholdStatus.Active) return (null, new(HouseholdRefusalReason.AlreadyLeft));
        if (on is { } day && day < household.RegisteredOn)
        {
            return (null, new(HouseholdRefusalReason.BeforeRegistered, household.RegisteredOn.ToString("yyyy-MM-dd")));
        }
        return (household, null);
    }

    private async Task<(Household?, HouseholdRefusal?)> SaveNewAsync(Household household, CancellationToken ct)
    {
        if (await db.Households.AnyAsync(h => h.UnitId == household.UnitId && h.Code == household.Code, ct))
        {
            return (null, new(HouseholdRefusalReason.CodeTaken, household.Code));
        }
        db.Households.Add(household);
        return await SaveAsync(household, ct);
    }

    private async Task<(Household?, HouseholdRefusal?)> SaveAsync(Household household, CancellationToken ct)
    {
        household.UpdatedAt = clock.GetUtcNow();
        // Another writer may take the code between the check and the insert: the unique index decides, answered as the same 409.
        if (await Registry.RegistryErrors.SaveAsync(db, ct) is not null)
        {
            db.ChangeTracker.Clear();
            return (null, new(HouseholdRefusalReason.CodeTaken, household.Code));
        }
        return (household, null);
    }

    public static HouseholdResponse ToResponse(Household h) =>
        new(h.Id, h.UnitId, h.Code, h.RepresentativeName, h.Address, h.Status, h.RegisteredOn, h.LeftOn, h.MergedIntoId, h.SplitFromId);
}
