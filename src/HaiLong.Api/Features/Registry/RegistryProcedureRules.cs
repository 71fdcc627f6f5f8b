using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Registry;

public enum ProcedureRefusalReason
{
    NotFound,
    CodeTaken,
    /// <summary>The database refused the save (another request took the code in between); the problem says which.</summary>
    Conflict,
}

public sealed record ProcedureRefusal(ProcedureRefusalReason Reason, ProblemDetails Problem);

/// <summary>
/// The one home of the rules for writing the procedures catalogue, called by <see cref="ProceduresApi"/> and the staff pages
/// (<see cref="RegistryProcedurePages"/>). Who may write it at all is <see cref="RegistryErrors.CanWriteCatalogueAsync"/>,
/// asked by each caller first so that its refusal is audited where it is answered.
/// </summary>
public static class RegistryProcedureRules
{
    public static async Task<(Procedure? Procedure, ProcedureRefusal? Refusal)> CreateAsync(ProcedureRequest request, HaiLongDbContext db, CancellationToken ct)
    {
        if (await CodeTakenAsync(request, null, db, ct) is { } taken) return (null, taken);
        var procedure = new Procedure { Code = request.Code.Trim(), Name = request.Name.Trim(), Field = request.Field.Trim() };
        db.Procedures.Add(procedure);
        return await SaveAsync(procedure, db, ct);
    }

    public static async Task<(Procedure? Procedure, ProcedureRefusal? Refusal)> UpdateAsync(int id, ProcedureRequest request,
        HaiLongDbContext db, CancellationToken ct)
    {
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (procedure is null) return (null, new(ProcedureRefusalReason.NotFound, Problems.NotFound("procedure", id)));
        if (await CodeTakenAsync(request, id, db, ct) is { } taken) return (null, taken);
        procedure.Code = request.Code.Trim();
        procedure.Name = request.Name.Trim();
        procedure.Field = request.Field.Trim();
        return await SaveAsync(procedure, db, ct);
    }

    private static async Task<ProcedureRefusal?> CodeTakenAsync(ProcedureRequest request, int? id, HaiLongDbContext db, CancellationToken ct)
    {
        var code = request.Code.Trim();
        return await db.Procedures.AnyAsync(p => p.Code == code && p.Id != id, ct)
            ? new(ProcedureRefusalReason.CodeTaken, Problems.Conflict($"A procedure with code '{code}' already exists."))
            : null;
    }

    private static async Task<(Procedure?, ProcedureRefusal?)> SaveAsync(Procedure procedure, HaiLongDbContext db, CancellationToken ct) =>
        await RegistryErrors.SaveAsync(db, ct) is { } conflict ? (null, new(ProcedureRefusalReason.Conflict, conflict)) : (procedure, null);
}
