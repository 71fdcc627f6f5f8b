using System.Text;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// Import of administrative units from a CSV in the official list's shape, from the browser: the upload shows a preview with
/// every row's problems and stores nothing; "Import" sends the same file back (carried in the preview's form, Base64 so that
/// every byte and line break survives) and <see cref="UnitImport.ImportAsync"/> checks it all again and stores every unit or
/// none. Nothing the browser sends is trusted: the store re-checks what the preview checked, inside the administrator's
/// jurisdiction, in one transaction.
/// </summary>
internal static class UnitImportPages
{
    public const string Path = "/staff/registry/units/import";

    /// <summary>The largest file taken; Kestrel's body limit (1 MB by default) is the other bound.</summary>
    public const int MaxFileBytes = 900_000;

    internal static IEndpointRouteBuilder MapUnitImportPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(Path).RequireAuthorization(Policies.Administrator).ExcludeFromDescription();
        pages.MapGet("/", Show);
        pages.MapPost("/", Preview);
        pages.MapPost("/confirm", Confirm);
        return app;
    }

    private static IResult Show() => Page(null, null, null, StatusCodes.Status200OK);

    private static async Task<IResult> Preview(IFormCollection form, StaffContext staff, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return Page(null, null, L["UnitImport_FileRequired"], StatusCodes.Status400BadRequest);
        }
        if (file.Length > MaxFileBytes) return Page(null, null, L["UnitImport_FileTooLarge", MaxFileBytes / 1000], StatusCodes.Status413PayloadTooLarge);
        string text;
        try
        {
            using var reader =
                new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
            text = await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            return Page(null, null, L["UnitImport_NotUtf8"], StatusCodes.Status422UnprocessableEntity);
        }
        var outcome = await UnitImport.ImportAsync(db, text, dryRun: true, ct, await staff.JurisdictionPathAsync(ct) ?? "\0");
        return Page(outcome, outcome.Accepted ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : null, null,
            outcome.Accepted ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> Confirm(IFormCollection form, StaffContext staff, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(form["csv"].ToString()));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return Page(null, null, L["UnitImport_Lost"], StatusCodes.Status400BadRequest);
        }
        var outcome = await UnitImport.ImportAsync(db, text, dryRun: false, ct, await staff.JurisdictionPathAsync(ct) ?? "\0");
        if (outcome.Stored) return Results.Redirect($"{RegistryUnitPages.Path}?done=imported");
        // Something changed since the preview (another administrator stored one of the codes): the new report, nothing stored.
        return Page(outcome, null, null, StatusCodes.Status422UnprocessableEntity);
    }

    private static IResult Page(UnitImportOutcome? outcome, string? csv, string? error, int status) =>
        new RazorComponentResult<UnitImportPage>(new { Outcome = outcome, Csv = csv, Error = error }) { StatusCode = status };
}
