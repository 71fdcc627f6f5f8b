using System.Globalization;
using System.Text;
using HaiLong.Api.Features.Evaluations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using StaffMessagePage = HaiLong.Api.Features.Accounts.StaffMessagePage;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// What was typed in one form of a registry page and, when it was refused, why: messages keyed by the form field they belong
/// beside, plus one for the whole form (a conflict). The page shows the form again with these values.
/// </summary>
public sealed record RegistryFormInput(string Form, IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, string> Errors,
    string? Message = null)
{
    public string? Shown(string form, string field, string? stored) => Form == form ? Values.GetValueOrDefault(field) : stored;

    public string? Error(string form, string field) => Form == form ? Errors.GetValueOrDefault(field) : null;
}

/// <summary>
/// The administrator's pages for officials: the list of their jurisdiction (search, agency, in service or not, 25 a page),
/// add, edit, end of service, transfer, and the CSV import. The rules are <see cref="RegistryOfficialRules"/> and
/// <see cref="CsvImport"/>, shared with the API; an official outside the jurisdiction answers 404 on every page.
/// </summary>
internal static class RegistryOfficialPages
{
    private const string Base = "/staff/registry/officials";
    public const string Edit = "edit";
    public const string End = "end";
    public const string Transfer = "transfer";

    internal static IEndpointRouteBuilder MapRegistryOfficialPages(this IEndpointRouteBuilder app)
    {
        var posts = app.MapImportedRecordPages(Base, List, New, Show, Create, Update, ImportForm, Sample, Preview, Import);
        posts.MapPost("/{id:int}/end-of-service", EndService);
        posts.MapPost("/{id:int}/transfer", TransferOfficial);
        return app;
    }

