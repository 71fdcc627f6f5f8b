using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using StaffMessagePage = HaiLong.Api.Features.Accounts.StaffMessagePage;

namespace HaiLong.Api.Features.Registry;

/// <summary>What every registry page handler is given: the caller's jurisdiction, the database, the audit log, the request, the words.</summary>
internal sealed record RegistryPageContext(
    StaffContext Staff, HaiLongDbContext Db, AuditLog Audit, HttpContext Http, IStringLocalizer<StaffResources> L, CancellationToken Ct);

/// <summary>
/// The administrator's pages for one kind of registry record (units, agencies, counters): the list (searched, paged), a form to
/// create one, and the record's form to change or delete it — the same steps for every kind. A record outside the caller's
/// jurisdiction answers the not-found page on every route. A posted form becomes the API's <typeparamref name="TRequest"/>,
/// checked with the request's own DataAnnotations, and is written by the API's own write, so a page refuses exactly what the
/// API refuses; a refusal shows the form again with what was typed and the reason beside its field. A kind's class keeps only
/// what is its own: its rows, how its form is read, its write and its form page. Its words are the resource keys
/// <c>{keys}_NotFound</c>, <c>_NotFoundBody</c>, <c>_Back</c> and <c>_Refused_{reason}</c>.
/// </summary>
internal abstract class RegistryRecordPages<TRecord, TInput, TRequest>(string path, string keys, RegistryListing.Table table)
    where TRecord : class
    where TRequest : notnull
{
    /// <summary>The routes: the list, <c>/new</c>, <c>/{id}</c> and <c>/{id}/delete</c>. A form is bound
    /// (<see cref="IFormCollection"/>) so that the framework checks its antiforgery token.</summary>
    public IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(path).RequireAuthorization(Policies.Administrator).ExcludeFromDescription();
        pages.MapGet("/", ([AsParameters] RegistryPageContext context, string? q = null, int? page = null, string? done = null) =>
            ListAsync(context, q, page, done));
        pages.MapGet("/new", ([AsParameters] RegistryPageContext context) => FormAsync(null, new(Empty), context));
        pages.MapPost("/new", (IFormCollection form, [AsParameters] RegistryPageContext context) => SaveAsync(null, form, context));
        pages.MapGet("/{id:int}", EditAsync);
        pages.MapPost("/{id:int}", (int id, IFormCollection form, [AsParameters] RegistryPageContext context) =>
            SaveAsync(id, form, context));
        pages.MapPost("/{id:int}/delete", (int id, IFormCollection form, [AsParameters] RegistryPageContext context) =>
            DeleteAsync(id, context));
        return app;
    }

    /// <summary>The records of the caller's jurisdiction.</summary>
    protected abstract Task<IQueryable<TRecord>> RecordsAsync(StaffContext staff, CancellationToken ct);

    /// <summary>The list page of <paramref name="records"/> (already searched): <see cref="ListPageAsync{TList, TRow}"/> of its rows.</summary>
    protected abstract Task<IResult> ListPageAsync(IQueryable<TRecord> records, RegistryList list);

    /// <summary>What an empty form shows.</summary>
    protected abstract TInput Empty { get; }

    /// <summary>What the form shows for a stored record.</summary>
    protected abstract TInput Typed(TRecord record);

    /// <summary>What was typed, and the API's request made of it; a value that cannot even be read adds its message to
    /// <paramref name="errors"/>.</summary>
    protected abstract (TInput Input, TRequest Request) Read(IFormCollection form, Dictionary<string, string> errors,
        IStringLocalizer<StaffResources> L);

    /// <summary>The request's members with the form field and label a message names (<see cref="StaffForms.Fields"/>).</summary>
    protected abstract IReadOnlyDictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L);

    /// <summary>The API's write (<paramref name="id"/> null: create): the record written, or why it was refused.</summary>
    protected abstract Task<(TRecord?, RegistryRefusal?)> WriteAsync(int? id, TRequest request, RegistryPageContext context);

    /// <summary>The API's delete; null when the record is gone.</summary>
    protected abstract Task<RegistryRefusal?> RemoveAsync(int id, RegistryPageContext context);

    /// <summary>The form page of a new record (<paramref name="record"/> null) or a stored one: <see cref="RegistryForm{TInput}.Page{TForm}"/>
    /// with the choices the form offers.</summary>
    protected abstract Task<IResult> FormAsync(TRecord? record, RegistryForm<TInput> form, RegistryPageContext context);

    /// <summary>A refusal of the API's write in Vietnamese.</summary>
    protected virtual string Words(RegistryRefusal refusal, IStringLocalizer<StaffResources> L) =>
        L[$"{keys}_Refused_{refusal.Reason}", [.. refusal.Args]];

    /// <summary>The list component <typeparamref name="TList"/> (parameters Query, Rows, Done) with one page of the ordered rows.</summary>
    protected static async Task<IResult> ListPageAsync<TList, TRow>(IQueryable<TRow> ordered, RegistryList list) where TList : IComponent =>
        new RazorComponentResult<TList>(new { list.Query, Rows = await RegistryListing.PageAsync(ordered, list.Page, list.Ct), list.Done });

    private async Task<IResult> ListAsync(RegistryPageContext context, string? q, int? page, string? done)
    {
        var query = RegistryListing.Query(q);
        var records = (await RecordsAsync(context.Staff, context.Ct)).AsNoTracking();
        if (query is not null)
        {
            var matching = RegistryListing.Matching(context.Db, table, query);
            records = records.Where(r => matching.Contains(EF.Property<int>(r, "Id")));
        }
        return await ListPageAsync(records, new(query, page, done, context.Ct));
    }

    private async Task<TRecord?> FindAsync(int id, RegistryPageContext context) =>
        await (await RecordsAsync(context.Staff, context.Ct)).AsNoTracking().SingleOrDefaultAsync(r => EF.Property<int>(r, "Id") == id, context.Ct);

    private async Task<IResult> EditAsync(int id, [AsParameters] RegistryPageContext context) =>
        await FindAsync(id, context) is { } record
            ? await FormAsync(record, new(Typed(record)), context)
            : NotFound(context.L);

    private async Task<IResult> SaveAsync(int? id, IFormCollection form, RegistryPageContext context)
    {
        TRecord? stored = null;
        if (id is { } existing && (stored = await FindAsync(existing, context)) is null) return NotFound(context.L);
        var errors = new Dictionary<string, string>();
        var (input, request) = Read(form, errors, context.L);
        if (StaffForms.Validate(request, Fields(context.L), errors, context.L).Count > 0)
        {
            return await FormAsync(stored, new(input, errors, null, StatusCodes.Status400BadRequest), context);
        }
        var (record, refusal) = await WriteAsync(id, request, context);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(context.L);
        if (refusal is not null)
        {
            var message = Words(refusal, context.L);
            if (refusal.Field is { } field) errors[field] = message;
            return await FormAsync(stored, new(input, errors, refusal.Field is null ? message : null, refusal.Status), context);
        }
        // The written record is tracked: its code as stored (trimmed) finds it in the list.
        var code = context.Db.Entry(record!).Property<string>("Code").CurrentValue;
        return Results.Redirect(RegistryListing.Href(path, code, 1) + "&done=saved");
    }

    private async Task<IResult> DeleteAsync(int id, RegistryPageContext context)
    {
        if (await FindAsync(id, context) is not { } stored) return NotFound(context.L);
        var refusal = await RemoveAsync(id, context);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(context.L);
        if (refusal is not null)
        {
            return await FormAsync(stored, new(Typed(stored), Error: Words(refusal, context.L), Status: refusal.Status), context);
        }
        return Results.Redirect(path + "?done=deleted");
    }

    private IResult NotFound(IStringLocalizer<StaffResources> L) =>
        StaffMessagePage.Result(L[$"{keys}_NotFound"], L[$"{keys}_NotFoundBody"], L[$"{keys}_Back"], StatusCodes.Status404NotFound, path);
}

/// <summary>What a list page was asked for: the search (trimmed), the page number, what was just done.</summary>
internal readonly record struct RegistryList(string? Query, int? Page, string? Done, CancellationToken Ct);

/// <summary>A registry form as it is shown: the values (typed or stored), the messages beside the fields, one for the whole form.</summary>
internal sealed record RegistryForm<TInput>(TInput Values, IReadOnlyDictionary<string, string>? Errors = null, string? Error = null,
    int Status = StatusCodes.Status200OK)
{
    /// <summary>The form component <typeparamref name="TForm"/> (parameters RecordId, RecordName, Values, Errors, Error) with
    /// the <paramref name="choices"/> it offers.</summary>
    public IResult Page<TForm>(int? recordId, string? recordName, params (string Name, object? Value)[] choices) where TForm : IComponent
    {
        var parameters = new Dictionary<string, object?>
        {
            ["RecordId"] = recordId,
            ["RecordName"] = recordName,
            ["Values"] = Values,
            ["Errors"] = Errors ?? new Dictionary<string, string>(),
            ["Error"] = Error,
        };
        foreach (var (name, value) in choices) parameters[name] = value;
        return new RazorComponentResult<TForm>(parameters) { StatusCode = Status };
    }
}
