using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

/// <summary>Administrative units: a tree kept as materialised paths, so that a jurisdiction is one prefix match.</summary>
public static class UnitsApi
{
    internal static void MapUnits(this RouteGroupBuilder units)
    {
        units.MapGet("/", ListUnits).WithName("ListUnits");
        units.MapGet("/{id:int}", GetUnit).WithName("GetUnit");
        units.MapPost("/", CreateUnit).WithName("CreateUnit")
            .RequireAuthorization(Policies.Administrator);
        units.MapPut("/{id:int}", UpdateUnit).WithName("UpdateUnit")
            .RequireAuthorization(Policies.Administrator);
        units.MapDelete("/{id:int}", DeleteUnit).WithName("DeleteUnit")
            .RequireAuthorization(Policies.Administrator);
    }

    /// <summary>Units in the caller's jurisdiction, flat or as a tree</summary>
    /// <remarks>
    /// Any signed-in staff member; only units inside the caller's jurisdiction. `view=flat` (default) lists the units ordered
    /// by path; `view=tree` nests them under the caller's jurisdiction root; any other view is refused (400).
    /// </remarks>
    public static async Task<Results<Ok<UnitListResponse>, ValidationProblem>> ListUnits(
        StaffContext staff, CancellationToken ct, [AllowedValues("flat", "tree"), Description("flat (default) or tree")] string view = "flat")
    {
        var tree = view.Equals("tree", StringComparison.OrdinalIgnoreCase);
        if (!tree && !view.Equals("flat", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["view"] = ["Use view=flat or view=tree."] });
        }
        var units = await (await staff.UnitsAsync(ct)).AsNoTracking().OrderBy(u => u.Path).ToListAsync(ct);
        if (!tree) return TypedResults.Ok(new UnitListResponse(units.Select(ToResponse).ToArray(), []));

