using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace HaiLong.Api.Features.Registry;

/// <summary>Database refusals a registry write can meet, turned into the client error they mean.</summary>
internal static class RegistryErrors
{
    /// <summary>
    /// A 409 for a unique, foreign-key or exclusion violation; null for anything else. The handlers check first and give a
    /// precise message; this covers the race where another request wins between the check and the save.
    /// </summary>
    public static ProblemDetails? Conflict(DbUpdateException e) => e.InnerException switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } =>
            Problems.Conflict("Another record already uses this code."),
        PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } =>
            Problems.Conflict("The record is still referred to by other records (or refers to one that was removed); nothing was changed."),
        PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation } =>
            Problems.Conflict("The shift overlaps another shift on this counter."),
        _ => null,
    };

    /// <summary>Saves; a conflict the database refused (see <see cref="Conflict"/>) comes back as its 409 instead of an
    /// exception, anything else is thrown.</summary>
    public static async Task<ProblemDetails?> SaveAsync(HaiLongDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (Conflict(e) is { } conflict)
        {
            return conflict;
        }
    }

    /// <summary>A 403 decided inside a handler, audited like the ones the authorisation middleware refuses.</summary>
    public static async Task<ProblemHttpResult> RefuseAsync(AuditLog audit, HttpContext http, string detail, CancellationToken ct)
    {
        await audit.RecordAsync("authorization.refused",
            details: new { method = http.Request.Method, path = http.Request.Path.Value, reason = detail }, ct: ct);
        return TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = detail });
    }

    public const string CatalogueRefusal =
        "The national procedures catalogue is changed only by administrators of a whole province or of the nation.";

    public const string TopLevelRefusal = "Only a national administrator can create or move a top-level unit.";

    /// <summary>The national procedures catalogue is written only by administrators whose jurisdiction is a whole province or the nation.</summary>
    public static async Task<bool> CanWriteCatalogueAsync(StaffContext staff, CancellationToken ct)
    {
        var path = await staff.JurisdictionPathAsync(ct);
        return path is not null && path.Count(c => c == '/') <= 2;
    }
}

/// <summary>
/// A registry write that was refused, said once for both callers: the API answers <see cref="Status"/> with the English
/// <see cref="Detail"/> as ProblemDetails; a page words <see cref="Reason"/> (with <see cref="Args"/>) in Vietnamese beside
/// <see cref="Field"/> (null: the form as a whole).
/// </summary>
public sealed record RegistryRefusal(int Status, string Reason, string? Field, string Detail, IReadOnlyList<object> Args)
{
    public static RegistryRefusal NotFound(string what, object id) =>
        new(StatusCodes.Status404NotFound, "NotFound", null, Problems.NotFound(what, id).Detail!, []);

    public static RegistryRefusal Conflict(string reason, string? field, string detail, params IReadOnlyList<object> args) =>
        new(StatusCodes.Status409Conflict, reason, field, detail, args);

    public static RegistryRefusal Unprocessable(string reason, string? field, string detail, params IReadOnlyList<object> args) =>
        new(StatusCodes.Status422UnprocessableEntity, reason, field, detail, args);

    /// <summary>The 409 of a constraint the database refused after the checks passed (<see cref="RegistryErrors.Conflict"/>).</summary>
    public static RegistryRefusal Database(ProblemDetails conflict) =>
        new(StatusCodes.Status409Conflict, "Database", null, conflict.Detail!, []);

    public ProblemDetails Problem => Status switch
    {
        StatusCodes.Status404NotFound => new() { Status = Status, Title = "Not found", Detail = Detail },
        StatusCodes.Status409Conflict => Problems.Conflict(Detail),
        StatusCodes.Status403Forbidden => new() { Status = Status, Title = "Forbidden", Detail = Detail },
        _ => Problems.Unprocessable(Detail),
    };
}
