using System.Collections.Frozen;
using HaiLong.Data.Configurations;

namespace HaiLong.Api.Features.Registry;

/// <summary>What a units import found: the rows it would store (or stored) and every faulty row. Errors mean nothing was stored.</summary>
public sealed record UnitImportOutcome(int Units, IReadOnlyList<CsvRowError> Errors, string? FileError, bool Stored)
{
    /// <summary>The units the file holds, in file order: what a preview shows before anything is stored.</summary>
    public IReadOnlyList<UnitImportRow> Rows { get; init; } = [];

    public bool Accepted => FileError is null && Errors.Count == 0;
}

/// <summary>
/// Import of administrative units in the shape of the official list of administrative units (danh mục đơn vị hành chính):
/// code, name, level, parent code. A parent is a unit already stored or another row of the file, in any order. Every row is
/// checked first (the same level rules as the API, <see cref="UnitRules"/>); one bad row refuses the whole file and a good one
/// is stored in one transaction. Columns and level words are in docs/REGISTRY.md.
/// </summary>
public static class UnitImport
{
    public static readonly IReadOnlyList<string> Columns = ["code", "name", "level", "parent_code"];

    /// <summary>The level words of the official list (after the 2025 reorganisation and before it), and the API's own names.</summary>
    private static readonly FrozenDictionary<string, UnitLevel> LevelWords = new Dictionary<string, UnitLevel>(StringComparer.OrdinalIgnoreCase)
    {
        ["tỉnh"] = UnitLevel.Province,
        ["thành phố trực thuộc trung ương"] = UnitLevel.Province,
        ["thành phố trung ương"] = UnitLevel.Province,
        ["huyện"] = UnitLevel.District,
        ["quận"] = UnitLevel.District,
        ["thị xã"] = UnitLevel.District,
        ["thành phố thuộc tỉnh"] = UnitLevel.District,
        ["phường"] = UnitLevel.Ward,
        ["xã"] = UnitLevel.Commune,
        ["đặc khu"] = UnitLevel.Commune,
        ["thị trấn"] = UnitLevel.Town,
        ["thôn"] = UnitLevel.Hamlet,
        ["ấp"] = UnitLevel.Hamlet,
        ["bản"] = UnitLevel.Hamlet,
        ["buôn"] = UnitLevel.Hamlet,
        ["làng"] = UnitLevel.Hamlet,
        ["sóc"] = UnitLevel.Hamlet,
        ["phum"] = UnitLevel.Hamlet,
        ["khóm"] = UnitLevel.ResidentialGroup,
        ["tổ dân phố"] = UnitLevel.ResidentialGroup,
        ["khu phố"] = UnitLevel.ResidentialGroup,
        ["khu vực"] = UnitLevel.ResidentialGroup,
    }.Concat(Enum.GetValues<UnitLevel>().Select(l => KeyValuePair.Create(l.ToString(), l)))
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Checks the file and, unless <paramref name="dryRun"/>, stores every unit of it — or nothing. With a
    /// <paramref name="jurisdictionPath"/> other than "/" (an administrator's page), a stored parent must lie inside it and a
    /// top-level row is refused, as the API refuses them.
    /// </summary>
    public static async Task<UnitImportOutcome> ImportAsync(HaiLongDbContext db, string csvText, bool dryRun, CancellationToken ct,
        string jurisdictionPath = "/")
    {
        var (rows, problem) = await CsvImport.ParseAsync(csvText, Columns, ct);
        if (problem is not null) return new UnitImportOutcome(0, [], problem.ProblemDetails.Detail, false);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The same lock as the API's tree writes: a path computed here must not interleave with a move.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('hailong.units.tree'))", ct);

        var errors = new List<CsvRowError>();
        var codes = rows.Select(r => r.Get("code")).Where(c => c.Length > 0)
            .Concat(rows.Select(r => r.Get("parent_code")).Where(c => c.Length > 0)).Distinct().ToList();
        var stored = await db.Units.Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, ct);
        var fileUnits = new Dictionary<string, (int Row, AdministrativeUnit Unit, string? ParentCode)>();
        foreach (var row in rows)
        {
            var code = row.Required("code", Limits.Code, errors);
            var name = row.Required("name", Limits.Name, errors);
            var levelText = row.Required("level", Limits.Name, errors);
            var parentCode = row.Get("parent_code") is { Length: > 0 } p ? p : null;
            UnitLevel? level = null;
            if (levelText is not null)
            {
                if (LevelWords.TryGetValue(levelText, out var l)) level = l;
                else errors.Add(new(row.Number, "level", $"Unknown level '{levelText}'; use one of: {string.Join(", ", LevelWords.Keys.Order())}."));
            }
            if (code is null) continue;
            if (stored.ContainsKey(code))
            {
                errors.Add(new(row.Number, "code", $"A unit with code '{code}' already exists."));
                continue;
            }
            if (fileUnits.TryGetValue(code, out var first))
            {
                errors.Add(new(row.Number, "code", $"Code '{code}' is already used in row {first.Row}."));
                continue;
            }
            if (name is null || level is null) continue;
            fileUnits[code] = (row.Number, new AdministrativeUnit { Code = code, Name = name, Level = level.Value }, parentCode);
        }

