using System.Globalization;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The administrator's pages for agencies (<see cref="RegistryRecordPages{TRecord, TInput, TRequest}"/>): a posted form becomes
/// the API's <see cref="AgencyRequest"/> and is written by <see cref="AgenciesApi.SaveAgencyAsync"/>, the API's own write.
/// </summary>
internal sealed class RegistryAgencyPages()
    : RegistryRecordPages<Agency, RegistryAgencyFormPage.Input, AgencyRequest>(Path, "RegistryAgencies", RegistryListing.Table.Agencies)
{
    public const string Path = "/staff/registry/agencies";

    protected override Task<IQueryable<Agency>> RecordsAsync(StaffContext staff, CancellationToken ct) => staff.AgenciesAsync(ct);

    protected override Task<IResult> ListPageAsync(IQueryable<Agency> agencies, RegistryList list) =>
        ListPageAsync<RegistryAgencyListPage, RegistryAgencyListPage.Row>(agencies.OrderBy(a => a.Unit.Path).ThenBy(a => a.Code)
            .Select(a => new RegistryAgencyListPage.Row(a.Id, a.Code, a.Name, a.Kind, a.Unit.Name)), list);

    protected override RegistryAgencyFormPage.Input Empty => RegistryAgencyFormPage.Input.Empty;

    protected override RegistryAgencyFormPage.Input Typed(Agency a) =>
        new(a.Code, a.Name, a.Kind.ToString(), a.UnitId.ToString(CultureInfo.InvariantCulture));

    protected override (RegistryAgencyFormPage.Input, AgencyRequest) Read(IFormCollection form, Dictionary<string, string> errors,
        IStringLocalizer<StaffResources> L)
    {
        var input = new RegistryAgencyFormPage.Input(form["code"].ToString(), form["name"].ToString(), form["kind"].ToString(),
            form["unitId"].ToString());
        var kind = StaffForms.Named<AgencyKind>(input.Kind, "kind", L["RegistryAgencies_Kind"], errors, L);
        var unitId = StaffForms.Id(input.UnitId, "unitId", L["RegistryAgencies_Unit"], errors, L);
        return (input, new AgencyRequest(unitId, kind, input.Code, input.Name));
    }

    protected override IReadOnlyDictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) =>
        StaffForms.Fields(L, (nameof(AgencyRequest.Code), "RegistryAgencies_Code"), (nameof(AgencyRequest.Name), "RegistryAgencies_Name"),
            (nameof(AgencyRequest.Kind), "RegistryAgencies_Kind"), (nameof(AgencyRequest.UnitId), "RegistryAgencies_Unit"));

    protected override Task<(Agency?, RegistryRefusal?)> WriteAsync(int? id, AgencyRequest request, RegistryPageContext context) =>
        AgenciesApi.SaveAgencyAsync(id, request, context.Staff, context.Db, context.Ct);

    protected override Task<RegistryRefusal?> RemoveAsync(int id, RegistryPageContext context) =>
        AgenciesApi.DeleteAgencyAsync(id, context.Staff, context.Db, context.Ct);

    protected override async Task<IResult> FormAsync(Agency? agency, RegistryForm<RegistryAgencyFormPage.Input> form,
        RegistryPageContext context)
    {
        var units = await (await context.Staff.UnitsAsync(context.Ct)).AsNoTracking().OrderBy(u => u.Path)
            .Select(u => new RegistryUnitFormPage.Parent(u.Id, u.Code, u.Name, u.Level)).ToListAsync(context.Ct);
        return form.Page<RegistryAgencyFormPage>(agency?.Id, agency?.Name, ("Units", (IReadOnlyList<RegistryUnitFormPage.Parent>)units));
    }
}
