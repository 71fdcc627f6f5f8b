using System.Globalization;
using HaiLong.Api.Features.Evaluations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using StaffMessagePage = HaiLong.Api.Features.Accounts.StaffMessagePage;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The administrator's pages for the national procedures catalogue: the list (search, field, 25 a page), add, edit and the
/// CSV import. Every administrator reads it; only one of a whole province or the nation changes it
/// (<see cref="RegistryErrors.CanWriteCatalogueAsync"/>, as the API): any other is answered 403 with a page, audited.
/// </summary>
internal static class RegistryProcedurePages
{
    private const string Base = "/staff/registry/procedures";

    internal static IEndpointRouteBuilder MapRegistryProcedurePages(this IEndpointRouteBuilder app)
    {
        app.MapImportedRecordPages(Base, List, New, Show, Create, Update, ImportForm, Sample, Preview, Import);
        return app;
    }

    private static async Task<IResult> List([FromQuery] string? q, [FromQuery] string? field, [FromQuery] string? page, [FromQuery] string? imported,
        StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var catalogue = await db.Procedures.AsNoTracking().OrderBy(p => p.Code)
            .Select(p => new RegistryProcedureListPage.Row(p.Id, p.Code, p.Name, p.Field)).ToListAsync(ct);
        var fields = catalogue.Select(p => p.Field).Distinct().Order().ToList();
        if (field is not null && !fields.Contains(field)) field = null;
        var all = catalogue.Where(p => (field is null || p.Field == field) && RegistryListing.Matches(q, p.Code, p.Name, p.Field)).ToList();
        var (rows, n, count) = RegistryListing.Page(all, page);
        return new RazorComponentResult<RegistryProcedureListPage>(new
        {
            Rows = (IReadOnlyList<RegistryProcedureListPage.Row>)rows, Fields = (IReadOnlyList<string>)fields, Q = q, Field = field,
            Page = n, PageCount = count, Total = all.Count, CanWrite = await RegistryErrors.CanWriteCatalogueAsync(staff, ct),
            Imported = int.TryParse(imported, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : (int?)null,
        });
    }

    private static async Task<IResult> New(StaffContext staff, AuditLog audit, HttpContext http, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        await RefusedAsync(staff, audit, http, L, ct) ?? FormPage(null, null, StatusCodes.Status200OK);

    private static async Task<IResult> Show(int id, [FromQuery] string? done, StaffContext staff, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (procedure is null) return NotFoundPage(L);
        return FormPage(procedure, null, StatusCodes.Status200OK, done is "created" or "saved" ? done
            : null, await RegistryErrors.CanWriteCatalogueAsync(staff, ct));
    }

    private static Dictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) => new()
    {
        [nameof(ProcedureRequest.Code)] = ("code", L["RegistryProcedures_Code"]),
        [nameof(ProcedureRequest.Name)] = ("name", L["RegistryProcedures_Name"]),
        [nameof(ProcedureRequest.Field)] = ("field", L["RegistryProcedures_Field"]),
    };

    private static Task<IResult> Create([FromForm] string? code, [FromForm] string? name, [FromForm] string? field, StaffContext staff, HaiLongDbContext db,
        AuditLog audit, HttpContext http, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        SaveAsync(null, code, name, field, staff, db, audit, http, L, ct);

    private static Task<IResult> Update(int id, [FromForm] string? code, [FromForm] string? name, [FromForm] string? field, StaffContext staff,
        HaiLongDbContext db, AuditLog audit, HttpContext http, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        SaveAsync(id, code, name, field, staff, db, audit, http, L, ct);

    /// <summary>The form checked against the API's <see cref="ProcedureRequest"/>, then <see cref="RegistryProcedureRules"/>.</summary>
    private static async Task<IResult> SaveAsync(int? id, string? code, string? name, string? field, StaffContext staff, HaiLongDbContext db,
        AuditLog audit, HttpContext http, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await RefusedAsync(staff, audit, http, L, ct) is { } refused) return refused;
        Procedure? stored = null;
        if (id is { } existing && (stored = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == existing, ct)) is null) return NotFoundPage(L);
        var typed = new Dictionary<string, string?> { ["code"] = code, ["name"] = name, ["field"] = field };
        var request = new ProcedureRequest(code ?? "", name ?? "", field ?? "");
        var errors = StaffForms.Validate(request, Fields(L), [], L);
        if (errors.Count > 0) return FormPage(stored, new("edit", typed, errors), StatusCodes.Status400BadRequest);
        var (procedure, refusal) = id is { } i ? await RegistryProcedureRules.UpdateAsync(i, request, db, ct)
            : await RegistryProcedureRules.CreateAsync(request, db, ct);
        return refusal switch
        {
            null => Results.Redirect($"{Base}/{procedure!.Id}?done={(id is null ? "created" : "saved")}"),
            { Reason: ProcedureRefusalReason.NotFound } => NotFoundPage(L),
            { Reason: ProcedureRefusalReason.CodeTaken } => FormPage(stored,
                new("edit", typed, new Dictionary<string, string> { ["code"] = L["RegistryProcedures_CodeTaken", request.Code.Trim()] }),
                    StatusCodes.Status409Conflict),
            _ => FormPage(stored, new("edit", typed, new Dictionary<string, string>(), L["RegistryProcedures_Conflict"]), StatusCodes.Status409Conflict),
        };
    }

    private static IResult FormPage(Procedure? procedure, RegistryFormInput? input, int status, string? done = null, bool canWrite = true) =>
        new RazorComponentResult<RegistryProcedureFormPage>(new { Procedure = procedure, Input = input, Done = done,
            CanWrite = canWrite }) { StatusCode = status };

    /// <summary>A 403 page, audited as the API's refusal is, for an administrator who may not change the national catalogue.</summary>
    private static async Task<IResult?> RefusedAsync(StaffContext staff, AuditLog audit, HttpContext http,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await RegistryErrors.CanWriteCatalogueAsync(staff, ct)) return null;
        await RegistryErrors.RefuseAsync(audit, http, RegistryErrors.CatalogueRefusal, ct);
        return StaffMessagePage.Result(L["RegistryProcedures_ForbiddenTitle"], L["RegistryProcedures_Forbidden"], L["RegistryProcedures_BackToList"],
            StatusCodes.Status403Forbidden, Base);
    }

