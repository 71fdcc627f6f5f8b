using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

/// <summary>Administrative units: a tree kept as materialised paths, so that a jurisdiction is one prefix match.</summary>
public static class UnitsApi
{
    internal static void MapUnits(this RouteGroupBuilder units)
    {
        units.MapGet("/", ListUnits).WithName("ListUnits")
            .WithSummary("Units in the caller's jurisdiction, flat or as a tree")
            .WithDescription("Any signed-in staff member; only units inside the caller's jurisdiction. `view=flat` (default) lists the units ordered by path; `view=tree` nests them under the caller's jurisdiction root; any other view is refused (400).");
        units.MapGet("/{id:int}", GetUnit).WithName("GetUnit").WithSummary("One unit in the caller's jurisdiction")
            .WithDescription("Any signed-in staff member. Reads one administrative unit; a unit outside the caller's jurisdiction answers 404, as does an unknown id.");
        units.MapPost("/", CreateUnit).WithName("CreateUnit").WithSummary("Create a unit under a parent in the caller's jurisdiction")
            .WithDescription("Administrators only. Creates a unit under a parent inside the caller's jurisdiction; only a national administrator may create a top-level unit (403). Refuses an unknown parent or a level that does not fit the parent (422) and a code already used (409).")
            .RequireAuthorization(Policies.Administrator);
        units.MapPut("/{id:int}", UpdateUnit).WithName("UpdateUnit")
            .WithSummary("Rename, re-level or move a unit (the whole subtree moves with it)")
            .WithDescription("Administrators only; the unit must lie in the caller's jurisdiction (404 otherwise). A move takes the whole subtree along. A move into the unit's own subtree is a cycle and is refused (422), as is a level that does not fit its parent or its children; a taken code is refused (409) and only a national administrator may make a unit top-level (403).")
            .RequireAuthorization(Policies.Administrator);
        units.MapDelete("/{id:int}", DeleteUnit).WithName("DeleteUnit").WithSummary("Delete a unit that nothing refers to")
            .WithDescription("Administrators only; the unit must lie in the caller's jurisdiction (404 otherwise). Refused (409) while the unit has child units, agencies, staff accounts or anything else that refers to it.")
            .RequireAuthorization(Policies.Administrator);
    }

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

