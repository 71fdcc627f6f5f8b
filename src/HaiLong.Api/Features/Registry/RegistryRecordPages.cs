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
        pages.MapGet("/new", ([AsParameters] RegistryPageContext context) =>
            FormAsync(null, Empty, new Dictionary<string, string>(), null, StatusCodes.Status200OK, context));
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

    /// <summary>The list page of <paramref name="records"/> (already searched), ordered and paged.</summary>
    protected abstract Task<IResult> ListPageAsync(IQueryable<TRecord> records, string? query, int? page, string? done, CancellationToken ct);

    /// <summary>What an empty form shows.</summary>
    protected abstract TInput Empty { get; }

    /// <summary>What the form shows for a stored record.</summary>
    protected abstract TInput Typed(TRecord record);

    /// <summary>What was typed, and the API's request made of it; a value that cannot even be read adds its message to <paramref name="errors"/>.</summary>
    protected abstract (TInput Input, TRequest Request) Read(IFormCollection form, Dictionary<string, string> errors, IStringLocalizer<StaffResources> L);

    /// <summary>The request's members with the form field and label a message names.</summary>
    protected abstract IReadOnlyDictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L);

    /// <summary>The API's write (<paramref name="id"/> null: create); the code of the record written, or why it was refused.</summary>
    protected abstract Task<(string? Code, RegistryRefusal? Refusal)> WriteAsync(int? id, TRequest request, RegistryPageContext context);

    /// <summary>The API's delete; null when the record is gone.</summary>
    protected abstract Task<RegistryRefusal?> RemoveAsync(int id, RegistryPageContext context);

    /// <summary>The form page: a new record's (<paramref name="record"/> null) or a stored one's.</summary>
    protected abstract Task<IResult> FormAsync(TRecord? record, TInput input, IReadOnlyDictionary<string, string> errors, string? error,
        int status, RegistryPageContext context);

    /// <summary>A refusal of the API's write in Vietnamese.</summary>
    protected virtual string Words(RegistryRefusal refusal, IStringLocalizer<StaffResources> L) =>
        L[$"{keys}_Refused_{refusal.Reason}", [.. refusal.Args]];

    private async Task<IResult> ListAsync(RegistryPageContext context, string? q, int? page, string? done)
    {
        var query = RegistryListing.Query(q);
        var records = (await RecordsAsync(context.Staff, context.Ct)).AsNoTracking();
        if (query is not null)
        {
            var matching = RegistryListing.Matching(context.Db, table, query);
            records = records.Where(r => matching.Contains(EF.Property<int>(r, "Id")));
        }
        return await ListPageAsync(records, query, page, done, context.Ct);
    }

    private async Task<TRecord?> FindAsync(int id, RegistryPageContext context) =>
        await (await RecordsAsync(context.Staff, context.Ct)).AsNoTracking().SingleOrDefaultAsync(r => EF.Property<int>(r, "Id") == id, context.Ct);

    private async Task<IResult> EditAsync(int id, [AsParameters] RegistryPageContext context) =>
        await FindAsync(id, context) is { } record
            ? await FormAsync(record, Typed(record), new Dictionary<string, string>(), null, StatusCodes.Status200OK, context)
            : NotFound(context.L);

    private async Task<IResult> SaveAsync(int? id, IFormCollection form, RegistryPageContext context)
    {
        TRecord? stored = null;
        if (id is { } existing && (stored = await FindAsync(existing, context)) is null) return NotFound(context.L);
        var errors = new Dictionary<string, string>();
        var (input, request) = Read(form, errors, context.L);
        if (StaffForms.Validate(request, Fields(context.L), errors, context.L).Count > 0)
        {
            return await FormAsync(stored, input, errors, null, StatusCodes.Status400BadRequest, context);
        }
        var (code, refusal) = await WriteAsync(id, request, context);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(context.L);
        if (refusal is not null)
        {
            var message = Words(refusal, context.L);
            if (refusal.Field is { } field) errors[field] = message;
            return await FormAsync(stored, input, errors, refusal.Field is null ? message : null, refusal.Status, context);
        }
        return Results.Redirect(RegistryListing.Href(path, code, 1) + "&done=saved");
    }

    private async Task<IResult> DeleteAsync(int id, RegistryPageContext context)
    {
        if (await FindAsync(id, context) is not { } stored) return NotFound(context.L);
        var refusal = await RemoveAsync(id, context);
        if (refusal is { Status: StatusCodes.Status404NotFound }) return NotFound(context.L);
        if (refusal is not null)
        {
            return await FormAsync(stored, Typed(stored), new Dictionary<string, string>(), Words(refusal, context.L), refusal.Status, context);
        }
        return Results.Redirect(path + "?done=deleted");
    }

    private IResult NotFound(IStringLocalizer<StaffResources> L) =>
        StaffMessagePage.Result(L[$"{keys}_NotFound"], L[$"{keys}_NotFoundBody"], L[$"{keys}_Back"], StatusCodes.Status404NotFound, path);
}
