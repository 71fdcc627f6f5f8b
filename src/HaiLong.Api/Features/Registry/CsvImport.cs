using System.Globalization;
using System.Text;
using CsvHelper;
using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace HaiLong.Api.Features.Registry;

/// <summary>A refused import: every faulty row with its column and the reason. Nothing was imported.</summary>
public sealed class CsvImportProblem : ProblemDetails
{
    /// <summary>Each bad row's problems; empty when the file as a whole is unreadable (the detail says why).</summary>
    public CsvRowError[] RowErrors { get; init; } = [];
}

/// <summary>
/// CSV import of officials and procedures. Every row is checked before anything is written; one bad row refuses the whole
/// file, a good file is written in one transaction. Column layouts are in docs/REGISTRY.md.
/// </summary>
public static class CsvImport
{
    public const string OfficialsDescription = """
        Body: `text/csv; charset=utf-8`, comma-separated, first line a header with these columns (any order):
        `staff_code` (required, unique, ≤ 64), `full_name` (required, ≤ 256), `position` (required, ≤ 128),
        `agency_code` (required, an agency in your jurisdiction), `is_leader` (true/false, 1/0, có/không; empty = false),
        `active_from` (required, yyyy-MM-dd or dd/MM/yyyy), `active_to` (optional, same formats, not before active_from).
        Fields containing commas, quotes or line breaks are quoted with `"` (a quote inside is doubled). Every row is checked
        first; if any row is bad nothing is imported and the 422 answer lists each bad row (the header is row 1), column and reason.
        """;

    public const string ProceduresDescription = """
        Body: `text/csv; charset=utf-8`, comma-separated, first line a header with these columns (any order):
        `code` (required, unique, ≤ 64: the code in the national procedure database), `name` (required, ≤ 512),
        `field` (required, ≤ 256: the lĩnh vực, e.g. Hộ tịch). Fields containing commas, quotes or line breaks are quoted with
        `"`. Every row is checked first; if any row is bad nothing is imported and the 422 answer lists each bad row (the header
        is row 1), column and reason. Only administrators of a whole province or the nation may import.
        """;

    internal static readonly IReadOnlyList<string> OfficialColumns =
        ["staff_code", "full_name", "position", "agency_code", "is_leader", "active_from", "active_to"];
    internal static readonly IReadOnlyList<string> ProcedureColumns = ["code", "name", "field"];
    private static readonly IReadOnlyList<string> DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    public static async Task<Results<Ok<ImportResult>, UnprocessableEntity<CsvImportProblem>, ProblemHttpResult>> ImportOfficials(
        HttpRequest request, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var (rows, problem) = await ReadAsync(request, OfficialColumns, ct);
        if (problem is not null) return problem;
        var (officials, errors) = await CheckOfficialsAsync(rows, staff, db, ct);
        if (errors.Count > 0) return Refused(errors);
        return await StoreAsync(db, officials, ct);
    }

    /// <summary>
    /// Every row of an officials file checked against the rules and the database, nothing stored: the officials to add, or
    /// each bad row's problems. Used by the API import and by the import page's preview and its import.
    /// </summary>
    internal static async Task<(List<Official> Officials, List<CsvRowError> Errors)> CheckOfficialsAsync(
        List<CsvRow> rows, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var errors = new List<CsvRowError>();
        var agencies = await (await staff.AgenciesAsync(ct)).AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        var newCodes = await NewCodes.ForAsync(rows, "staff_code", codes => db.Officials.Where(o => codes.Contains(o.StaffCode)).Select(o => o.StaffCode),
            code => $"An official with staff code '{code}' already exists.", (code, first) => $"Staff code '{code}' is already used in row {first}.", ct);
        var officials = new List<Official>();
        foreach (var row in rows)
        {
            var staffCode = row.Required("staff_code", Limits.Code, errors);
            var fullName = row.Required("full_name", Limits.Name, errors);
            var position = row.Required("position", Limits.Position, errors);
            var agencyCode = row.Required("agency_code", Limits.Code, errors);
            var isLeader = row.Boolean("is_leader", errors);
            var activeFrom = row.Date("active_from", required: true, errors);
            var activeTo = row.Date("active_to", required: false, errors);
            int agencyId = 0;
            if (agencyCode is not null && !agencies.TryGetValue(agencyCode, out agencyId))
            {
                errors.Add(new(row.Number, "agency_code",
                    $"Unknown agency code '{agencyCode}' (not in your jurisdiction).") { Reason = CsvRowReason.UnknownAgency, Values = [agencyCode] });
            }
            newCodes.Check(row, staffCode, errors);
            if (activeFrom is { } from && activeTo is { } to && to < from)
            {
                errors.Add(new(row.Number, "active_to", "active_to cannot be before active_from.") { Reason = CsvRowReason.EndsBeforeStart });
            }
            if (staffCode is null || fullName is null || position is null || agencyId == 0 || isLeader is null || activeFrom is null) continue;
            officials.Add(new Official
            {
                AgencyId = agencyId,
                StaffCode = staffCode,
                FullName = fullName,
                Position = position,
                IsLeader = isLeader.Value,
                ActiveFrom = activeFrom.Value,
                ActiveTo = activeTo,
            });
        }
        return (officials, errors);
    }