    private static async Task<IResult> List([FromQuery] string? q, [FromQuery] string? agencyId, [FromQuery] string? status, [FromQuery] string? page,
        [FromQuery] string? imported, StaffContext staff, TimeProvider clock, CancellationToken ct)
    {
        var today = VietnamTime.Today(clock);
        var agencies = await AgenciesAsync(staff, ct);
        var query = (await staff.OfficialsAsync(ct)).AsNoTracking();
        var agency = int.TryParse(agencyId, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && agencies.Any(x => x.Id == a) ? a : (int?)null;
        if (agency is { } chosen) query = query.Where(o => o.AgencyId == chosen);
        if (status == "serving") query = query.Where(o => o.ActiveTo == null || o.ActiveTo >= today);
        else if (status == "ended") query = query.Where(o => o.ActiveTo < today);
        else status = null;
        var all = (await query.OrderBy(o => o.FullName).ThenBy(o => o.StaffCode)
                .Select(o => new RegistryOfficialListPage.Row(o.Id, o.FullName, o.StaffCode, o.Position, o.Agency.Name, o.IsLeader, o.ActiveTo))
                .ToListAsync(ct))
            .Where(o => RegistryListing.Matches(q, o.FullName, o.StaffCode, o.Position)).ToList();
        var (rows, n, count) = RegistryListing.Page(all, page);
        return new RazorComponentResult<RegistryOfficialListPage>(new
        {
            Rows = (IReadOnlyList<RegistryOfficialListPage.Row>)rows, Agencies = agencies, Q = q, AgencyId = agency, Status = status,
            Page = n, PageCount = count, Total = all.Count, Today = today,
            Imported = int.TryParse(imported, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : (int?)null,
        });
    }

    private static async Task<IResult> New(StaffContext staff, TimeProvider clock, CancellationToken ct) =>
        await FormPageAsync(null, null, staff, clock, StatusCodes.Status200OK, ct);

    private static async Task<IResult> Show(int id, [FromQuery] string? done, StaffContext staff, TimeProvider clock, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (await FindAsync(id, staff, ct) is not { } official) return NotFoundPage(L);
        return await FormPageAsync(official, null, staff, clock, StatusCodes.Status200OK, ct,
            done is "created" or "saved" or "ended" or "transferred" ? done : null);
    }

    private static Dictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) =>
        StaffForms.Fields(L, (nameof(OfficialRequest.AgencyId), "RegistryOfficials_Agency"),
            (nameof(OfficialRequest.StaffCode), "RegistryOfficials_StaffCode"), (nameof(OfficialRequest.FullName), "RegistryOfficials_FullName"),
            (nameof(OfficialRequest.Position), "RegistryOfficials_Position"), (nameof(OfficialRequest.ActiveFrom), "RegistryOfficials_ActiveFrom"),
            (nameof(OfficialRequest.ActiveTo), "RegistryOfficials_ActiveTo"));

    private static Task<IResult> Create([FromForm] string? agencyId, [FromForm] string? staffCode, [FromForm] string? fullName,
        [FromForm] string? position, [FromForm] string? isLeader, [FromForm] string? activeFrom, [FromForm] string? activeTo,
        StaffContext staff, HaiLongDbContext db, TimeProvider clock, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        SaveAsync(null, agencyId, staffCode, fullName, position, isLeader, activeFrom, activeTo, staff, db, clock, L, ct);

    private static async Task<IResult> Update(int id, [FromForm] string? agencyId, [FromForm] string? staffCode, [FromForm] string? fullName,
        [FromForm] string? position, [FromForm] string? isLeader, [FromForm] string? activeFrom, [FromForm] string? activeTo,
        StaffContext staff, HaiLongDbContext db, TimeProvider clock, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        await SaveAsync(id, agencyId, staffCode, fullName, position, isLeader, activeFrom, activeTo, staff, db, clock, L, ct);

    /// <summary>
    /// The form checked against the API's <see cref="OfficialRequest"/> with its own DataAnnotations, then
    /// <see cref="RegistryOfficialRules"/>; a refusal shows the form again with what was typed and the reason beside its field.
    /// </summary>
    private static async Task<IResult> SaveAsync(int? id, string? agencyId, string? staffCode, string? fullName, string? position, string? isLeader,
        string? activeFrom, string? activeTo, StaffContext staff, HaiLongDbContext db, TimeProvider clock, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        Official? stored = null;
        if (id is { } existing && (stored = await FindAsync(existing, staff, ct)) is null) return NotFoundPage(L);
        var typed = new Dictionary<string, string?>
        {
            ["agencyId"] = agencyId, ["staffCode"] = staffCode, ["fullName"] = fullName, ["position"] = position,
            ["isLeader"] = isLeader, ["activeFrom"] = activeFrom, ["activeTo"] = activeTo,
        };
        var errors = new Dictionary<string, string>();
        if (!StaffForms.TryWhole(agencyId, out var agency)) errors["agencyId"] = L["RegistryOfficials_AgencyUnknown"];
        if (!RegistryListing.TryDate(activeFrom, out var from)) errors["activeFrom"] = L["RegistryOfficials_DateInvalid", L["RegistryOfficials_ActiveFrom"]];
        if (!RegistryListing.TryDate(activeTo, out var to)) errors["activeTo"] = L["RegistryOfficials_DateInvalid", L["RegistryOfficials_ActiveTo"]];
        var request = new OfficialRequest(agency, staffCode ?? "", fullName ?? "", position ?? "", from, isLeader == "true", to);
        if (StaffForms.Validate(request, Fields(L), errors, L).Count > 0)
        {
            return await FormPageAsync(stored, new(Edit, typed, errors), staff, clock, StatusCodes.Status400BadRequest, ct);
        }
        var (official, refusal) = id is { } i
            ? await RegistryOfficialRules.UpdateAsync(i, request, staff, db, ct)
            : await RegistryOfficialRules.CreateAsync(request, staff, db, ct);
        if (refusal is null) return Results.Redirect($"{Base}/{official!.Id}?done={(id is null ? "created" : "saved")}");
        if (refusal.Reason == OfficialRefusalReason.NotFound) return NotFoundPage(L);
        return await FormPageAsync(stored, Refused(Edit, typed, refusal, request.StaffCode.Trim(), L), staff, clock, refusal.Status, ct);
    }

    private static Task<IResult> EndService(int id, [FromForm] string? activeTo, StaffContext staff, HaiLongDbContext db, TimeProvider clock,
        IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        ActAsync(id, End, (nameof(EndOfServiceRequest.ActiveTo), "RegistryOfficials_LastDay"), activeTo, (errors, field) =>
        {
            if (!RegistryListing.TryDate(activeTo, out var lastDay)) errors[field] = L["RegistryOfficials_DateInvalid", L["RegistryOfficials_LastDay"]];
            return new EndOfServiceRequest(lastDay);
        }, request => RegistryOfficialRules.EndServiceAsync(id, request, staff, db, ct), "ended", staff, clock, L, ct);

    private static Task<IResult> TransferOfficial(int id, [FromForm] string? agencyId, StaffContext staff, HaiLongDbContext db,
        TimeProvider clock, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        ActAsync(id, Transfer, (nameof(TransferRequest.AgencyId), "RegistryOfficials_TransferTo"), agencyId, (errors, field) =>
        {
            if (!StaffForms.TryWhole(agencyId, out var agency)) errors[field] = L["RegistryOfficials_AgencyUnknown"];
            return new TransferRequest(agency);
        }, request => RegistryOfficialRules.TransferAsync(id, request, staff, db, clock, ct), "transferred", staff, clock, L, ct);

    /// <summary>
    /// One of the stored official's one-field forms (end of service, transfer): the field read into the API's request and
    /// checked with its DataAnnotations, then the rule; a refusal shows the official's page with the form's value kept and the
    /// reason beside it, success the page with what was <paramref name="done"/>.
    /// </summary>
    private static async Task<IResult> ActAsync<TRequest>(int id, string form, (string Member, string LabelKey) member, string? value,
        Func<Dictionary<string, string>, string, TRequest> read, Func<TRequest, Task<(Official?, OfficialRefusal?)>> act, string done,
        StaffContext staff, TimeProvider clock, IStringLocalizer<StaffResources> L, CancellationToken ct) where TRequest : notnull
    {
        if (await FindAsync(id, staff, ct) is not { } stored) return NotFoundPage(L);
        var fields = StaffForms.Fields(L, member);
        var field = fields[member.Member].Field;
        var typed = new Dictionary<string, string?> { [field] = value };
        var errors = new Dictionary<string, string>();
        var request = read(errors, field);
        if (StaffForms.Validate(request, fields, errors, L).Count > 0)
        {
            return await FormPageAsync(stored, new(form, typed, errors), staff, clock, StatusCodes.Status400BadRequest, ct);
        }
        var (_, refusal) = await act(request);
        if (refusal is null) return Results.Redirect($"{Base}/{id}?done={done}");
        if (refusal.Reason == OfficialRefusalReason.NotFound) return NotFoundPage(L);
        return await FormPageAsync(stored, Refused(form, typed, refusal, stored.StaffCode, L), staff, clock, refusal.Status, ct);
    }

    private static async Task<Official?> FindAsync(int id, StaffContext staff, CancellationToken ct) =>
        await (await staff.OfficialsAsync(ct)).AsNoTracking().Include(o => o.Agency).ThenInclude(a => a.Unit)
            .SingleOrDefaultAsync(o => o.Id == id, ct);

    /// <summary>A rule's refusal worded beside the field it concerns; a conflict the database found is said for the whole form.</summary>
    private static RegistryFormInput Refused(string form, Dictionary<string, string?> typed, OfficialRefusal refusal, string staffCode,
        IStringLocalizer<StaffResources> L) => refusal.Reason switch
    {
        OfficialRefusalReason.UnknownAgency => new(form, typed, new Dictionary<string, string> { ["agencyId"] = L["RegistryOfficials_AgencyUnknown"] }),
        OfficialRefusalReason.SameAgency => new(form, typed, new Dictionary<string, string> { ["agencyId"] = L["RegistryOfficials_SameAgency"] }),
        OfficialRefusalReason.EndsBeforeStart => new(form, typed, new Dictionary<string, string> { ["activeTo"] = L["RegistryOfficials_EndsBeforeStart"] }),
        OfficialRefusalReason.StaffCodeTaken
            => new(form, typed, new Dictionary<string, string> { ["staffCode"] = L["RegistryOfficials_StaffCodeTaken", staffCode] }),
        _ => new(form, typed, new Dictionary<string, string>(), L["RegistryOfficials_Conflict"]),
    };

    private static async Task<IResult> FormPageAsync(Official? official, RegistryFormInput? input, StaffContext staff, TimeProvider clock, int status,
        CancellationToken ct, string? done = null) =>
        new RazorComponentResult<RegistryOfficialFormPage>(new
        {
            Official = official,
            Agencies = await AgenciesAsync(staff, ct),
            Input = input,
            Done = done,
            Today = VietnamTime.Today(clock),
        }) { StatusCode = status };

    private static async Task<IReadOnlyList<RegistryOfficialListPage.AgencyChoice>> AgenciesAsync(StaffContext staff, CancellationToken ct) =>
        await (await staff.AgenciesAsync(ct)).AsNoTracking().OrderBy(a => a.Unit.Path).ThenBy(a => a.Name)
            .Select(a => new RegistryOfficialListPage.AgencyChoice(a.Id, a.Name, a.Unit.Name, a.Code)).ToListAsync(ct);

    private static IResult NotFoundPage(IStringLocalizer<StaffResources> L) =>
        StaffMessagePage.Result(L["RegistryOfficials_NotFoundTitle"], L["RegistryOfficials_NotFound"], L["RegistryOfficials_BackToList"],
            StatusCodes.Status404NotFound, Base);

    // The CSV import: upload, a preview with every row's problems while nothing is stored, then one all-or-nothing import.

    private static async Task<IResult> ImportForm(StaffContext staff, CancellationToken ct) =>
        new RazorComponentResult<OfficialImportPage>(new { AgencyCodes = await AgencyCodesAsync(staff, ct) });

    private static async Task<IReadOnlyList<string>> AgencyCodesAsync(StaffContext staff, CancellationToken ct) =>
        await (await staff.AgenciesAsync(ct)).AsNoTracking().OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(ct);

    /// <summary>The header and one example row, as a spreadsheet saves "CSV UTF-8".</summary>
    private static async Task<IResult> Sample(StaffContext staff, CancellationToken ct)
    {
        var agency = (await AgencyCodesAsync(staff, ct)).FirstOrDefault() ?? "MA-CO-QUAN";
        return TypedResults.File(Csv.Write([CsvImport.OfficialColumns,
            ["CB-001", "Nguyễn Văn An", "Công chức Văn phòng - Thống kê", agency, "không", "2025-07-01", ""]]),
            Csv.ContentType, "mau-can-bo.csv");
    }

    private static async Task<IResult> Preview(IFormFileCollection files, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (files.GetFile("file") is not { Length: > 0 } file)
        {
            return new RazorComponentResult<OfficialImportPage>(new { AgencyCodes = await AgencyCodesAsync(staff, ct),
                FileError = L["OfficialImport_ChooseFile"].Value })
            { StatusCode = StatusCodes.Status400BadRequest };
        }
        await using var stream = file.OpenReadStream();
        var (text, notUtf8) = await CsvImport.DecodeAsync(stream, ct);
        return await CheckAsync(text, notUtf8, staff, db, ct);
    }

    private static async Task<IResult> Import([FromForm] string? csv, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        var (rows, problem) = await CsvImport.ParseAsync(csv ?? "", CsvImport.OfficialColumns, ct);
        if (problem is not null) return await CheckAsync(csv, problem, staff, db, ct);
        var (officials, errors) = await CsvImport.CheckOfficialsAsync(rows, staff, db, ct);
        // Something changed since the preview (another import took a code): the file is shown again with its problems.
        if (errors.Count > 0) return await CheckAsync(csv, null, staff, db, ct);
        var stored = await CsvImport.StoreAsync(db, officials, ct);
        if (stored.Result is Ok<ImportResult> ok) return Results.Redirect($"{Base}?imported={ok.Value!.Imported}");
        return new RazorComponentResult<OfficialImportPage>(new { AgencyCodes = await AgencyCodesAsync(staff, ct),
            FileError = L["OfficialImport_Conflict"].Value })
        { StatusCode = StatusCodes.Status409Conflict };
    }

    /// <summary>The preview: the file read and every row checked exactly as the import will, nothing stored.</summary>
    private static async Task<IResult> CheckAsync(string? text, ProblemHttpResult? unreadable, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var codes = await AgencyCodesAsync(staff, ct);
        var problem = unreadable;
        var rows = new List<CsvImport.CsvRow>();
        if (problem is null) (rows, problem) = await CsvImport.ParseAsync(text ?? "", CsvImport.OfficialColumns, ct);
        if (problem is not null)
        {
            return new RazorComponentResult<OfficialImportPage>(new { AgencyCodes = codes, FileError = problem.ProblemDetails.Detail })
            { StatusCode = StatusCodes.Status422UnprocessableEntity };
        }
        var (_, errors) = await CsvImport.CheckOfficialsAsync(rows, staff, db, ct);
        return new RazorComponentResult<OfficialImportPage>(new
        {
            AgencyCodes = codes,
            Preview = (IReadOnlyList<CsvPreviewRow>)rows.Select(r => new CsvPreviewRow(r.Number,
                CsvImport.OfficialColumns.Select(c => r.Values[c]).ToList(), errors.Where(e => e.Row == r.Number).ToList())).ToList(),
            RowErrors = (IReadOnlyList<CsvRowError>)errors,
            Csv = text,
        }) { StatusCode = errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK };
    }
}

/// <summary>One row of a CSV preview: its number in the file (the header is 1), its values in column order, its problems.</summary>
public sealed record CsvPreviewRow(int Number, IReadOnlyList<string> Values, IReadOnlyList<CsvRowError> Errors);
