using System.Globalization;
using HaiLong.Api.Features.Evaluations;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The administrator's pages for agencies: the list (searched, paged), a form to create one and to change or delete one. A posted
/// form becomes the API's <see cref="AgencyRequest"/>, checked with its own DataAnnotations, and is written by
/// <see cref="AgenciesApi.SaveAgencyAsync"/>, the API's own write.
/// </summary>
internal static class RegistryAgencyPages
{
    public const string Path = "/staff/registry/agencies";

    internal static IEndpointRouteBuilder MapRegistryAgencyPages(this IEndpointRouteBuilder app)
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
        var agencies = (await staff.AgenciesAsync(ct)).AsNoTracking();
        if (query is not null) agencies = agencies.Where(a => RegistryListing.Matching(db, RegistryListing.Table.Agencies, query).Contains(a.Id));
        var rows = await RegistryListing.PageAsync(agencies.OrderBy(a => a.Unit.Path).ThenBy(a => a.Code)
            .Select(a => new RegistryAgencyListPage.Row(a.Id, a.Code, a.Name, a.Kind, a.Unit.Name)), page, ct);
        return new RazorComponentResult<RegistryAgencyListPage>(new { Query = query, Rows = rows, Done = done });
    }

    private static Task<IResult> New(StaffContext staff, CancellationToken ct) =>
        FormAsync(null, null, RegistryAgencyFormPage.Input.Empty, new Dictionary<string, string>(), null, staff, StatusCodes.Status200OK, ct);

    private static async Task<IResult> Edit(int id, StaffContext staff, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var agency = await (await staff.AgenciesAsync(ct)).AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (agency is null) return NotFound(L);
        return await FormAsync(agency.Id, agency.Name, Typed(agency), new Dictionary<string, string>(), null, staff, StatusCodes.Status200OK, ct);
    }

    private static Task<IResult> Create(IFormCollection form, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct) => SaveAsync(null, form, staff, db, L, ct);

    private static Task<IResult> Update(int id, IFormCollection form, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct) => SaveAsync(id, form, staff, db, L, ct);

    private static async Task<IResult> SaveAsync(int? id, IFormCollection form, StaffContext staff, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        string? name = null;
        if (id is { } agencyId)
        {
            name = await (await staff.AgenciesAsync(ct)).Where(a => a.Id == agencyId).Select(a => a.Name).SingleOrDefaultAsync(ct);
            if (name is null) return NotFound(L);
        }
        var input = new RegistryAgencyFormPage.Input(form["code"].ToString(), form["name"].ToString(), form["kind"].ToString(), form["unitId"].ToString());
        var errors = new Dictionary<string, string>();
        AgencyKind? kind = null;
        if (input.Kind.Length > 0)
        {
            if (Enum.TryParse<AgencyKind>(input.Kind, out var k) && Enum.IsDefined(k) && !int.TryParse(input.Kind, out _)) kind = k;
            else errors["kind"] = L["Form_Invalid", L["RegistryAgencies_Kind"]];
        }
        int? unitId = null;
        if (input.UnitId.Length > 0)
        {
            if (int.TryParse(input.UnitId, NumberStyles.None, CultureInfo.InvariantCulture, out var u)) unitId = u;
            else errors["unitId"] = L["Form_Invalid", L["RegistryAgencies_Unit"]];
        }
        var request = new AgencyRequest(unitId, kind, input.Code, input.Name);
        if (StaffForms.Validate(request, Fields(L), errors, L).Count > 0)
        {
            return await FormAsync(id, name, input, errors, null, staff, StatusCodes.Status400BadRequest, ct);
        }
        var (agency, refusal) = await AgenciesApi.SaveAgencyAsync(id, request, staff, db, ct);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(L);
        if (refusal is not null)
        {
            string message = L[$"RegistryAgencies_Refused_{refusal.Reason}", [.. refusal.Args]];
            if (refusal.Field is { } field) errors[field] = message;
            return await FormAsync(id, name, input, errors, refusal.Field is null ? message : null, staff, refusal.Status, ct);
        }
        return Results.Redirect(RegistryListing.Href(Path, agency!.Code, 1) + "&done=saved");
    }

    private static async Task<IResult> Delete(int id, IFormCollection form, StaffContext staff, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var existing = await (await staff.AgenciesAsync(ct)).AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (existing is null) return NotFound(L);
        var refusal = await AgenciesApi.DeleteAgencyAsync(id, staff, db, ct);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(L);
        if (refusal is not null)
        {
            return await FormAsync(existing.Id, existing.Name, Typed(existing), new Dictionary<string, string>(),
                L[$"RegistryAgencies_Refused_{refusal.Reason}", [.. refusal.Args]], staff, refusal.Status, ct);
        }
        return Results.Redirect(Path + "?done=deleted");
    }

    private static RegistryAgencyFormPage.Input Typed(Agency a) =>
        new(a.Code, a.Name, a.Kind.ToString(), a.UnitId.ToString(CultureInfo.InvariantCulture));

    private static Dictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) => new()
    {
        [nameof(AgencyRequest.Code)] = ("code", L["RegistryAgencies_Code"]),
        [nameof(AgencyRequest.Name)] = ("name", L["RegistryAgencies_Name"]),
        [nameof(AgencyRequest.Kind)] = ("kind", L["RegistryAgencies_Kind"]),
        [nameof(AgencyRequest.UnitId)] = ("unitId", L["RegistryAgencies_Unit"]),
    };

    private static async Task<IResult> FormAsync(int? agencyId, string? agencyName, RegistryAgencyFormPage.Input input,
        IReadOnlyDictionary<string, string> errors, string? error, StaffContext staff, int status, CancellationToken ct)
    {
        var units = await (await staff.UnitsAsync(ct)).AsNoTracking().OrderBy(u => u.Path)
            .Select(u => new RegistryUnitFormPage.Parent(u.Id, u.Code, u.Name, u.Level)).ToListAsync(ct);
        return new RazorComponentResult<RegistryAgencyFormPage>(new
        {
            AgencyId = agencyId,
            AgencyName = agencyName,
            Values = input,
            Errors = errors,
            Error = error,
            Units = (IReadOnlyList<RegistryUnitFormPage.Parent>)units,
        }) { StatusCode = status };
    }

    internal static IResult NotFound(IStringLocalizer<StaffResources> L) =>
        Accounts.StaffMessagePage.Result(L["RegistryAgencies_NotFound"], L["RegistryAgencies_NotFoundBody"], L["RegistryAgencies_Back"],
            StatusCodes.Status404NotFound, Path);
}