    public static async Task<Results<Ok<ImportResult>, UnprocessableEntity<CsvImportProblem>, ProblemHttpResult>> ImportProcedures(
        HttpRequest request, StaffContext staff, HaiLongDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!await RegistryErrors.CanWriteCatalogueAsync(staff, ct)) return await RegistryErrors.RefuseAsync(audit,
            request.HttpContext, RegistryErrors.CatalogueRefusal, ct);
        var (rows, problem) = await ReadAsync(request, ProcedureColumns, ct);
        if (problem is not null) return problem;
        var (procedures, errors) = await CheckProceduresAsync(rows, db, ct);
        if (errors.Count > 0) return Refused(errors);
        return await StoreAsync(db, procedures, ct);
    }

    /// <summary>Every row of a procedures file checked, nothing stored (see <see cref="CheckOfficialsAsync"/>).</summary>
    internal static async Task<(List<Procedure> Procedures, List<CsvRowError> Errors)> CheckProceduresAsync(
        List<CsvRow> rows, HaiLongDbContext db, CancellationToken ct)
    {
        var errors = new List<CsvRowError>();
        var newCodes = await NewCodes.ForAsync(rows, "code", codes => db.Procedures.Where(p => codes.Contains(p.Code)).Select(p => p.Code),
            code => $"A procedure with code '{code}' already exists.", (code, first) => $"Code '{code}' is already used in row {first}.", ct);
        var procedures = new List<Procedure>();
        foreach (var row in rows)
        {
            var code = row.Required("code", Limits.Code, errors);
            var name = row.Required("name", Limits.ProcedureName, errors);
            var field = row.Required("field", Limits.Name, errors);
            newCodes.Check(row, code, errors);
            if (code is null || name is null || field is null) continue;
            procedures.Add(new Procedure { Code = code, Name = name, Field = field });
        }
        return (procedures, errors);
    }

    /// <summary>
    /// The rule both imports share: a row's code must be new — not stored already (one query for the whole file) and not used
    /// by an earlier row of the file, whose number the message names.
    /// </summary>
    private sealed class NewCodes(string column, HashSet<string> stored, Func<string, string> storedMessage,
        Func<string, int, string> repeatedMessage)
    {
        private readonly Dictionary<string, int> _firstRow = [];

        public static async Task<NewCodes> ForAsync(List<CsvRow> rows, string column, Func<List<string>, IQueryable<string>> storedOf,
            Func<string, string> storedMessage, Func<string, int, string> repeatedMessage, CancellationToken ct)
        {
            var codes = rows.Select(r => r.Get(column)).Where(c => c.Length > 0).ToList();
            return new(column, (await storedOf(codes).ToListAsync(ct)).ToHashSet(), storedMessage, repeatedMessage);
        }

        public void Check(CsvRow row, string? code, List<CsvRowError> errors)
        {
            if (code is null) return;
            if (stored.Contains(code))
            {
                errors.Add(new(row.Number, column, storedMessage(code)) { Reason = CsvRowReason.Exists, Values = [code] });
            }
            else if (_firstRow.TryGetValue(code, out var first))
            {
                errors.Add(new(row.Number, column, repeatedMessage(code, first)) { Reason = CsvRowReason.DuplicateInFile, Values = [code, first] });
            }
            else _firstRow[code] = row.Number;
        }
    }

    /// <summary>
    /// Adds checked rows in one save, which is one transaction: all of them or, when the database refuses one (another writer
    /// took a code between the check and the insert), none.
    /// </summary>
    internal static async Task<Results<Ok<ImportResult>, UnprocessableEntity<CsvImportProblem>, ProblemHttpResult>> StoreAsync<T>(
        HaiLongDbContext db, List<T> rows, CancellationToken ct) where T : class
    {
        db.Set<T>().AddRange(rows);
        if (await RegistryErrors.SaveAsync(db, ct) is { } conflict)
        {
            db.ChangeTracker.Clear();
            return TypedResults.Problem(conflict);
        }
        return TypedResults.Ok(new ImportResult(rows.Count));
    }

    internal static UnprocessableEntity<CsvImportProblem> Refused(List<CsvRowError> errors) => TypedResults.UnprocessableEntity(new CsvImportProblem
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = "CSV rejected",
        Detail = $"{errors.Select(e => e.Row).Distinct().Count()} row(s) have errors; nothing was imported.",
        RowErrors = errors.OrderBy(e => e.Row).ToArray(),
    });

    /// <summary>Reads the whole body as UTF-8 CSV with a header; a problem when the body is not CSV at all.</summary>
    private static async Task<(List<CsvRow> Rows, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request,
        IReadOnlyList<string> columns, CancellationToken ct)
    {
        var (text, problem) = await ReadTextAsync(request, ct);
        return text is null ? ([], problem) : await ParseAsync(text, columns, ct);
    }

    /// <summary>The whole body as UTF-8 text; a problem (415, 422) when it is not UTF-8 CSV. Also the household import's reader.</summary>
    internal static async Task<(string? Text, ProblemHttpResult? Problem)> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the file as text/csv; charset=utf-8."));
        }
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Only UTF-8 CSV is accepted, not {contentType.Charset}."));
        }
        return await DecodeAsync(request.Body, ct);
    }

    /// <summary>A CSV file's bytes as text, or the problem when they are not UTF-8 (the API's body, a page's upload).</summary>
    internal static async Task<(string? Text, ProblemHttpResult? Problem)> DecodeAsync(Stream body, CancellationToken ct)
    {
        try
        {
            using var reader = new StreamReader(body, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
            return (await reader.ReadToEndAsync(ct), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Unprocessable("The file is not valid UTF-8; save it as \"CSV UTF-8\"."));
        }
    }

    /// <summary>
    /// The CSV text with its header checked against <paramref name="columns"/>; a problem (422, nothing stored) when the file as
    /// a whole is unusable. Shared by the API imports and the first-run command (`admin import-units`).
    /// </summary>
    internal static async Task<(List<CsvRow> Rows, ProblemHttpResult? Problem)> ParseAsync(string text, IReadOnlyList<string> columns, CancellationToken ct)
    {
        var rows = new List<CsvRow>();
        // Separator fixed to a comma: detection could mistake a Vietnamese name list for a ';' file.
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            DetectSeparatorHint = false,
        };
        await using var csv = CsvReader.FromText(text.TrimStart('\uFEFF'), options);
        try
        {
            await csv.ReadHeaderAsync(ct);
            var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            if (header.Length == 0 || header.All(h => h.Length == 0))
            {
                return ([], Unprocessable($"The file is empty; the first line must be the header: {string.Join(",", columns)}."));
            }
            var missing = columns.Where(c => !header.Contains(c)).ToList();
            var unknown = header.Where(h => !columns.Contains(h)).ToList();
            if (missing.Count > 0 || unknown.Count > 0)
            {
                var parts = new List<string>();
                if (missing.Count > 0) parts.Add($"missing column(s): {string.Join(", ", missing)}");
                if (unknown.Count > 0) parts.Add($"unknown column(s): {string.Join(", ", unknown)}");
                return ([], Unprocessable($"Row 1 (header): {string.Join("; ", parts)}. Expected: {string.Join(",", columns)}."));
            }
            var index = columns.ToDictionary(c => c, c => Array.IndexOf(header, c));
            while (await csv.ReadAsync(ct))
            {
                var values = columns.ToDictionary(c => c, c => csv.GetString(index[c]).Trim());
                if (values.Values.All(v => v.Length == 0)) continue;
                // RowNumber counts data records; the header is row 1 for the person reading the report.
                rows.Add(new CsvRow((int)csv.RowNumber + 1, values));
            }
        }
        catch (CsvFormatException e)
        {
            return ([],
                Unprocessable($"Row {e.RecordNumber}: the line cannot be read as CSV (unbalanced quotes or a different number of fields than the header)."));
        }
        if (rows.Count == 0) return ([], Unprocessable("The file has a header but no rows."));
        return (rows, null);
    }

    private static ProblemHttpResult Unprocessable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "CSV rejected", detail: detail + " Nothing was imported.");

    internal sealed record CsvRow(int Number, Dictionary<string, string> Values)
    {
        public string Get(string column) => Values[column];

        public string? Required(string column, int maxLength, List<CsvRowError> errors)
        {
            var value = Values[column];
            if (value.Length == 0)
            {
                errors.Add(new(Number, column, $"{column} is required.") { Reason = CsvRowReason.Required });
                return null;
            }
            if (value.Length > maxLength)
            {
                errors.Add(new(Number, column, $"{column} is longer than {maxLength} characters.") { Reason = CsvRowReason.TooLong, Values = [maxLength] });
                return null;
            }
            if (InputText.IndexOfRefused(value) is var refused and >= 0)
            {
                errors.Add(new(Number, column, InputText.Message(refused)) { Reason = CsvRowReason.RefusedCharacter });
                return null;
            }
            return value;
        }

        public bool? Boolean(string column, List<CsvRowError> errors)
        {
            switch (Values[column].ToLowerInvariant())
            {
                case "" or "false" or "0" or "không" or "no":
                    return false;
                case "true" or "1" or "có" or "yes" or "x":
                    return true;
                default:
                    errors.Add(new(Number, column,
                        $"'{Values[column]}' is not true/false (also 1/0, có/không).") { Reason = CsvRowReason.NotBoolean, Values = [Values[column]] });
                    return null;
            }
        }

        public DateOnly? Date(string column, bool required, List<CsvRowError> errors)
        {
            var value = Values[column];
            if (value.Length == 0)
            {
                if (required) errors.Add(new(Number, column, $"{column} is required.") { Reason = CsvRowReason.Required });
                return null;
            }
            if (DateOnly.TryParseExact(value, [.. DateFormats], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            errors.Add(new(Number, column, $"'{value}' is not a date (yyyy-MM-dd or dd/MM/yyyy).") { Reason = CsvRowReason.NotDate, Values = [value] });
            return null;
        }
    }
}
