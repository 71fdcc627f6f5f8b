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
    /// The rule above in SQL, for the hand-written statement of a hot path: whether the unit whose materialised path is
    /// <paramref name="unitPath"/> lies in the jurisdiction of the user <paramref name="user"/> (a parameter or column of
    /// type uuid). As in <see cref="PathOf"/>, an account without a jurisdiction unit is national ("/"); an unknown user sees
    /// nothing. Issuing a transaction QR reads it as a column of the official's row, in the same statement as the official
    /// (BENCHMARKS.md §4): one round trip, the jurisdiction read from the primary in that request, nothing cached. A column,
    /// not a filter: as a filter PostgreSQL turned it into a join over every unit and agency of the jurisdiction.
    /// </summary>
    public static string InsideSql(string unitPath, string user) => $"""
        EXISTS (SELECT 1 FROM "AspNetUsers" jurisdiction_user
                LEFT JOIN units jurisdiction ON jurisdiction.id = jurisdiction_user.jurisdiction_unit_id
                WHERE jurisdiction_user.id = {user} AND starts_with({unitPath}, COALESCE(jurisdiction.path, '/')))
        """;

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

