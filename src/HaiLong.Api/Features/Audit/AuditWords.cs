using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Audit;

/// <summary>
/// The codes the audit log is written with: <c>{Entity}.created|updated|deleted</c> from <c>AuditInterceptor</c> for every
/// <see cref="IAudited"/> entity, and the named events of <c>AuditLog.RecordAsync</c>. The filters accept exactly these;
/// an entry with a code not listed (written by a newer version) is still shown, with its code.
/// </summary>
public static class AuditCatalogue
{
    public static readonly IReadOnlyList<string> Verbs = ["created", "updated", "deleted"];

    /// <summary>Every <c>AuditLog.RecordAsync</c> code in the source (<c>UnitTests</c> finds any missing one).</summary>
    public static readonly IReadOnlyList<string> Events =
    [
        "signin.succeeded", "signin.failed", "signin.locked-out", "authorization.refused",
        "admin.created-by-command", "password.changed",
        "case.contact-viewed", "case.contact-refused", "case.attachment-viewed", "case.contacts-purged", "case.board-attached",
        "review-item.reviewed", "review-item.case-opened",
        "scorecards.exported", "scorecards.rollups.run-requested",
        "evaluation.viewed", "evaluation.sheet-viewed", "evaluation.exported", "evaluation.compute-requested",
        "evaluation.annotated", "evaluation.frozen", "evaluation.version-started",
        "holidays.deadlines-recounted",
        "account.role-changed", "password.reset",
        AuditViewed, AuditExported,
    ];

    public const string AuditViewed = "audit.viewed";
    public const string AuditExported = "audit.exported";

    /// <summary>Entities whose changes the interceptor writes, by the CLR name it records.</summary>
    public static readonly IReadOnlyList<string> AuditedTypes = [.. typeof(IAudited).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && typeof(IAudited).IsAssignableFrom(t)).Select(t => t.Name).Order(StringComparer.Ordinal)];

    /// <summary>Object types an entry may name: the audited entities and the other objects events are about.</summary>
    public static readonly IReadOnlyList<string> ObjectTypes =
        [.. AuditedTypes.Concat([nameof(ReviewItem), "HangfireJob"]).Distinct().Order(StringComparer.Ordinal)];

    public static readonly IReadOnlyList<string> Actions = [.. AuditedTypes.SelectMany(t => Verbs.Select(v => $"{t}.{v}")).Concat(Events)];

    private static readonly FrozenSet<string> KnownActions = Actions.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> KnownObjectTypes = ObjectTypes.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsAction(string code) => KnownActions.Contains(code);

    public static bool IsObjectType(string type) => KnownObjectTypes.Contains(type);

    /// <summary>Names of stored members that are secrets, or derived from one: never shown, whoever reads.</summary>
    public static bool IsSecret(string field) =>
        field.Contains("password", StringComparison.OrdinalIgnoreCase) || field.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || field.Contains("token", StringComparison.OrdinalIgnoreCase) || field.Contains("stamp", StringComparison.OrdinalIgnoreCase)
        || field.EndsWith("Hash", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One member of an entry's details: for a change, its value before (<see cref="From"/>) and after (<see cref="To"/>).</summary>
public sealed record AuditChange(string Field, string? From, string? To, bool IsChange);

/// <summary>Turns an entry's codes and stored details into the words staff read (page, CSV and the API's texts).</summary>
public sealed class AuditWords(IStringLocalizer<StaffResources> l)
{
    public string Action(string code)
    {
        var dot = code.LastIndexOf('.');
        if (dot > 0 && AuditCatalogue.Verbs.Contains(code[(dot + 1)..]) && AuditCatalogue.AuditedTypes.Contains(code[..dot]))
        {
            var verb = l[$"AuditVerb_{code[(dot + 1)..]}", ObjectType(code[..dot])];
            if (!verb.ResourceNotFound) return verb.Value;
        }
        var words = l[$"AuditEvent_{Key(code)}"];
        // A code a newer version writes and this one has no words for: shown as it is, never hidden.
        return words.ResourceNotFound ? l["Audit_UnnamedAction", code].Value : words.Value;
    }

    public string ObjectType(string type)
    {
        var words = l[$"AuditObject_{type}"];
        return words.ResourceNotFound ? type : words.Value;
    }

    /// <summary>A .resx may not hold two names that differ only in case, so one PascalCase key serves a stored member of
    /// either case (<c>FullName</c> of an entity, <c>userName</c> of an event's details).</summary>
    public string Field(string field)
    {
        if (field.Length == 0) return field;
        var words = l[$"AuditField_{char.ToUpperInvariant(field[0])}{field[1..]}"];
        return words.ResourceNotFound ? field : words.Value;
    }

    public string System => l["Audit_System"].Value;

    /// <summary>An actor id no account has any more.</summary>
    public string UnknownActor => l["Audit_UnknownActor"].Value;

    /// <summary>
    /// The stored JSON as members: <c>{ "Name": { "from": …, "to": … } }</c> of an update is a change, anything else a value.
    /// A secret member is listed (so the reader knows it changed) with its value hidden.
    /// </summary>
    public IReadOnlyList<AuditChange> Details(string action, string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return [new AuditChange("", null, Value(doc.RootElement), false)];
        var update = action.EndsWith(".updated", StringComparison.Ordinal);
        var hidden = l["Audit_Hidden"].Value;
        var changes = new List<AuditChange>();
        foreach (var member in doc.RootElement.EnumerateObject())
        {
            var field = Field(member.Name);
            var secret = AuditCatalogue.IsSecret(member.Name);
            if (update && member.Value.ValueKind == JsonValueKind.Object
                && member.Value.TryGetProperty("from", out var from) && member.Value.TryGetProperty("to", out var to))
            {
                changes.Add(secret ? new AuditChange(field, hidden, hidden, true) : new AuditChange(field, Value(from), Value(to), true));
            }
            else
            {
                changes.Add(new AuditChange(field, null, secret ? hidden : Value(member.Value), false));
            }
        }
        return changes;
    }

    /// <summary>The details on one line (CSV): <c>field: old → new; field: value</c>.</summary>
    public static string OneLine(IEnumerable<AuditChange> changes) =>
        string.Join("; ", changes.Select(c => (c.Field.Length == 0 ? "" : c.Field + ": ") + (c.IsChange ? $"{c.From} → {c.To}" : c.To)));

    /// <summary>Times in Vietnam time, as every staff page shows them.</summary>
    public static string Time(DateTimeOffset t) => t.ToOffset(VietnamTime.Offset).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    private string Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "—",
        JsonValueKind.True => l["Audit_Yes"].Value,
        JsonValueKind.False => l["Audit_No"].Value,
        JsonValueKind.String when e.GetString() is { Length: >= 20 } s && s[10] == 'T'
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) => Time(t),
        JsonValueKind.String => e.GetString()!,
        // One level of nesting as words too (a read's filter, a refusal's request), leaving out what was not given.
        JsonValueKind.Object => string.Join(", ", e.EnumerateObject().Where(m => m.Value.ValueKind != JsonValueKind.Null)
            .Select(m => $"{Field(m.Name)}: {(AuditCatalogue.IsSecret(m.Name) ? l["Audit_Hidden"].Value : Value(m.Value))}")),
        JsonValueKind.Array => string.Join(", ", e.EnumerateArray().Select(Value)),
        _ => e.GetRawText(),
    };

    private static string Key(string code) => code.Replace('.', '_').Replace('-', '_');
}
