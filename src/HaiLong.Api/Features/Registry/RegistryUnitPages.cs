using System.Globalization;
using HaiLong.Api.Features.Evaluations;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The administrator's pages for administrative units: the list (searched, paged), a form to create one and to change or
/// delete one. A posted form becomes the API's <see cref="UnitRequest"/>, checked with its own DataAnnotations, and is written by
/// <see cref="UnitsApi.SaveUnitAsync"/> — the API's own write — so the page refuses exactly what the API refuses.
/// </summary>
internal static class RegistryUnitPages
{
    public const string Path = "/staff/registry/units";

    internal static IEndpointRouteBuilder MapRegistryUnitPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(Path).RequireAuthorization(Policies.Administrator).ExcludeFromDescription();
        pages.MapGet("/", List);
        pages.MapGet("/new", New);
        pages.MapPost("/new", Create);
        pages.MapGet("/{id:int}", Edit);
        pages.MapPost("/{id:int}", Update);
        pages.MapPost("/{id:int}/delete", Delete);
        return app;
    }

    private static async Task<IResult> List(StaffContext staff, HaiLongDbContext db, CancellationToken ct,
        string? q = null, int? page = null, string? done = null)
    {
        var query = RegistryListing.Query(q);
        var units = (await staff.UnitsAsync(ct)).AsNoTracking();
        if (query is not null) units = units.Where(u => RegistryListing.Matching(db, RegistryListing.Table.Units, query).Contains(u.Id));
        var rows = await RegistryListing.PageAsync(units.OrderBy(u => u.Path)
            .Select(u => new RegistryUnitListPage.Row(u.Id, u.Code, u.Name, u.Level, u.Parent == null ? null : u.Parent.Name)), page, ct);
        return new RazorComponentResult<RegistryUnitListPage>(new { Query = query, Rows = rows, Done = done });
    }

    private static async Task<IResult> New(StaffContext staff, HaiLongDbContext db, CancellationToken ct) =>
        await FormAsync(null, RegistryUnitFormPage.Input.Empty, new Dictionary<string, string>(), null, staff, db, StatusCodes.Status200OK, ct);

    private static async Task<IResult> Edit(int id, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var unit = await (await staff.UnitsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return NotFound(L);
        var input = new RegistryUnitFormPage.Input(unit.Code, unit.Name, unit.Level.ToString(),
            unit.ParentId?.ToString(CultureInfo.InvariantCulture) ?? "", unit.IsRemoteArea);
        return await FormAsync(unit, input, new Dictionary<string, string>(), null, staff, db, StatusCodes.Status200OK, ct);
    }

    private static Task<IResult> Create(IFormCollection form, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http,
        IStringLocalizer<StaffResources> L, CancellationToken ct) => SaveAsync(null, form, staff, db, audit, http, L, ct);

    private static Task<IResult> Update(int id, IFormCollection form, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http,
        IStringLocalizer<StaffResources> L, CancellationToken ct) => SaveAsync(id, form, staff, db, audit, http, L, ct);

    private static async Task<IResult> SaveAsync(int? id, IFormCollection form, StaffContext staff, HaiLongDbContext db, AuditLog audit,
        HttpContext http, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        AdministrativeUnit? existing = null;
        if (id is { } unitId)
        {
            existing = await (await staff.UnitsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);
            if (existing is null) return NotFound(L);
        }
        var input = new RegistryUnitFormPage.Input(form["code"].ToString(), form["name"].ToString(), form["level"].ToString(),
            form["parentId"].ToString(), form["isRemoteArea"].ToString() == "true");
        var errors = new Dictionary<string, string>();
        UnitLevel? level = null;
        if (input.Level.Length > 0)
        {
            if (Enum.TryParse<UnitLevel>(input.Level, out var l) && Enum.IsDefined(l) && !int.TryParse(input.Level, out _)) level = l;
            else errors["level"] = L["Form_Invalid", L["RegistryUnits_Level"]];
        }
        int? parentId = null;
        if (input.ParentId.Length > 0)
        {
            if (int.TryParse(input.ParentId, NumberStyles.None, CultureInfo.InvariantCulture, out var p)) parentId = p;
            else errors["parentId"] = L["Form_Invalid", L["RegistryUnits_Parent"]];
        }
        var request = new UnitRequest(input.Code, input.Name, level, parentId, input.IsRemoteArea);
        if (StaffForms.Validate(request, Fields(L), errors, L).Count > 0)
        {
            return await FormAsync(existing, input, errors, null, staff, db, StatusCodes.Status400BadRequest, ct);
        }
        var (unit, refusal) = await UnitsApi.SaveUnitAsync(id, request, staff, db, audit, http, ct);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(L);
        if (refusal is not null)
        {
            var message = Words(refusal, L);
            if (refusal.Field is { } field) errors[field] = message;
            return await FormAsync(existing, input, errors, refusal.Field is null ? message : null, staff, db, refusal.Status, ct);
        }
        return Results.Redirect(RegistryListing.Href(Path, unit!.Code, 1) + "&done=saved");
    }

    private static async Task<IResult> Delete(int id, IFormCollection form, StaffContext staff, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var existing = await (await staff.UnitsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (existing is null) return NotFound(L);
        var refusal = await UnitsApi.DeleteUnitAsync(id, staff, db, ct);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(L);
        if (refusal is not null)
        {
            var input = new RegistryUnitFormPage.Input(existing.Code, existing.Name, existing.Level.ToString(),
                existing.ParentId?.ToString(CultureInfo.InvariantCulture) ?? "", existing.IsRemoteArea);
            return await FormAsync(existing, input, new Dictionary<string, string>(), Words(refusal, L), staff, db, refusal.Status, ct);
        }
        return Results.Redirect(Path + "?done=deleted");
    }

    private static Dictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) => new()
    {
        [nameof(UnitRequest.Code)] = ("code", L["RegistryUnits_Code"]),
        [nameof(UnitRequest.Name)] = ("name", L["RegistryUnits_Name"]),
        [nameof(UnitRequest.Level)] = ("level", L["RegistryUnits_Level"]),
        [nameof(UnitRequest.ParentId)] = ("parentId", L["RegistryUnits_Parent"]),
    };

    /// <summary>A refusal of <see cref="UnitsApi"/> in Vietnamese, with the levels in their words.</summary>
    internal static string Words(RegistryRefusal refusal, IStringLocalizer<StaffResources> L)
    {
        string Level(object l) => L[$"UnitLevel_{l}"];
        return refusal.Reason switch
        {
            "Level" or "ChildrenLevel" when refusal.Args[1] is IReadOnlyList<UnitLevel> { Count: 0 } =>
                L[$"RegistryUnits_Refused_{refusal.Reason}Top", Level(refusal.Args[0])],
            "Level" or "ChildrenLevel" =>
                L[$"RegistryUnits_Refused_{refusal.Reason}", Level(refusal.Args[0]),
                    string.Join(", ", ((IReadOnlyList<UnitLevel>)refusal.Args[1]).Select(p => Level(p)))],
            _ => L[$"RegistryUnits_Refused_{refusal.Reason}", [.. refusal.Args]],
        };
    }

    private static async Task<IResult> FormAsync(AdministrativeUnit? unit, RegistryUnitFormPage.Input input, IReadOnlyDictionary<string, string> errors,
        string? error, StaffContext staff, HaiLongDbContext db, int status, CancellationToken ct)
    {
        var national = await staff.JurisdictionPathAsync(ct) == "/";
        // Hamlets and residential groups are never parents; a unit cannot move into its own subtree.
        var candidates = (await staff.UnitsAsync(ct)).AsNoTracking()
            .Where(u => u.Level != UnitLevel.Hamlet && u.Level != UnitLevel.ResidentialGroup);
        if (unit is not null) candidates = candidates.Where(u => !u.Path.StartsWith(unit.Path));
        var parents = await candidates.OrderBy(u => u.Path)
            .Select(u => new RegistryUnitFormPage.Parent(u.Id, u.Code, u.Name, u.Level)).ToListAsync(ct);
        // The unit's own parent may lie above the jurisdiction (an administrator's own ward under its province): it stays offered.
        if (unit?.ParentId is { } parentId && parents.All(p => p.Id != parentId))
        {
            parents.Insert(0, await db.Units.AsNoTracking().Where(u => u.Id == parentId)
                .Select(u => new RegistryUnitFormPage.Parent(u.Id, u.Code, u.Name, u.Level)).SingleAsync(ct));
        }
        return new RazorComponentResult<RegistryUnitFormPage>(new
        {
            UnitId = unit?.Id,
            UnitName = unit?.Name,
            Values = input,
            Errors = errors,
            Error = error,
            Parents = (IReadOnlyList<RegistryUnitFormPage.Parent>)parents,
            // Only a national administrator may make a unit top-level; a unit already top-level keeps the choice.
            OfferTopLevel = national || (unit is not null && unit.ParentId is null),
        }) { StatusCode = status };
    }

    internal static IResult NotFound(IStringLocalizer<StaffResources> L) =>
        Accounts.StaffMessagePage.Result(L["RegistryUnits_NotFound"], L["RegistryUnits_NotFoundBody"], L["RegistryUnits_Back"],
            StatusCodes.Status404NotFound, Path);
}
