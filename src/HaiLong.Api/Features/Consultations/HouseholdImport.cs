using System.ComponentModel;
using HaiLong.Api.Features.Registry;
using HaiLong.Data.Configurations;

namespace HaiLong.Api.Features.Consultations;

/// <summary>A household of the file that is not in the register yet.</summary>
public sealed record HouseholdImportRow(
    [property: Description("Row number in the file; the header is row 1")] int Row, string Code, string RepresentativeName, string Address);

/// <summary>A household of the register whose representative or address the file changes.</summary>
public sealed record HouseholdImportChange(int Row, long Id, string Code, string RepresentativeName, string Address,
    string NewRepresentativeName, string NewAddress);

/// <summary>An active household of the register that the file does not list.</summary>
public sealed record HouseholdImportMissing(long Id, string Code, string RepresentativeName, string Address);

/// <summary>What an import of a hamlet's residence records adds, changes and finds missing; stored only when applied.</summary>
public sealed record HouseholdImportResult(
    int UnitId,
    [property: Description("False for a dry run: nothing was stored")] bool Applied,
    [property: Description("Whether the missing households are (to be) marked moved out")] bool MarkMissingMovedOut,
    [property: Description("Rows of the file identical to the register")] int Unchanged,
    HouseholdImportRow[] ToAdd,
    HouseholdImportChange[] ToChange,
    HouseholdImportMissing[] Missing,
    [property: Description("The day missing households are marked moved out (today in Vietnam), when they are")] DateOnly? MovedOutOn);

/// <summary>An import's outcome: the result, or the file's problem, or every bad row (nothing stored in either case).</summary>
public sealed record HouseholdImportOutcome(HouseholdImportResult? Result, IReadOnlyList<CsvRowError> Errors, string? FileError)
{
    public bool Accepted => FileError is null && Errors.Count == 0;
}

/// <summary>
/// A hamlet's register brought up to date from the ward's residence records (columns code, representative, address): rows
/// whose code the register lacks are added (moved in today), rows that differ change the representative or address, and the
/// register's active households absent from the file are listed — and marked moved out today only when the importer says so.
/// The file is read by the registry's CSV machinery (<see cref="CsvImport"/>: UTF-8 with or without BOM, header, quoting,
/// each cell through the input boundary's rule); one bad row refuses the whole file; a good file is stored in one transaction,
/// every change through the entity so the audit interceptor records it. The same file twice changes nothing the second time.
/// </summary>
public static class HouseholdImport
{
    public static readonly IReadOnlyList<string> Columns = ["code", "representative", "address"];

    /// <summary>The most rows one file may hold: a large residential group has a few thousand households.</summary>
    public const int MaxRows = 5_000;

    /// <summary>The largest file taken (about 180 bytes a row at <see cref="MaxRows"/>); Kestrel's body limit is the other bound.</summary>
    public const int MaxFileBytes = 900_000;

    public const string Description = """
        Body: `text/csv; charset=utf-8` (a BOM is allowed), comma-separated, first line a header with the columns `code`
        (required, ≤ 64: the household code of the residence records), `representative` (required, ≤ 256: the representative's
        name) and `address` (required, ≤ 256), any order. At most 5,000 rows and 900,000 bytes. A code not in the register is
        added (moved in today), a code whose name or address differs is changed, and the register's active households absent
        from the file are listed as missing — marked moved out today only with `markMissingMovedOut=true`. A code of a household
        that moved out or merged, a code twice in the file, or a bad cell refuses the whole file (422 with each row, the header
        being row 1). `dryRun=true` (the default) stores nothing and answers what an import would do.
        """;

    /// <summary>
    /// Checks <paramref name="text"/> against the hamlet's register and, when <paramref name="apply"/>, stores it all or nothing.
    /// The caller has checked that <paramref name="unitId"/> is a hamlet in its jurisdiction.
    /// </summary>
    public static async Task<HouseholdImportOutcome> ImportAsync(HaiLongDbContext db, HouseholdRegister register, int unitId,
        string text, bool apply, bool markMissingMovedOut, DateOnly today, CancellationToken ct)
    {
        var (rows, problem) = await CsvImport.ParseAsync(text, Columns, ct);
        if (problem is not null) return new(null, [], problem.ProblemDetails.Detail);
        if (rows.Count > MaxRows) return new(null, [], $"The file has {rows.Count} rows; at most {MaxRows} are taken. Nothing was imported.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two imports of one hamlet at once would both add the same codes; the second waits and then finds them stored.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext('hailong.households'), {unitId})", ct);
        var stored = await db.Households.Where(h => h.UnitId == unitId).ToDictionaryAsync(h => h.Code, ct);

        var errors = new List<CsvRowError>();
        var seen = new Dictionary<string, int>();
        var toAdd = new List<HouseholdImportRow>();
        var toChange = new List<(HouseholdImportChange Change, Household Household)>();
        var unchanged = 0;
        foreach (var row in rows)
        {
            var code = row.Required("code", Limits.Code, errors);
            var name = row.Required("representative", Limits.Name, errors);
            var address = row.Required("address", ConsultationLimits.Address, errors);
            if (code is null) continue;
            if (seen.TryGetValue(code, out var first))
            {
                errors.Add(new(row.Number, "code", $"Code '{code}' is already used in row {first}.")
                {
                    Reason = CsvRowReason.DuplicateInFile, Values = [code, first],
                });
                continue;
            }
            seen[code] = row.Number;
            stored.TryGetValue(code, out var household);
            if (household is { Status: not HouseholdStatus.Active })
            {
                errors.Add(new(row.Number, "code",
                    $"Household '{code}' left the register on {household.LeftOn:yyyy-MM-dd}; a household code is not given again.")
                {
                    Reason = CsvRowReason.Exists, Values = [code, household.LeftOn?.ToString("dd/MM/yyyy") ?? ""],
                });
                continue;
            }
            if (name is null || address is null) continue;
            if (household is null) toAdd.Add(new(row.Number, code, name, address));
            else if (household.RepresentativeName != name || household.Address != address)
            {
                toChange.Add((new(row.Number, household.Id, code, household.RepresentativeName, household.Address, name, address), household));
            }
            else unchanged++;
        }
        if (errors.Count > 0) return new(null, [.. errors.OrderBy(e => e.Row)], null);

        var missing = stored.Values.Where(h => h.Status == HouseholdStatus.Active && !seen.ContainsKey(h.Code)).OrderBy(h => h.Code).ToList();
        var result = new HouseholdImportResult(unitId, apply, markMissingMovedOut, unchanged, [.. toAdd], [.. toChange.Select(c => c.Change)],
            [.. missing.Select(h => new HouseholdImportMissing(h.Id, h.Code, h.RepresentativeName, h.Address))],
            markMissingMovedOut && missing.Count > 0 ? today : null);
        if (!apply) return new(result, [], null);

        db.Households.AddRange(toAdd.Select(r => register.New(unitId, r.Code, r.RepresentativeName, r.Address, today, null)));
        foreach (var (change, household) in toChange)
        {
            household.RepresentativeName = change.NewRepresentativeName;
            household.Address = change.NewAddress;
            household.UpdatedAt = register.Now;
        }
        if (markMissingMovedOut)
        {
            foreach (var household in missing)
            {
                register.Leave(household, HouseholdStatus.MovedOut, today < household.RegisteredOn ? household.RegisteredOn : today);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(result, [], null);
    }
}
