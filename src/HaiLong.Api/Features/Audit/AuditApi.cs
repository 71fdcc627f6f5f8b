using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Audit;

public sealed record AuditChangeResponse(
    [property: Description("The member, in words where HaiLong has them, else its stored name; empty for a value without a name")] string Field,
    [property: Description("Its value before the change (changes only)")] string? From,
    [property: Description("Its value after the change, or the value recorded; secrets are never given")] string? To,
    [property: Description("Whether this is a change (from → to) rather than a recorded value")] bool IsChange);

public sealed record AuditEntryResponse(long Id, DateTimeOffset At,
    [property: Description("The staff account that acted; null for the system (jobs) and for citizens")] Guid? ActorId,
    [property: Description("The actor's full name, or \"hệ thống\" for the system")] string ActorName,
    string? ActorUserName,
    [property: Description("The stored action code (GET /api/audit/actions lists those of this version)")] string Action,
    [property: Description("The action in Vietnamese; a code without words is given as it is")] string ActionText,
    string? EntityType, string? EntityTypeText, string? EntityId, IReadOnlyList<AuditChangeResponse> Changes);

public sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Entries, int Page, int PageSize,
    [property: Description("Whether a next page exists")] bool HasMore);

public sealed record AuditActionResponse(string Code, string Text);

/// <summary>
/// The audit filter as the API's query string, declared once (names, limits, words) for the list and its CSV export: the
/// validation's 400 comes from these attributes, before anything is read or recorded, keyed by member name (`Actor`) as a
/// request body's errors are. Properties rather than a positional record: under [AsParameters], attributes on a constructor's
/// parameters make the OpenAPI document fail (dotnet/aspnetcore#65348).
/// </summary>
public sealed record AuditFilterQuery
{
    [FromQuery(Name = "actor"), MaxLength(AuditFilter.MaxActorLength), Description("Part of the actor's full name or user name")]
    public string? Actor { get; init; }

    [FromQuery(Name = "action"), MaxLength(AuditFilter.MaxCodeLength), Description("An action code (GET /api/audit/actions)")]
    public string? Action { get; init; }

    [FromQuery(Name = "entityType"), MaxLength(AuditFilter.MaxCodeLength), Description("The object type, e.g. Official, Case, StaffUser")]
    public string? EntityType { get; init; }

    [FromQuery(Name = "entityId"), MaxLength(AuditFilter.MaxCodeLength), Description("The object's id")]
    public string? EntityId { get; init; }

    [FromQuery(Name = "from"), Description("First Vietnam calendar day, included")]
    public DateOnly? From { get; init; }

    [FromQuery(Name = "to"), Description("Last Vietnam calendar day, included")]
    public DateOnly? To { get; init; }

    public AuditFilter Filter(int page = 1, int pageSize = AuditFilter.DefaultPageSize) =>
        new AuditFilter(Actor, Action, EntityType, EntityId, From, To, page, pageSize).Normalised();
}

/// <summary>The audit log viewer: a staff page, its CSV export and the same query as JSON. Every read is itself audited.</summary>
public static class AuditApi
{
    public const string AuditReaders = "AuditReaders";

    /// <summary>Administrators, and the People's Inspection Board: HaiLong has no "head of the board" (a board is a list of
    /// members with the Inspector role), so every inspector reads the log of their jurisdiction.</summary>
    public static readonly IReadOnlyList<string> ReaderRoles = [Roles.Administrator, Roles.Inspector];

    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditWords>();
        services.AddScoped<AuditReader>();
        services.AddAuthorizationBuilder().AddPolicy(AuditReaders, p => p.RequireRole([.. ReaderRoles]));
        services.AddStaffLink("/staff/audit", "Link_Audit", ReaderRoles);
        services.AddApiTag("Audit",
            "The audit log: every change of an audited object and every recorded event (sign-ins, reads of personal data, exports), " +
            "read through the caller's jurisdiction. Reading it is itself audited.");
        return services;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(AuditReaders)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/", ListAuditEntries).WithName("ListAuditEntries");
        api.MapGet("/export", ExportAuditEntries).WithName("ExportAuditEntries").WithSummary("The filtered audit entries as CSV")
            .WithDescription($"Administrators and inspectors. The same query as ListAuditEntries, without paging: at most " +
                $"{AuditFilter.MaxExportRows:N0} entries, newest first, as UTF-8 CSV with Vietnamese headers and Vietnam times; a cell that " +
                "starts like a formula is defused. The export is recorded in the audit log with its filter. Refuses the filters " +
                "ListAuditEntries refuses (400).")
            .ProducesContent(StatusCodes.Status200OK, "The entries as CSV", "text/csv");
        api.MapGet("/actions", ListAuditActions).WithName("ListAuditActions");