        var visible = units.Select(u => u.Id).ToHashSet();
        var children = units.Where(u => u.ParentId is { } p && visible.Contains(p)).ToLookup(u => u.ParentId!.Value);
        UnitNode Node(AdministrativeUnit u) =>
            new(u.Id, u.Code, u.Name, u.Level, u.ParentId, u.IsRemoteArea, children[u.Id].Select(Node).ToArray());
        var roots = units.Where(u => u.ParentId is not { } p || !visible.Contains(p)).Select(Node).ToArray();
        return TypedResults.Ok(new UnitListResponse([], roots));
    }

    /// <summary>One unit in the caller's jurisdiction</summary>
    /// <remarks>
    /// Any signed-in staff member. Reads one administrative unit; a unit outside the caller's jurisdiction answers 404, as does
    /// an unknown id.
    /// </remarks>
    public static async Task<Results<Ok<UnitResponse>, NotFound<ProblemDetails>>> GetUnit(int id, StaffContext staff, CancellationToken ct) =>
        await RegistryAnswers.FoundAsync(await staff.UnitsAsync(ct), id, "unit", ToResponse, ct);

    /// <summary>Create a unit under a parent in the caller's jurisdiction</summary>
    /// <remarks>
    /// Administrators only. Creates a unit under a parent inside the caller's jurisdiction; only a national administrator may
    /// create a top-level unit (403). Refuses an unknown parent or a level that does not fit the parent (422) and a code
    /// already used (409).
    /// </remarks>
    public static async Task<Results<Created<UnitResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>, ProblemHttpResult>> CreateUnit(
        UnitRequest request, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var (unit, refusal) = await SaveUnitAsync(null, request, staff, db, audit, http, ct);
        return refusal switch
        {
            null => TypedResults.Created($"/api/units/{unit!.Id}", ToResponse(unit)),
            { Status: StatusCodes.Status409Conflict } => TypedResults.Conflict(refusal.Problem),
            { Status: StatusCodes.Status422UnprocessableEntity } => TypedResults.UnprocessableEntity(refusal.Problem),
            _ => TypedResults.Problem(refusal.Problem),
        };
    }

    /// <summary>Rename, re-level or move a unit (the whole subtree moves with it)</summary>
    /// <remarks>
    /// Administrators only; the unit must lie in the caller's jurisdiction (404 otherwise). A move takes the whole subtree
    /// along. A move into the unit's own subtree is a cycle and is refused (422), as is a level that does not fit its parent or
    /// its children; a taken code is refused (409) and only a national administrator may make a unit top-level (403).
    /// </remarks>
    public static async Task<Results<Ok<UnitResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>, ProblemHttpResult>> UpdateUnit(
        int id, UnitRequest request, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var (unit, refusal) = await SaveUnitAsync(id, request, staff, db, audit, http, ct);
        return refusal switch
        {
            null => TypedResults.Ok(ToResponse(unit!)),
            { Status: StatusCodes.Status404NotFound } => TypedResults.NotFound(refusal.Problem),
            { Status: StatusCodes.Status409Conflict } => TypedResults.Conflict(refusal.Problem),
            { Status: StatusCodes.Status422UnprocessableEntity } => TypedResults.UnprocessableEntity(refusal.Problem),
            _ => TypedResults.Problem(refusal.Problem),
        };
    }

    /// <summary>Delete a unit that nothing refers to</summary>
    /// <remarks>
    /// Administrators only; the unit must lie in the caller's jurisdiction (404 otherwise). Refused (409) while the unit has
    /// child units, agencies, staff accounts or anything else that refers to it.
    /// </remarks>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> DeleteUnit(
        int id, StaffContext staff, HaiLongDbContext db, CancellationToken ct) =>
        RegistryAnswers.Deleted((await DeleteUnitAsync(id, staff, db, ct))?.Problem);

    /// <summary>
    /// Creates (<paramref name="id"/> null) or changes a unit: every rule of a unit write, for the API and the registry pages.
    /// The request has passed its DataAnnotations. A top-level refusal (403) is audited like the authorisation middleware's.
    /// </summary>
    internal static async Task<(AdministrativeUnit? Unit, RegistryRefusal? Refusal)> SaveUnitAsync(
        int? id, UnitRequest request, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockTreeAsync(db, ct);
        AdministrativeUnit? unit = null;
        if (id is { } existing)
        {
            unit = await (await staff.UnitsAsync(ct)).SingleOrDefaultAsync(u => u.Id == existing, ct);
            if (unit is null) return (null, RegistryRefusal.NotFound("unit", existing));
        }

        AdministrativeUnit? parent = null;
        var moving = unit is null || request.ParentId != unit.ParentId;
        if (request.ParentId is { } parentId)
        {
            // An unchanged parent may lie above the caller's jurisdiction (their own root unit); a new one must lie inside it.
            parent = moving
                ? await (await staff.UnitsAsync(ct)).SingleOrDefaultAsync(u => u.Id == parentId, ct)
                : await db.Units.SingleAsync(u => u.Id == parentId, ct);
            if (parent is null)
            {
                return (null,
                    RegistryRefusal.Unprocessable("ParentUnknown", "parentId", $"Unknown parent unit {parentId} (not in your jurisdiction).", parentId));
            }
            if (unit is not null && UnitRules.WouldCreateCycle(unit.Path, parent.Path))
            {
                return (null, RegistryRefusal.Unprocessable("Cycle", "parentId",
                    $"Unit {parentId} lies inside the subtree of unit {unit.Id}; moving there would make a cycle.", parent.Name));
            }
        }
        else if (moving && await staff.JurisdictionPathAsync(ct) != "/")
        {
            // Rolled back first: the audit entry must outlive the refused write's transaction.
            await tx.RollbackAsync(ct);
            await RegistryErrors.RefuseAsync(audit, http, RegistryErrors.TopLevelRefusal, ct);
            return (null, new RegistryRefusal(StatusCodes.Status403Forbidden, "TopLevel", "parentId", RegistryErrors.TopLevelRefusal, []));
        }

        var level = request.Level!.Value;
        if (UnitRules.CheckParent(level, parent?.Level) is { } levelError)
        {
            return (null, RegistryRefusal.Unprocessable("Level", "level", levelError, level, UnitRules.ParentsOf(level)));
        }
        if (unit is not null)
        {
            var childLevels = await db.Units.Where(u => u.ParentId == unit.Id).Select(u => u.Level).Distinct().ToListAsync(ct);
            foreach (var misfit in childLevels)
            {
                if (UnitRules.CheckParent(misfit, level) is not { } childError) continue;
                return (null, RegistryRefusal.Unprocessable("ChildrenLevel", "level", $"The unit's children no longer fit: {childError}",
                    misfit, UnitRules.ParentsOf(misfit)));
            }
        }
        if (await db.Units.AnyAsync(u => u.Code == request.Code && u.Id != id, ct))
        {
            return (null, RegistryRefusal.Conflict("CodeTaken", "code", $"A unit with code '{request.Code}' already exists.", request.Code));
        }

        unit ??= db.Units.Add(new AdministrativeUnit { Code = "", Name = "" }).Entity;
        unit.Code = request.Code.Trim();
        unit.Name = request.Name.Trim();
        unit.Level = level;
        unit.IsRemoteArea = request.IsRemoteArea;
        if (unit.Id != 0 && moving)
        {
            var oldPath = unit.Path;
            var newPath = $"{parent?.Path ?? "/"}{unit.Id}/";
            // Tracked rather than one UPDATE statement, so every moved unit's new path is audited.
            var subtree = await db.Units.Where(u => u.Path.StartsWith(oldPath)).ToListAsync(ct);
            foreach (var u in subtree) u.Path = newPath + u.Path[oldPath.Length..];
        }
        unit.ParentId = parent?.Id;
        try
        {
            if (unit.Id == 0)
            {
                await db.SaveChangesAsync(ct);
                // The path holds the unit's own id, which the insert has just assigned.
                unit.Path = $"{parent?.Path ?? "/"}{unit.Id}/";
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (RegistryErrors.Conflict(e) is { } conflict)
        {
            return (null, RegistryRefusal.Database(conflict));
        }
        return (unit, null);
    }

    /// <summary>Deletes a unit that nothing refers to; null when it is gone. For the API and the registry pages.</summary>
    internal static async Task<RegistryRefusal?> DeleteUnitAsync(int id, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockTreeAsync(db, ct);
        var unit = await (await staff.UnitsAsync(ct)).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return RegistryRefusal.NotFound("unit", id);
        if (await db.Units.AnyAsync(u => u.ParentId == id, ct))
        {
            return RegistryRefusal.Conflict("HasChildren", null, $"Unit {id} has child units; move or delete them first.");
        }
        if (await db.Agencies.AnyAsync(a => a.UnitId == id, ct))
        {
            return RegistryRefusal.Conflict("HasAgencies", null, $"Unit {id} still has agencies; move or delete them first.");
        }
        if (await db.Users.AnyAsync(u => u.JurisdictionUnitId == id, ct))
        {
            return RegistryRefusal.Conflict("HasAccounts", null, $"Unit {id} is the jurisdiction of staff accounts; change them first.");
        }
        db.Units.Remove(unit);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (RegistryErrors.Conflict(e) is { } conflict)
        {
            // Surveys, meetings, responses and later capabilities refer to units too; the foreign keys speak for them.
            return RegistryRefusal.Database(conflict);
        }
        return null;
    }

    // Moves rewrite the paths of a whole subtree; one writer at a time keeps two concurrent moves from interleaving.
    private static Task LockTreeAsync(HaiLongDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('hailong.units.tree'))", ct);

    private static UnitResponse ToResponse(AdministrativeUnit u) => new(u.Id, u.Code, u.Name, u.Level, u.ParentId, u.Path, u.IsRemoteArea);
}
