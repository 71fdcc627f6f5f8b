using System.Globalization;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The administrator's pages for counters (service points, <see cref="RegistryRecordPages{TRecord, TInput, TRequest}"/>): a
/// posted form becomes the API's <see cref="ServicePointRequest"/> and is written by
/// <see cref="ServicePointsApi.SaveServicePointAsync"/>, the API's own write. The shift roster is not here.
/// </summary>
internal sealed class RegistryCounterPages()
    : RegistryRecordPages<ServicePoint, RegistryCounterFormPage.Input, ServicePointRequest>(
        Path, "RegistryCounters", RegistryListing.Table.ServicePoints)
{
    public const string Path = "/staff/registry/counters";

    protected override Task<IQueryable<ServicePoint>> RecordsAsync(StaffContext staff, CancellationToken ct) => staff.ServicePointsAsync(ct);

    protected override Task<IResult> ListPageAsync(IQueryable<ServicePoint> points, RegistryList list) =>
        ListPageAsync<RegistryCounterListPage, RegistryCounterListPage.Row>(
            points.OrderBy(s => s.Agency.Unit.Path).ThenBy(s => s.Agency.Code).ThenBy(s => s.Code)
                .Select(s => new RegistryCounterListPage.Row(s.Id, s.Code, s.Name, s.Agency.Name, s.Agency.Unit.Name)), list);

    protected override RegistryCounterFormPage.Input Empty => RegistryCounterFormPage.Input.Empty;

    protected override RegistryCounterFormPage.Input Typed(ServicePoint s) => new(s.Code, s.Name, s.AgencyId.ToString(CultureInfo.InvariantCulture));

    protected override (RegistryCounterFormPage.Input, ServicePointRequest) Read(IFormCollection form, Dictionary<string, string> errors,
        IStringLocalizer<StaffResources> L)
    {
        var input = new RegistryCounterFormPage.Input(form["code"].ToString(), form["name"].ToString(), form["agencyId"].ToString());
        var agencyId = StaffForms.Id(input.AgencyId, "agencyId", L["RegistryCounters_Agency"], errors, L);
        return (input, new ServicePointRequest(agencyId, input.Code, input.Name));
    }

    protected override IReadOnlyDictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) =>
        StaffForms.Fields(L, (nameof(ServicePointRequest.Code), "RegistryCounters_Code"),
            (nameof(ServicePointRequest.Name), "RegistryCounters_Name"), (nameof(ServicePointRequest.AgencyId), "RegistryCounters_Agency"));

    protected override Task<(ServicePoint?, RegistryRefusal?)> WriteAsync(int? id, ServicePointRequest request,
        RegistryPageContext context) => ServicePointsApi.SaveServicePointAsync(id, request, context.Staff, context.Db, context.Ct);

    protected override Task<RegistryRefusal?> RemoveAsync(int id, RegistryPageContext context) =>
        ServicePointsApi.DeleteServicePointAsync(id, context.Staff, context.Db, context.Ct);

    protected override async Task<IResult> FormAsync(ServicePoint? point, RegistryForm<RegistryCounterFormPage.Input> form,
        RegistryPageContext context)
    {
        // The service centres first: counters belong to them, though the API takes any agency of the jurisdiction.
        var agencies = await (await context.Staff.AgenciesAsync(context.Ct)).AsNoTracking()
            .OrderBy(a => a.Kind != AgencyKind.ServiceCentre).ThenBy(a => a.Unit.Path).ThenBy(a => a.Code)
            .Select(a => new RegistryCounterFormPage.AgencyOption(a.Id, a.Code, a.Name, a.Unit.Name)).ToListAsync(context.Ct);
        return form.Page<RegistryCounterFormPage>(point?.Id, point?.Name,
            ("Agencies", (IReadOnlyList<RegistryCounterFormPage.AgencyOption>)agencies));
    }
}
