using System.Globalization;
using HaiLong.Api.Features.Evaluations;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The administrator's pages for counters (service points): the list (searched, paged), a form to create one and to change or
/// delete one. A posted form becomes the API's <see cref="ServicePointRequest"/>, checked with its own DataAnnotations, and is
/// written by <see cref="ServicePointsApi.SaveServicePointAsync"/>, the API's own write. The shift roster is not here.
/// </summary>
internal static class RegistryCounterPages
{
    public const string Path = "/staff/registry/counters";

    internal static IEndpointRouteBuilder MapRegistryCounterPages(this IEndpointRouteBuilder app)
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
        var points = (await staff.ServicePointsAsync(ct)).AsNoTracking();
        if (query is not null) points = points.Where(s => RegistryListing.Matching(db, RegistryListing.Table.ServicePoints, query).Contains(s.Id));
        var rows = await RegistryListing.PageAsync(points.OrderBy(s => s.Agency.Unit.Path).ThenBy(s => s.Agency.Code).ThenBy(s => s.Code)
            .Select(s => new RegistryCounterListPage.Row(s.Id, s.Code, s.Name, s.Agency.Name, s.Agency.Unit.Name)), page, ct);
        return new RazorComponentResult<RegistryCounterListPage>(new { Query = query, Rows = rows, Done = done });
    }

    private static Task<IResult> New(StaffContext staff, CancellationToken ct) =>
        FormAsync(null, null, RegistryCounterFormPage.Input.Empty, new Dictionary<string, string>(), null, staff, StatusCodes.Status200OK, ct);

    private static async Task<IResult> Edit(int id, StaffContext staff, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var point = await (await staff.ServicePointsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (point is null) return NotFound(L);
        return await FormAsync(point.Id, point.Name, Typed(point), new Dictionary<string, string>(), null, staff, StatusCodes.Status200OK, ct);
    }

    private static Task<IResult> Create(IFormCollection form, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct) => SaveAsync(null, form, staff, db, L, ct);

    private static Task<IResult> Update(int id, IFormCollection form, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct) => SaveAsync(id, form, staff, db, L, ct);

    private static async Task<IResult> SaveAsync(int? id, IFormCollection form, StaffContext staff, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        string? name = null;
        if (id is { } pointId)
        {
            name = await (await staff.ServicePointsAsync(ct)).Where(s => s.Id == pointId).Select(s => s.Name).SingleOrDefaultAsync(ct);
            if (name is null) return NotFound(L);
        }
        var input = new RegistryCounterFormPage.Input(form["code"].ToString(), form["name"].ToString(), form["agencyId"].ToString());
        var errors = new Dictionary<string, string>();
        int? agencyId = null;
        if (input.AgencyId.Length > 0)
        {
            if (int.TryParse(input.AgencyId, NumberStyles.None, CultureInfo.InvariantCulture, out var a)) agencyId = a;
            else errors["agencyId"] = L["Form_Invalid", L["RegistryCounters_Agency"]];
        }
        var request = new ServicePointRequest(agencyId, input.Code, input.Name);
        if (StaffForms.Validate(request, Fields(L), errors, L).Count > 0)
        {
            return await FormAsync(id, name, input, errors, null, staff, StatusCodes.Status400BadRequest, ct);
        }
        var (point, refusal) = await ServicePointsApi.SaveServicePointAsync(id, request, staff, db, ct);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(L);
        if (refusal is not null)
        {
            string message = L[$"RegistryCounters_Refused_{refusal.Reason}", [.. refusal.Args]];
            if (refusal.Field is { } field) errors[field] = message;
            return await FormAsync(id, name, input, errors, refusal.Field is null ? message : null, staff, refusal.Status, ct);
        }
        return Results.Redirect(RegistryListing.Href(Path, point!.Code, 1) + "&done=saved");
    }

    private static async Task<IResult> Delete(int id, IFormCollection form, StaffContext staff, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var existing = await (await staff.ServicePointsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (existing is null) return NotFound(L);
        var refusal = await ServicePointsApi.DeleteServicePointAsync(id, staff, db, ct);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(L);
        if (refusal is not null)
        {
            return await FormAsync(existing.Id, existing.Name, Typed(existing), new Dictionary<string, string>(),
                L[$"RegistryCounters_Refused_{refusal.Reason}", [.. refusal.Args]], staff, refusal.Status, ct);
        }
        return Results.Redirect(Path + "?done=deleted");
    }

    private static RegistryCounterFormPage.Input Typed(ServicePoint s) => new(s.Code, s.Name, s.AgencyId.ToString(CultureInfo.InvariantCulture));

    private static Dictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) => new()
    {
        [nameof(ServicePointRequest.Code)] = ("code", L["RegistryCounters_Code"]),
        [nameof(ServicePointRequest.Name)] = ("name", L["RegistryCounters_Name"]),
        [nameof(ServicePointRequest.AgencyId)] = ("agencyId", L["RegistryCounters_Agency"]),
    };

    private static async Task<IResult> FormAsync(int? pointId, string? pointName, RegistryCounterFormPage.Input input,
        IReadOnlyDictionary<string, string> errors, string? error, StaffContext staff, int status, CancellationToken ct)
    {
        // The service centres first: counters belong to them, though the API takes any agency of the jurisdiction.
        var agencies = await (await staff.AgenciesAsync(ct)).AsNoTracking()
            .OrderBy(a => a.Kind != AgencyKind.ServiceCentre).ThenBy(a => a.Unit.Path).ThenBy(a => a.Code)
            .Select(a => new RegistryCounterFormPage.AgencyOption(a.Id, a.Code, a.Name, a.Unit.Name)).ToListAsync(ct);
        return new RazorComponentResult<RegistryCounterFormPage>(new
        {
            PointId = pointId,
            PointName = pointName,
            Values = input,
            Errors = errors,
            Error = error,
            Agencies = (IReadOnlyList<RegistryCounterFormPage.AgencyOption>)agencies,
        }) { StatusCode = status };
    }

    internal static IResult NotFound(IStringLocalizer<StaffResources> L) =>
        Accounts.StaffMessagePage.Result(L["RegistryCounters_NotFound"], L["RegistryCounters_NotFoundBody"], L["RegistryCounters_Back"],
            StatusCodes.Status404NotFound, Path);
}