        // Parents and levels once every row is known: a ward may come before its province in the file.
        foreach (var (code, (rowNumber, unit, parentCode)) in fileUnits)
        {
            UnitLevel? parentLevel = null;
            if (parentCode is not null)
            {
                if (fileUnits.TryGetValue(parentCode, out var parentRow)) parentLevel = parentRow.Unit.Level;
                else if (stored.TryGetValue(parentCode, out var parentUnit) && parentUnit.Path.StartsWith(jurisdictionPath, StringComparison.Ordinal))
                {
                    parentLevel = parentUnit.Level;
                }
                else if (jurisdictionPath != "/")
                {
                    errors.Add(new(rowNumber, "parent_code", $"Unknown parent code '{parentCode}' (neither in your jurisdiction nor in this file)."));
                    continue;
                }
                else
                {
                    errors.Add(new(rowNumber, "parent_code", $"Unknown parent code '{parentCode}' (neither stored nor in this file)."));
                    continue;
                }
            }
            else if (jurisdictionPath != "/")
            {
                errors.Add(new(rowNumber, "parent_code", RegistryErrors.TopLevelRefusal));
                continue;
            }
            if (UnitRules.CheckParent(unit.Level, parentLevel) is { } levelError) errors.Add(new(rowNumber, "level", levelError));
        }
        foreach (var code in fileUnits.Keys)
        {
            // A chain of parents inside the file that never reaches a stored unit or a top-level row is a cycle.
            var seen = new HashSet<string>();
            for (var c = code; c is not null && fileUnits.TryGetValue(c, out var r); c = r.ParentCode)
            {
                if (!seen.Add(c))
                {
                    errors.Add(new(fileUnits[code].Row, "parent_code", $"The parents of '{code}' lead back to '{c}': a cycle."));
                    break;
                }
            }
        }
        var preview = fileUnits.Values.OrderBy(v => v.Row).Select(v => new UnitImportRow(v.Row, v.Unit.Code, v.Unit.Name, v.Unit.Level, v.ParentCode)).ToList();
        if (errors.Count > 0 || dryRun)
        {
            return new UnitImportOutcome(fileUnits.Count, errors.OrderBy(e => e.Row).ToList(), null, false) { Rows = preview };
        }

        foreach (var (_, unit, parentCode) in fileUnits.Values)
        {
            if (parentCode is null) continue;
            if (fileUnits.TryGetValue(parentCode, out var parent)) unit.Parent = parent.Unit;
            else unit.ParentId = stored[parentCode].Id;
        }
        db.Units.AddRange(fileUnits.Values.Select(v => v.Unit));
        await db.SaveChangesAsync(ct);
        // Paths hold the ids the insert has just assigned; parents first.
        string PathOf(AdministrativeUnit u, string? parentCode) => parentCode is null ? $"/{u.Id}/"
            : fileUnits.TryGetValue(parentCode, out var p) ? $"{PathOf(p.Unit, p.ParentCode)}{u.Id}/"
            : $"{stored[parentCode].Path}{u.Id}/";
        foreach (var (_, unit, parentCode) in fileUnits.Values) unit.Path = PathOf(unit, parentCode);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new UnitImportOutcome(fileUnits.Count, [], null, true) { Rows = preview };
    }
}

/// <summary>One unit of an import file as it would be stored: its row (the header is row 1), code, name, level and parent's code.</summary>
public sealed record UnitImportRow(int Row, string Code, string Name, UnitLevel Level, string? ParentCode);
