using System.Globalization;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The administrator's pages for administrative units (<see cref="RegistryRecordPages{TRecord, TInput, TRequest}"/>): a posted
/// form becomes the API's <see cref="UnitRequest"/> and is written by <see cref="UnitsApi.SaveUnitAsync"/> — the API's own write
/// — so the page refuses exactly what the API refuses, a top-level unit audited as the API's refusal is.
/// </summary>
internal sealed class RegistryUnitPages()
    : RegistryRecordPages<AdministrativeUnit, RegistryUnitFormPage.Input, UnitRequest>(Path, "RegistryUnits", RegistryListing.Table.Units)
{
    public const string Path = "/staff/registry/units";

    protected override Task<IQueryable<AdministrativeUnit>> RecordsAsync(StaffContext staff, CancellationToken ct) => staff.UnitsAsync(ct);

    protected override Task<IResult> ListPageAsync(IQueryable<AdministrativeUnit> units, RegistryList list) =>
        ListPageAsync<RegistryUnitListPage, RegistryUnitListPage.Row>(units.OrderBy(u => u.Path)
            .Select(u => new RegistryUnitListPage.Row(u.Id, u.Code, u.Name, u.Level, u.Parent == null ? null : u.Parent.Name)), list);

    protected override RegistryUnitFormPage.Input Empty => RegistryUnitFormPage.Input.Empty;

    protected override RegistryUnitFormPage.Input Typed(AdministrativeUnit u) =>
        new(u.Code, u.Name, u.Level.ToString(), u.ParentId?.ToString(CultureInfo.InvariantCulture) ?? "", u.IsRemoteArea);

    protected override (RegistryUnitFormPage.Input, UnitRequest) Read(IFormCollection form, Dictionary<string, string> errors,
        IStringLocalizer<StaffResources> L)
    {
        var input = new RegistryUnitFormPage.Input(form["code"].ToString(), form["name"].ToString(), form["level"].ToString(),
            form["parentId"].ToString(), form["isRemoteArea"].ToString() == "true");
        var level = StaffForms.Named<UnitLevel>(input.Level, "level", L["RegistryUnits_Level"], errors, L);
        var parentId = StaffForms.Id(input.ParentId, "parentId", L["RegistryUnits_Parent"], errors, L);
        return (input, new UnitRequest(input.Code, input.Name, level, parentId, input.IsRemoteArea));
    }

    protected override IReadOnlyDictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) =>
        StaffForms.Fields(L, (nameof(UnitRequest.Code), "RegistryUnits_Code"), (nameof(UnitRequest.Name), "RegistryUnits_Name"),
            (nameof(UnitRequest.Level), "RegistryUnits_Level"), (nameof(UnitRequest.ParentId), "RegistryUnits_Parent"));

    protected override Task<(AdministrativeUnit?, RegistryRefusal?)> WriteAsync(int? id, UnitRequest request, RegistryPageContext context) =>
        UnitsApi.SaveUnitAsync(id, request, context.Staff, context.Db, context.Audit, context.Http, context.Ct);

    protected override Task<RegistryRefusal?> RemoveAsync(int id, RegistryPageContext context) =>
        UnitsApi.DeleteUnitAsync(id, context.Staff, context.Db, context.Ct);

    /// <summary>A refusal of <see cref="UnitsApi"/> in Vietnamese, with the levels in their words.</summary>
    protected override string Words(RegistryRefusal refusal, IStringLocalizer<StaffResources> L)
    {
        string Level(object l) => L[$"UnitLevel_{l}"];
        return refusal.Reason switch
        {
            "Level" or "ChildrenLevel" when refusal.Args[1] is IReadOnlyList<UnitLevel> { Count: 0 } =>
                L[$"RegistryUnits_Refused_{refusal.Reason}Top", Level(refusal.Args[0])],
            "Level" or "ChildrenLevel" =>
                L[$"RegistryUnits_Refused_{refusal.Reason}", Level(refusal.Args[0]),
                    string.Join(", ", ((IReadOnlyList<UnitLevel>)refusal.Args[1]).Select(p => Level(p)))],
            _ => base.Words(refusal, L),
        };
    }

    protected override async Task<IResult> FormAsync(AdministrativeUnit? unit, RegistryForm<RegistryUnitFormPage.Input> form,
        RegistryPageContext context)
    {
        var (staff, ct) = (context.Staff, context.Ct);
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
            parents.Insert(0, await context.Db.Units.AsNoTracking().Where(u => u.Id == parentId)
                .Select(u => new RegistryUnitFormPage.Parent(u.Id, u.Code, u.Name, u.Level)).SingleAsync(ct));
        }
        // Only a national administrator may make a unit top-level; a unit already top-level keeps the choice.
        return form.Page<RegistryUnitFormPage>(unit?.Id, unit?.Name, ("Parents", (IReadOnlyList<RegistryUnitFormPage.Parent>)parents),
            ("OfferTopLevel", national || (unit is not null && unit.ParentId is null)));
    }
}