    public static async Task<Results<Ok<UnitResponse>, NotFound<ProblemDetails>>> GetUnit(int id, StaffContext staff, CancellationToken ct)
    {
        var unit = await (await staff.UnitsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        return unit is null ? TypedResults.NotFound(Problems.NotFound("unit", id)) : TypedResults.Ok(ToResponse(unit));
    }

    public static async Task<Results<Created<UnitResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>, ProblemHttpResult>> CreateUnit(
        UnitRequest request, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockTreeAsync(db, ct);
        AdministrativeUnit? parent = null;
        if (request.ParentId is { } parentId)
        {
            parent = await (await staff.UnitsAsync(ct)).SingleOrDefaultAsync(u => u.Id == parentId, ct);
            if (parent is null) return TypedResults.UnprocessableEntity(Problems.Unprocessable($"Unknown parent unit {parentId} (not in your jurisdiction)."));
        }
        else if (await staff.JurisdictionPathAsync(ct) != "/")
        {
            // Rolled back first: the audit entry must outlive the refused write's transaction.
            await tx.RollbackAsync(ct);
            return await RegistryErrors.RefuseAsync(audit, http, RegistryErrors.TopLevelRefusal, ct);
        }
        if (UnitRules.CheckParent(request.Level!.Value, parent?.Level) is { } levelError)
        {
            return TypedResults.UnprocessableEntity(Problems.Unprocessable(levelError));
        }
        if (await db.Units.AnyAsync(u => u.Code == request.Code, ct))
        {
            return TypedResults.Conflict(Problems.Conflict($"A unit with code '{request.Code}' already exists."));
        }

        var unit = new AdministrativeUnit
        {
            Code = request.Code.Trim(),
            Name = request.Name.Trim(),
            Level = request.Level.Value,
            ParentId = parent?.Id,
            IsRemoteArea = request.IsRemoteArea,
        };
        db.Units.Add(unit);
        try
        {
            await db.SaveChangesAsync(ct);
            // The path holds the unit's own id, which the insert has just assigned.
            unit.Path = $"{parent?.Path ?? "/"}{unit.Id}/";
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (RegistryErrors.Conflict(e) is { } conflict)
        {
            return TypedResults.Conflict(conflict);
        }
        return TypedResults.Created($"/api/units/{unit.Id}", ToResponse(unit));
    }

    public static async Task<Results<Ok<UnitResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>, ProblemHttpResult>> UpdateUnit(
        int id, UnitRequest request, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockTreeAsync(db, ct);
        var unit = await (await staff.UnitsAsync(ct)).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return TypedResults.NotFound(Problems.NotFound("unit", id));

        AdministrativeUnit? parent = null;
        var moving = request.ParentId != unit.ParentId;
        if (request.ParentId is { } parentId)
        {
            // An unchanged parent may lie above the caller's jurisdiction (their own root unit); a new one must lie inside it.
            parent = moving
                ? await (await staff.UnitsAsync(ct)).SingleOrDefaultAsync(u => u.Id == parentId, ct)
                : await db.Units.SingleAsync(u => u.Id == parentId, ct);
            if (parent is null) return TypedResults.UnprocessableEntity(Problems.Unprocessable($"Unknown parent unit {parentId} (not in your jurisdiction)."));
            if (UnitRules.WouldCreateCycle(unit.Path, parent.Path))
            {
                return TypedResults.UnprocessableEntity(Problems.Unprocessable(
                    $"Unit {parentId} lies inside the subtree of unit {id}; moving there would make a cycle."));
            }
        }
        else if (moving && await staff.JurisdictionPathAsync(ct) != "/")
        {
            // Rolled back first: the audit entry must outlive the refused write's transaction.
            await tx.RollbackAsync(ct);
            return await RegistryErrors.RefuseAsync(audit, http, RegistryErrors.TopLevelRefusal, ct);
        }

        var level = request.Level!.Value;
        if (UnitRules.CheckParent(level, parent?.Level) is { } levelError)
        {
            return TypedResults.UnprocessableEntity(Problems.Unprocessable(levelError));
        }
        var childLevels = await db.Units.Where(u => u.ParentId == id).Select(u => u.Level).Distinct().ToListAsync(ct);
        if (childLevels.Select(c => UnitRules.CheckParent(c, level)).FirstOrDefault(e => e is not null) is { } childError)
        {
            return TypedResults.UnprocessableEntity(Problems.Unprocessable($"The unit's children no longer fit: {childError}"));
        }
        if (await db.Units.AnyAsync(u => u.Code == request.Code && u.Id != id, ct))
        {
            return TypedResults.Conflict(Problems.Conflict($"A unit with code '{request.Code}' already exists."));
        }

        unit.Code = request.Code.Trim();
        unit.Name = request.Name.Trim();
        unit.Level = level;
        unit.IsRemoteArea = request.IsRemoteArea;
        if (moving)
        {
            var oldPath = unit.Path;
            var newPath = $"{parent?.Path ?? "/"}{unit.Id}/";
            // Tracked rather than one UPDATE statement, so every moved unit's new path is audited.
            var subtree = await db.Units.Where(u => u.Path.StartsWith(oldPath)).ToListAsync(ct);
            foreach (var u in subtree) u.Path = newPath + u.Path[oldPath.Length..];
            unit.ParentId = parent?.Id;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (RegistryErrors.Conflict(e) is { } conflict)
        {
            return TypedResults.Conflict(conflict);
        }
        return TypedResults.Ok(ToResponse(unit));
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> DeleteUnit(
        int id, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockTreeAsync(db, ct);
        var unit = await (await staff.UnitsAsync(ct)).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return TypedResults.NotFound(Problems.NotFound("unit", id));
        if (await db.Units.AnyAsync(u => u.ParentId == id, ct))
        {
            return TypedResults.Conflict(Problems.Conflict($"Unit {id} has child units; move or delete them first."));
        }
        if (await db.Agencies.AnyAsync(a => a.UnitId == id, ct))
        {
            return TypedResults.Conflict(Problems.Conflict($"Unit {id} still has agencies; move or delete them first."));
        }
        if (await db.Users.AnyAsync(u => u.JurisdictionUnitId == id, ct))
        {
            return TypedResults.Conflict(Problems.Conflict($"Unit {id} is the jurisdiction of staff accounts; change them first."));
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
            return TypedResults.Conflict(conflict);
        }
        return TypedResults.NoContent();
    }

    // Moves rewrite the paths of a whole subtree; one writer at a time keeps two concurrent moves from interleaving.
    private static Task LockTreeAsync(HaiLongDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('hailong.units.tree'))", ct);

    private static UnitResponse ToResponse(AdministrativeUnit u) => new(u.Id, u.Code, u.Name, u.Level, u.ParentId, u.Path, u.IsRemoteArea);
}
