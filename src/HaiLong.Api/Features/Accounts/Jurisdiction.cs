using System.Security.Claims;

namespace HaiLong.Api.Features.Accounts;

// The core access rule lives with the accounts, not in Infrastructure: a jurisdiction is part of a staff account (its
// users.jurisdiction_unit_id, set when Accounts creates it), and "staff see only their jurisdiction" is a rule of the
// domain that every capability obeys, not plumbing. AddAccounts registers it.

/// <summary>
/// The signed-in staff member and the unit subtree they may see. Every staff query filters through this; an object outside
/// the subtree is answered as "not found", so its existence is not disclosed.
/// </summary>
public sealed class StaffContext(IHttpContextAccessor httpContext, HaiLongDbContext db)
{
    private string? _path;
    private bool _loaded;

    public ClaimsPrincipal User => httpContext.HttpContext?.User ?? new ClaimsPrincipal();

    public Guid? UserId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public bool IsInRole(string role) => User.IsInRole(role);

    /// <summary>Materialised path of the user's jurisdiction root; "/" for a national administrator; null when signed out.</summary>
    public async Task<string?> JurisdictionPathAsync(CancellationToken ct = default)
    {
        if (_loaded) return _path;
        _loaded = true;
        if (UserId is not { } id) return null;
        _path = await PathOf(db, id).SingleOrDefaultAsync(ct);
        return _path;
    }

    /// <summary>A user's jurisdiction path as a query: "/" (national) when the account has no jurisdiction unit.</summary>
    private static IQueryable<string> PathOf(HaiLongDbContext source, Guid id) =>
        source.Users.Where(u => u.Id == id).Select(u => u.JurisdictionUnitId == null ? "/" : u.JurisdictionUnit!.Path);

    /// <summary>
    /// One official by id with whether it lies in the jurisdiction, as one query that reads the jurisdiction itself, for a
    /// hot path that reads one official per request (issuing a transaction QR): one round trip instead of two (BENCHMARKS.md
    /// §4). The jurisdiction is still read from the primary in the same request, so a changed one applies at once; nothing is
    /// cached. The check is a column, not a filter: as a filter PostgreSQL turned it into a join that walked every unit of
    /// the jurisdiction and every agency in it, then probed their officials (150 probes an issue in the bench's 50 wards;
    /// a province's thousands of units for its administrators), where the id finds the one row and the check runs once.
    /// Treat <see cref="Inside{T}.IsInside"/> false as "not found", like every query filtered here.
    /// </summary>
    public IQueryable<Inside<Official>> OfficialInOneQuery(int officialId)
    {
        var path = UserId is { } id ? PathOf(db, id) : db.Users.Where(_ => false).Select(u => "");
        return db.Officials.Where(o => o.Id == officialId)
            .Select(o => new Inside<Official> { Item = o, IsInside = path.Any(p => o.Agency.Unit.Path.StartsWith(p)) });
    }

    public async Task<bool> CanSeeUnitAsync(int unitId, CancellationToken ct = default)
    {
        var path = await JurisdictionPathAsync(ct);
        if (path is null) return false;
        if (path == "/") return await db.Units.AnyAsync(u => u.Id == unitId, ct);
        return await db.Units.AnyAsync(u => u.Id == unitId && u.Path.StartsWith(path), ct);
    }

    public Task<IQueryable<AdministrativeUnit>> UnitsAsync(CancellationToken ct = default) => UnitsAsync(db, ct);

    /// <summary>
    /// The same subtree queried through another context: the replica reads (<see cref="ReplicaReads"/>). The jurisdiction
    /// itself is always read from the primary, so a changed jurisdiction applies at once.
    /// </summary>
    public async Task<IQueryable<AdministrativeUnit>> UnitsAsync(HaiLongDbContext source, CancellationToken ct)
    {
        var path = await JurisdictionPathAsync(ct) ?? "\0";
        return source.Units.Where(u => u.Path.StartsWith(path));
    }

    public async Task<IQueryable<Agency>> AgenciesAsync(CancellationToken ct = default)
    {
        var path = await JurisdictionPathAsync(ct) ?? "\0";
        return db.Agencies.Where(a => a.Unit.Path.StartsWith(path));
    }

    public Task<IQueryable<Official>> OfficialsAsync(CancellationToken ct = default) => OfficialsAsync(db, ct);

    public async Task<IQueryable<Official>> OfficialsAsync(HaiLongDbContext source, CancellationToken ct)
    {
        var path = await JurisdictionPathAsync(ct) ?? "\0";
        return source.Officials.Where(o => o.Agency.Unit.Path.StartsWith(path));
    }

    public async Task<IQueryable<ServicePoint>> ServicePointsAsync(CancellationToken ct = default)
    {
        var path = await JurisdictionPathAsync(ct) ?? "\0";
        return db.ServicePoints.Where(s => s.Agency.Unit.Path.StartsWith(path));
    }
}

/// <summary>A row read with whether it lies in the caller's jurisdiction (<see cref="StaffContext.OfficialInOneQuery"/>).</summary>
public sealed class Inside<T>
{
    public required T Item { get; init; }
    public bool IsInside { get; init; }
}