        var pages = app.MapGroup("/staff/audit").ExcludeFromDescription().RequireAuthorization(AuditReaders);
        pages.MapGet("/", Page);
        return app;
    }

    /// <summary>Audit entries, newest first, filtered and paged</summary>
    /// <remarks>
    /// Administrators and inspectors. Entries the caller's jurisdiction covers (a national administrator sees all; otherwise
    /// entries whose actor belongs to the jurisdiction or whose object lies in it), newest first, filtered by actor (part of a
    /// full name or user name), action code, object type and id, and a range of Vietnam calendar days; each with the action and
    /// object in words and the changes as from → to, secrets left out. The read is recorded in the audit log with its filter.
    /// Refuses an unknown action or object type, an over-long text, a date range whose `from` is after `to`, and a page or page
    /// size out of range (400, nothing recorded).
    /// </remarks>
    public static async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> ListAuditEntries([AsParameters] AuditFilterQuery query,
        [Range(1, AuditFilter.MaxPage), Description("Page number, from 1")] int? page,
        [Range(1, AuditFilter.MaxPageSize), Description("Entries per page (default 50)")] int? pageSize,
        AuditReader reader, CancellationToken ct)
    {
        var filter = query.Filter(page ?? 1, pageSize ?? AuditFilter.DefaultPageSize);
        if (Refused(filter) is { } refused) return refused;
        var (entries, hasMore) = await reader.PageAsync(filter, ct);
        await reader.RecordReadAsync(AuditCatalogue.AuditViewed, filter, "api", entries.Count, ct);
        return TypedResults.Ok(new AuditPageResponse([.. entries.Select(Response)], filter.Page, filter.PageSize, hasMore));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAuditEntries([AsParameters] AuditFilterQuery query,
        AuditReader reader, IStringLocalizer<StaffResources> L, TimeProvider clock, CancellationToken ct)
    {
        var filter = query.Filter();
        if (Refused(filter) is { } refused) return refused;
        var entries = await reader.ExportAsync(filter, ct);
        await reader.RecordReadAsync(AuditCatalogue.AuditExported, filter, "csv", entries.Count, ct);
        string[] headers = [L["AuditCsv_Id"], L["AuditCsv_Time"], L["AuditCsv_Actor"], L["AuditCsv_UserName"], L["AuditCsv_Action"],
            L["AuditCsv_ActionCode"], L["AuditCsv_Object"], L["AuditCsv_ObjectId"], L["AuditCsv_Details"]];
        var rows = entries.Select(e => new object?[]
        {
            e.Id, AuditWords.Time(e.At), e.ActorName, e.ActorUserName, e.ActionText, e.Action, e.EntityTypeText, e.EntityId, AuditWords.OneLine(e.Changes),
        });
        var name = $"nhat-ky-{VietnamTime.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";
        return TypedResults.File(Csv.Write([headers, .. rows]), Csv.ContentType, name);
    }

    /// <summary>The action codes the filter accepts, with their words</summary>
    /// <remarks>
    /// Administrators and inspectors. Every action code this version writes (`{Object}.created|updated|deleted` for audited
    /// objects, and the named events), with its Vietnamese words; changes nothing.
    /// </remarks>
    public static Ok<AuditActionResponse[]> ListAuditActions(AuditWords words) =>
        TypedResults.Ok(AuditCatalogue.Actions.Select(a => new AuditActionResponse(a, words.Action(a))).ToArray());

    /// <summary>The page binds text, so a mistyped date or page number is a message beside its field rather than a bare 400.</summary>
    private static async Task<IResult> Page([FromQuery] string? actor, [FromQuery] string? action, [FromQuery] string? entityType,
        [FromQuery] string? entityId, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? page, [FromQuery] string? pageSize,
        AuditReader reader, AuditWords words, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var errors = new Dictionary<string, AuditFilterError>();
        DateOnly? Date(string field, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors[field] = AuditFilterError.NotADate;
            return null;
        }
        int Number(string field, string? text, int fallback)
        {
            if (string.IsNullOrWhiteSpace(text)) return fallback;
            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
            errors[field] = AuditFilterError.NotANumber;
            return fallback;
        }
        var filter = new AuditFilter(actor, action, entityType, entityId, Date("from", from), Date("to", to),
            Number("page", page, 1), Number("pageSize", pageSize, AuditFilter.DefaultPageSize)).Normalised();
        foreach (var (field, error) in filter.Check()) errors.TryAdd(field, error);

        var typed = new AuditLogPage.Typed(actor, action, entityType, entityId, from, to);
        var choices = AuditCatalogue.Actions.Select(a => new AuditLogPage.Choice(a, words.Action(a)))
            .OrderBy(c => c.Text, StringComparer.Create(CultureInfo.GetCultureInfo("vi"), false)).ToList();
        var objects = AuditCatalogue.ObjectTypes.Select(t => new AuditLogPage.Choice(t, words.ObjectType(t)))
            .OrderBy(c => c.Text, StringComparer.Create(CultureInfo.GetCultureInfo("vi"), false)).ToList();
        if (errors.Count > 0)
        {
            var messages = errors.ToDictionary(e => e.Key, e => Message(L, e.Key, e.Value));
            return new RazorComponentResult<AuditLogPage>(new
            {
                Values = typed, Errors = (IReadOnlyDictionary<string, string>)messages, Entries = (IReadOnlyList<AuditEntryView>)[],
                Actions = (IReadOnlyList<AuditLogPage.Choice>)choices, Objects = (IReadOnlyList<AuditLogPage.Choice>)objects,
                Filter = (AuditFilter?)null, HasMore = false,
            }) { StatusCode = StatusCodes.Status400BadRequest };
        }
        var (entries, hasMore) = await reader.PageAsync(filter, ct);
        await reader.RecordReadAsync(AuditCatalogue.AuditViewed, filter, "page", entries.Count, ct);
        return new RazorComponentResult<AuditLogPage>(new
        {
            Values = typed, Errors = (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(), Entries = entries,
            Actions = (IReadOnlyList<AuditLogPage.Choice>)choices, Objects = (IReadOnlyList<AuditLogPage.Choice>)objects,
            Filter = (AuditFilter?)filter, HasMore = hasMore,
        });
    }

    private static string Message(IStringLocalizer<StaffResources> L, string field, AuditFilterError error) => error switch
    {
        AuditFilterError.TooLong => L["Audit_Error_TooLong", field == "actor" ? AuditFilter.MaxActorLength : AuditFilter.MaxCodeLength],
        AuditFilterError.UnknownAction => L["Audit_Error_UnknownAction"],
        AuditFilterError.UnknownObjectType => L["Audit_Error_UnknownObjectType"],
        AuditFilterError.NotADate => L["Audit_Error_NotADate"],
        AuditFilterError.DateOutOfRange => L["Audit_Error_DateOutOfRange"],
        AuditFilterError.Reversed => L["Audit_Error_Reversed"],
        AuditFilterError.NotANumber => L["Audit_Error_NotANumber"],
        _ => L["Audit_Error_OutOfRange", 1, field == "page" ? AuditFilter.MaxPage : AuditFilter.MaxPageSize],
    };

    private static ValidationProblem? Refused(AuditFilter filter) =>
        filter.Check() is { Count: > 0 } errors
            ? TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { AuditFilter.ApiMessage(e.Key, e.Value) }))
            : null;

    private static AuditEntryResponse Response(AuditEntryView e) => new(e.Id, e.At, e.ActorId, e.ActorName, e.ActorUserName, e.Action,
        e.ActionText, e.EntityType, e.EntityTypeText, e.EntityId, [.. e.Changes.Select(c => new AuditChangeResponse(c.Field, c.From, c.To, c.IsChange))]);
}
