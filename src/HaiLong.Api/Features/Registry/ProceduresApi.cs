using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The national catalogue of administrative procedures (thủ tục hành chính). Any staff member reads it; administrators of a
/// whole province (or the nation) write it, because a ward's administrator would be changing every ward's catalogue.
/// </summary>
public static class ProceduresApi
{
    internal static void MapProcedures(this RouteGroupBuilder procedures)
    {
        procedures.MapGet("/", ListProcedures).WithName("ListProcedures");
        procedures.MapGet("/{id:int}", GetProcedure).WithName("GetProcedure");
        procedures.MapPost("/", CreateProcedure).WithName("CreateProcedure")
            .RequireAuthorization(Policies.Administrator);
        procedures.MapPut("/{id:int}", UpdateProcedure).WithName("UpdateProcedure")
            .RequireAuthorization(Policies.Administrator);
        procedures.MapDelete("/{id:int}", DeleteProcedure).WithName("DeleteProcedure")
            .RequireAuthorization(Policies.Administrator);
        procedures.MapPost("/import", CsvImport.ImportProcedures).WithName("ImportProcedures")
            .WithSummary("Import procedures from CSV (all rows or none)")
            .WithDescription("Administrators of a province or the nation only (403 otherwise). Adds new procedures, all rows in one transaction " +
                "or none (an existing code is a bad row). A body that is not CSV is refused (415).\n\n" + CsvImport.ProceduresDescription)
            .Accepts<string>("text/csv")
            .RequireAuthorization(Policies.Administrator);
    }

    /// <summary>The procedures catalogue, optionally of one field or matching a text</summary>
    /// <remarks>
    /// Any signed-in staff member. Lists the national procedures catalogue ordered by code, optionally of one `field` or with
    /// `q` in the name; changes nothing.
    /// </remarks>
    public static async Task<Ok<ProcedureResponse[]>> ListProcedures(HaiLongDbContext db, CancellationToken ct, string? field = null, string? q = null)
    {
        IQueryable<Procedure> query = db.Procedures;
        if (!string.IsNullOrWhiteSpace(field)) query = query.Where(p => p.Field == field);
        if (!string.IsNullOrWhiteSpace(q)) query =
            query.Where(p => EF.Functions.ILike(p.Name, $"%{q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%"));
        return await RegistryAnswers.ListAsync(query, p => p.Code, ToResponse, ct);
    }

    /// <summary>One procedure</summary>
    /// <remarks>Any signed-in staff member. Reads one procedure of the catalogue; an unknown id answers 404.</remarks>
    public static Task<Results<Ok<ProcedureResponse>, NotFound<ProblemDetails>>> GetProcedure(int id, HaiLongDbContext db, CancellationToken ct) =>
        RegistryAnswers.FoundAsync(db.Procedures, id, "procedure", ToResponse, ct);

    /// <summary>Add a procedure to the catalogue</summary>
    /// <remarks>
    /// Administrators of a province or the nation only (a ward's administrator is refused, 403), because the catalogue is
    /// shared by every ward. A code already used is refused (409).
    /// </remarks>
    public static async Task<Results<Created<ProcedureResponse>, Conflict<ProblemDetails>, ProblemHttpResult>> CreateProcedure(
        ProcedureRequest request, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!await RegistryErrors.CanWriteCatalogueAsync(staff, ct)) return await RegistryErrors.RefuseAsync(audit, http, RegistryErrors.CatalogueRefusal, ct);
        var (procedure, refusal) = await RegistryProcedureRules.CreateAsync(request, db, ct);
        if (refusal is not null) return TypedResults.Conflict(refusal.Problem);
        return TypedResults.Created($"/api/procedures/{procedure!.Id}", ToResponse(procedure));
    }

    /// <summary>Change a procedure's code, name or field</summary>
    /// <remarks>
    /// Administrators of a province or the nation only (403 otherwise). Changes a procedure's code, name or field; an unknown
    /// id answers 404 and a code already used is refused (409).
    /// </remarks>
    public static async Task<Results<Ok<ProcedureResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ProblemHttpResult>> UpdateProcedure(
        int id, ProcedureRequest request, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!await RegistryErrors.CanWriteCatalogueAsync(staff, ct)) return await RegistryErrors.RefuseAsync(audit, http, RegistryErrors.CatalogueRefusal, ct);
        var (procedure, refusal) = await RegistryProcedureRules.UpdateAsync(id, request, db, ct);
        if (refusal is { Reason: ProcedureRefusalReason.NotFound }) return TypedResults.NotFound(refusal.Problem);
        if (refusal is not null) return TypedResults.Conflict(refusal.Problem);
        return TypedResults.Ok(ToResponse(procedure!));
    }

    /// <summary>Delete a procedure that nothing refers to</summary>
    /// <remarks>
    /// Administrators of a province or the nation only (403 otherwise). Refused (409) once invitations or responses refer to
    /// the procedure; an unknown id answers 404.
    /// </remarks>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ProblemHttpResult>> DeleteProcedure(
        int id, StaffContext staff, HaiLongDbContext db, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!await RegistryErrors.CanWriteCatalogueAsync(staff, ct)) return await RegistryErrors.RefuseAsync(audit, http, RegistryErrors.CatalogueRefusal, ct);
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (procedure is null) return TypedResults.NotFound(Problems.NotFound("procedure", id));
        if (await db.Invitations.AnyAsync(i => i.ProcedureId == id, ct) || await db.Responses.AnyAsync(r => r.ProcedureId == id, ct))
        {
            return TypedResults.Conflict(Problems.Conflict($"Procedure {id} has invitations or responses; it cannot be deleted."));
        }
        db.Procedures.Remove(procedure);
        if (await RegistryErrors.SaveAsync(db, ct) is { } conflict)
        {
            return TypedResults.Conflict(conflict);
        }
        return TypedResults.NoContent();
    }

    internal static ProcedureResponse ToResponse(Procedure p) => new(p.Id, p.Code, p.Name, p.Field);
}
