using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// How the registry API answers, the same for every kind of record: a read, and a write's outcome (the record, or the
/// refusal's ProblemDetails, whose status decides the answer) turned into the operation's typed results. The routes stay
/// mapped one by one in each record's Map method: the validation and OpenAPI source generators read the handlers there.
/// </summary>
internal static class RegistryAnswers
{
    /// <summary>A list: <paramref name="records"/> (the caller's jurisdiction and the filters) by <paramref name="order"/>.</summary>
    public static async Task<Ok<TResponse[]>> ListAsync<TRecord, TResponse, TKey>(IQueryable<TRecord> records,
        Expression<Func<TRecord, TKey>> order, Func<TRecord, TResponse> toResponse, CancellationToken ct) where TRecord : class
    {
        var rows = await records.AsNoTracking().OrderBy(order).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(toResponse).ToArray());
    }

    /// <summary>One record of <paramref name="records"/> (the caller's jurisdiction), or 404 naming <paramref name="what"/>.</summary>
    public static async Task<Results<Ok<TResponse>, NotFound<ProblemDetails>>> FoundAsync<TRecord, TResponse>(
        IQueryable<TRecord> records, int id, string what, Func<TRecord, TResponse> toResponse, CancellationToken ct)
        where TRecord : class
    {
        var record = await records.AsNoTracking().SingleOrDefaultAsync(r => EF.Property<int>(r, "Id") == id, ct);
        return record is null ? TypedResults.NotFound(Problems.NotFound(what, id)) : TypedResults.Ok(toResponse(record));
    }

    /// <summary>A create: 201 with the record, else the refusal's 409 or 422.</summary>
    public static Results<Created<TResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>> Created<TResponse>(
        ProblemDetails? refused, Func<Created<TResponse>> created) => refused switch
    {
        null => created(),
        { Status: StatusCodes.Status409Conflict } => TypedResults.Conflict(refused),
        _ => TypedResults.UnprocessableEntity(refused),
    };

    /// <summary>A change: 200 with the record, else the refusal's 404, 409 or 422.</summary>
    public static Results<Ok<TResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>> Changed<TResponse>(
        ProblemDetails? refused, Func<TResponse> changed) => refused switch
    {
        null => TypedResults.Ok(changed()),
        { Status: StatusCodes.Status404NotFound } => TypedResults.NotFound(refused),
        { Status: StatusCodes.Status409Conflict } => TypedResults.Conflict(refused),
        _ => TypedResults.UnprocessableEntity(refused),
    };

    /// <summary>A delete: 204, else the refusal's 404 or 409.</summary>
    public static Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>> Deleted(ProblemDetails? refused) => refused switch
    {
        null => TypedResults.NoContent(),
        { Status: StatusCodes.Status404NotFound } => TypedResults.NotFound(refused),
        _ => TypedResults.Conflict(refused),
    };
}