    private static IResult NotFoundPage(IStringLocalizer<StaffResources> L) =>
        StaffMessagePage.Result(L["RegistryProcedures_NotFoundTitle"], L["RegistryProcedures_NotFound"], L["RegistryProcedures_BackToList"],
            StatusCodes.Status404NotFound, Base);

    // The CSV import: upload, a preview with every row's problems while nothing is stored, then one all-or-nothing import.

    private static async Task<IResult> ImportForm(StaffContext staff, AuditLog audit, HttpContext http,
        IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        await RefusedAsync(staff, audit, http, L, ct) ?? new RazorComponentResult<ProcedureImportPage>(new { });

    private static IResult Sample() =>
        TypedResults.File(Csv.Write([CsvImport.ProcedureColumns, ["1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch"]]), Csv.ContentType, "mau-thu-tuc.csv");

    private static async Task<IResult> Preview(IFormFileCollection files, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await RefusedAsync(staff, audit, http, L, ct) is { } refused) return refused;
        if (files.GetFile("file") is not { Length: > 0 } file)
        {
            return new RazorComponentResult<ProcedureImportPage>(new { FileError = L["ProcedureImport_ChooseFile"].Value })
            { StatusCode = StatusCodes.Status400BadRequest };
        }
        await using var stream = file.OpenReadStream();
        var (text, notUtf8) = await CsvImport.DecodeAsync(stream, ct);
        return await CheckAsync(text, notUtf8, db, ct);
    }

    private static async Task<IResult> Import([FromForm] string? csv, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await RefusedAsync(staff, audit, http, L, ct) is { } refused) return refused;
        var (rows, problem) = await CsvImport.ParseAsync(csv ?? "", CsvImport.ProcedureColumns, ct);
        if (problem is not null) return await CheckAsync(csv, problem, db, ct);
        var (procedures, errors) = await CsvImport.CheckProceduresAsync(rows, db, ct);
        // Something changed since the preview (another import took a code): the file is shown again with its problems.
        if (errors.Count > 0) return await CheckAsync(csv, null, db, ct);
        var stored = await CsvImport.StoreAsync(db, procedures, ct);
        if (stored.Result is Ok<ImportResult> ok) return Results.Redirect($"{Base}?imported={ok.Value!.Imported}");
        return new RazorComponentResult<ProcedureImportPage>(new { FileError = L["ProcedureImport_Conflict"].Value })
            { StatusCode = StatusCodes.Status409Conflict };
    }

    /// <summary>The preview: the file read and every row checked exactly as the import will, nothing stored.</summary>
    private static async Task<IResult> CheckAsync(string? text, ProblemHttpResult? unreadable, HaiLongDbContext db, CancellationToken ct)
    {
        var problem = unreadable;
        var rows = new List<CsvImport.CsvRow>();
        if (problem is null) (rows, problem) = await CsvImport.ParseAsync(text ?? "", CsvImport.ProcedureColumns, ct);
        if (problem is not null)
        {
            return new RazorComponentResult<ProcedureImportPage>(new { FileError = problem.ProblemDetails.Detail })
            { StatusCode = StatusCodes.Status422UnprocessableEntity };
        }
        var (_, errors) = await CsvImport.CheckProceduresAsync(rows, db, ct);
        return new RazorComponentResult<ProcedureImportPage>(new
        {
            Preview = (IReadOnlyList<CsvPreviewRow>)rows.Select(r => new CsvPreviewRow(r.Number,
                CsvImport.ProcedureColumns.Select(c => r.Values[c]).ToList(), errors.Where(e => e.Row == r.Number).ToList())).ToList(),
            RowErrors = (IReadOnlyList<CsvRowError>)errors,
            Csv = text,
        }) { StatusCode = errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK };
    }
}
