using System.Globalization;

namespace HaiLong.Api.Features.Audit;

/// <summary>What is wrong with one filter field; each reader (the page, the API) words it itself.</summary>
public enum AuditFilterError
{
    TooLong,
    UnknownAction,
    UnknownObjectType,
    NotADate,
    DateOutOfRange,
    Reversed,
    NotANumber,
    OutOfRange,
}

/// <summary>A query of the audit log. Dates are Vietnam calendar days, both included.</summary>
public sealed record AuditFilter(string? Actor, string? Action, string? EntityType, string? EntityId, DateOnly? From, DateOnly? To,
    int Page = 1, int PageSize = AuditFilter.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxPage = 1000;
    public const int MaxActorLength = 256;
    public const int MaxCodeLength = 128;
    public const int MaxExportRows = 10_000;
    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(2999, 12, 31);

    /// <summary>Blank fields mean "any" (a filter form sends them empty).</summary>
    public AuditFilter Normalised() => this with
    {
        Actor = Blank(Actor), Action = Blank(Action), EntityType = Blank(EntityType), EntityId = Blank(EntityId),
    };

    /// <summary>The one check of a filter, for the page and the API alike; field names are the query's.</summary>
    public Dictionary<string, AuditFilterError> Check()
    {
        var errors = new Dictionary<string, AuditFilterError>();
        if (Actor?.Length > MaxActorLength) errors["actor"] = AuditFilterError.TooLong;
        if (Action is not null && !AuditCatalogue.IsAction(Action))
        {
            errors["action"] = Action.Length > MaxCodeLength ? AuditFilterError.TooLong : AuditFilterError.UnknownAction;
        }
        if (EntityType is not null && !AuditCatalogue.IsObjectType(EntityType)) errors["entityType"] = AuditFilterError.UnknownObjectType;
        if (EntityId?.Length > MaxCodeLength) errors["entityId"] = AuditFilterError.TooLong;
        if (From is { } f && (f < Earliest || f > Latest)) errors["from"] = AuditFilterError.DateOutOfRange;
        if (To is { } t && (t < Earliest || t > Latest)) errors["to"] = AuditFilterError.DateOutOfRange;
        if (From > To && !errors.ContainsKey("from") && !errors.ContainsKey("to")) errors["from"] = AuditFilterError.Reversed;
        if (Page is < 1 or > MaxPage) errors["page"] = AuditFilterError.OutOfRange;
        if (PageSize is < 1 or > MaxPageSize) errors["pageSize"] = AuditFilterError.OutOfRange;
        return errors;
    }

    /// <summary>What the audit entry of a read records: the filter as given, without paging defaults that say nothing.</summary>
    public object Describe() => new
    {
        actor = Actor, action = Action, entityType = EntityType, entityId = EntityId,
        from = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>The filter as a query string (without the page), for links to other pages and to the export.</summary>
    public string Query() => string.Join('&', new (string Name, string? Value)[]
        {
            ("actor", Actor), ("action", Action), ("entityType", EntityType), ("entityId", EntityId),
            ("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("pageSize", PageSize == DefaultPageSize ? null : PageSize.ToString(CultureInfo.InvariantCulture)),
        }.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    public static string ApiMessage(string field, AuditFilterError error) => error switch
    {
        AuditFilterError.TooLong => $"'{field}' is too long (at most {(field == "actor" ? MaxActorLength : MaxCodeLength)} characters).",
        AuditFilterError.UnknownAction => "'action' is not an audit action code (GET /api/audit/actions lists them).",
        AuditFilterError.UnknownObjectType => $"'entityType' must be one of: {string.Join(", ", AuditCatalogue.ObjectTypes)}.",
        AuditFilterError.NotADate => $"'{field}' must be a date (yyyy-MM-dd).",
        AuditFilterError.DateOutOfRange => $"'{field}' must be between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.",
        AuditFilterError.Reversed => "'from' must not be after 'to'.",
        AuditFilterError.NotANumber => $"'{field}' must be a whole number.",
        _ => field == "page" ? $"'page' must be between 1 and {MaxPage}." : $"'pageSize' must be between 1 and {MaxPageSize}.",
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>One entry as staff read it: who (by name), what (in words), when (Vietnam time), the details as members.</summary>
public sealed record AuditEntryView(long Id, DateTimeOffset At, Guid? ActorId, string ActorName, string? ActorUserName, string Action,
    string ActionText, string? EntityType, string? EntityTypeText, string? EntityId, IReadOnlyList<AuditChange> Changes);

/// <summary>
/// Reads the audit log through the caller's jurisdiction. A national administrator reads every entry. Anyone with a
/// jurisdiction reads the entries whose actor's jurisdiction lies inside theirs (the people of their units) and the entries
/// about an object that lies inside it today (a unit, agency, official, counter, shift, case, QR, meeting, board, evaluation,
/// review item, staff account) — worked out when reading, so entries written before this rule existed are covered too.
/// Anything else (a national administrator's sign-in, a failed sign-in under an unknown name, a deleted object, the
/// shared catalogues) is seen only nationally. See docs/DEVELOPING.md, "Audit log".
/// </summary>
public sealed class AuditReader(HaiLongDbContext db, StaffContext staff, AuditWords words, AuditLog audit)
{
    public async Task<(IReadOnlyList<AuditEntryView> Entries, bool HasMore)> PageAsync(AuditFilter f, CancellationToken ct)
    {
        var rows = await (await QueryAsync(f, ct)).Skip((f.Page - 1) * f.PageSize).Take(f.PageSize + 1).ToListAsync(ct);
        var entries = await ViewsAsync(rows.Take(f.PageSize).ToList(), ct);
        return (entries, rows.Count > f.PageSize);
    }

    public async Task<IReadOnlyList<AuditEntryView>> ExportAsync(AuditFilter f, CancellationToken ct) =>
        await ViewsAsync(await (await QueryAsync(f, ct)).Take(AuditFilter.MaxExportRows).ToListAsync(ct), ct);

    /// <summary>Reading the log is itself written to it, with the filter used.</summary>
    public Task RecordReadAsync(string action, AuditFilter f, string channel, int entries, CancellationToken ct) =>
        audit.RecordAsync(action, details: new { channel, filter = f.Describe(), page = f.Page, entries }, ct: ct);

    private async Task<IQueryable<AuditEntry>> QueryAsync(AuditFilter f, CancellationToken ct)
    {
        var q = (await VisibleAsync(ct)).AsNoTracking();
        if (f.Actor is { } actor)
        {
            var pattern = "%" + actor.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            var people = db.Users.Where(u => EF.Functions.ILike(u.FullName, pattern, "\\") || EF.Functions.ILike(u.UserName!, pattern, "\\"))
                .Select(u => (Guid?)u.Id);
            q = q.Where(a => people.Contains(a.ActorId));
        }
        if (f.Action is { } action) q = q.Where(a => a.Action == action);
        if (f.EntityType is { } type) q = q.Where(a => a.EntityType == type);
        if (f.EntityId is { } id) q = q.Where(a => a.EntityId == id);
        if (f.From is { } from)
        {
            var start = StartOf(from);
            q = q.Where(a => a.At >= start);
        }
        if (f.To is { } to)
        {
            var end = StartOf(to.AddDays(1));
            q = q.Where(a => a.At < end);
        }
        return q.OrderByDescending(a => a.At).ThenByDescending(a => a.Id);
    }

    /// <summary>Midnight of a Vietnam calendar day, as an instant.</summary>
    private static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).ToUniversalTime();

    private async Task<IQueryable<AuditEntry>> VisibleAsync(CancellationToken ct)
    {
        var path = await staff.JurisdictionPathAsync(ct) ?? "\0";
        if (path == "/") return db.AuditEntries;
        // The unit of the object an entry is about, looked up by its type; a guard keeps a non-numeric id from being cast.
        return db.AuditEntries.FromSqlInterpolated($$"""
            SELECT a.* FROM audit_entries a
            WHERE EXISTS (SELECT 1 FROM "AspNetUsers" p JOIN units j ON j.id = p.jurisdiction_unit_id
                          WHERE p.id = a.actor_id AND starts_with(j.path, {{path}}))
               OR starts_with((SELECT x.path FROM units x WHERE x.id = CASE
                    WHEN a.entity_type = 'StaffUser' AND a.entity_id ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                        THEN (SELECT p.jurisdiction_unit_id FROM "AspNetUsers" p WHERE p.id = a.entity_id::uuid)
                    WHEN a.entity_id ~ '^[0-9]{1,18}$' THEN CASE a.entity_type
                        WHEN 'AdministrativeUnit' THEN a.entity_id::bigint
                        WHEN 'Agency' THEN (SELECT g.unit_id FROM agencies g WHERE g.id = a.entity_id::bigint)
                        WHEN 'Official' THEN (SELECT g.unit_id FROM officials o JOIN agencies g ON g.id = o.agency_id WHERE o.id = a.entity_id::bigint)
                        WHEN 'ServicePoint' THEN (SELECT g.unit_id FROM service_points s JOIN agencies g ON g.id = s.agency_id WHERE s.id = a.entity_id::bigint)
                        WHEN 'ServicePointShift' THEN (SELECT g.unit_id FROM service_point_shifts h JOIN service_points s ON s.id = h.service_point_id
                            JOIN agencies g ON g.id = s.agency_id WHERE h.id = a.entity_id::bigint)
                        WHEN 'Case' THEN (SELECT c.unit_id FROM cases c WHERE c.id = a.entity_id::bigint)
                        WHEN 'Invitation' THEN (SELECT i.unit_id FROM invitations i WHERE i.id = a.entity_id::bigint)
                        WHEN 'Meeting' THEN (SELECT m.unit_id FROM meetings m WHERE m.id = a.entity_id::bigint)
                        WHEN 'InspectionBoard' THEN (SELECT b.unit_id FROM inspection_boards b WHERE b.id = a.entity_id::bigint)
                        WHEN 'EvaluationCycle' THEN (SELECT e.unit_id FROM evaluation_cycles e WHERE e.id = a.entity_id::bigint)
                        WHEN 'EvaluationTarget' THEN (SELECT t.unit_id FROM evaluation_targets t WHERE t.id = a.entity_id::bigint)
                        WHEN 'EvaluationResult' THEN (SELECT e.unit_id FROM evaluation_results r
                            JOIN evaluation_cycles e ON e.id = r.cycle_id WHERE r.id = a.entity_id::bigint)
                        WHEN 'ReviewItem' THEN (SELECT r.unit_id FROM review_items r WHERE r.id = a.entity_id::bigint)
                        WHEN 'CommunityConvention' THEN (SELECT c.unit_id FROM community_conventions c WHERE c.id = a.entity_id::bigint)
                        WHEN 'ConventionVersion' THEN (SELECT c.unit_id FROM convention_versions v
                            JOIN community_conventions c ON c.id = v.convention_id WHERE v.id = a.entity_id::bigint)
                        WHEN 'ConventionReview' THEN (SELECT c.unit_id FROM convention_reviews r
                            JOIN community_conventions c ON c.id = r.convention_id WHERE r.id = a.entity_id::bigint)
                    END
                  END), {{path}})
            """);
    }

    private async Task<IReadOnlyList<AuditEntryView>> ViewsAsync(List<AuditEntry> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => r.ActorId is not null).Select(r => r.ActorId!.Value).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.FullName, u.UserName), ct);
        return [.. rows.Select(r =>
        {
            var (name, userName) = r.ActorId is { } id && people.TryGetValue(id, out var p) ? p : (r.ActorId is null ? words.System : words.UnknownActor, null);
            return new AuditEntryView(r.Id, r.At, r.ActorId, name, userName, r.Action, words.Action(r.Action),
                r.EntityType, r.EntityType is null ? null : words.ObjectType(r.EntityType), r.EntityId, words.Details(r.Action, r.Details));
        })];
    }
}
