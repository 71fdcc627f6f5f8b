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
        await audit.RecordAsync("authorization.refused", details: new { method = http.Request.Method, path = http.Request.Path.Value, reason = detail }, ct: ct);
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
