using HaiLong.Api.Features.Scorecards;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Evaluations;

public static class EvaluationsApi
{
    /// <summary>Evaluators and administrators; which cycles they reach is then decided by their jurisdiction.</summary>
    public const string EvaluatorsPolicy = "Evaluators";

    public static readonly IReadOnlyList<string> EvaluatorRoles = [Roles.Evaluator, Roles.Administrator];

    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(EvaluatorsPolicy, p => p.RequireRole(EvaluatorRoles));
        services.AddScoped<EvaluationJob>();
        services.AddScoped<EvaluationService>();
        services.AddScoped<ICaseHandlingSource, CaseHandlingFromCases>();
        services.AddStaffLink("/staff/evaluations", "Link_Evaluations", EvaluatorRoles);
        return services;
    }

    public static IEndpointRouteBuilder MapEvaluations(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/evaluations").WithTags("Evaluations").RequireAuthorization(EvaluatorsPolicy);
        api.MapGet("/policies", ListPolicies).WithName("ListEvaluationPolicies");
        api.MapPost("/policies", CreatePolicy).WithName("CreateEvaluationPolicy")
            .RequireAuthorization(Policies.Administrator);
        api.MapGet("/", ListCycles).WithName("ListEvaluationCycles");
        api.MapPost("/", CreateCycle).WithName("CreateEvaluationCycle");
        api.MapGet("/{id:long}", GetCycle).WithName("GetEvaluationCycle");
        api.MapPost("/{id:long}/compute", Compute).WithName("ComputeEvaluationCycle");
        api.MapPost("/{id:long}/targets", AddTarget).WithName("AddEvaluationTarget");
        api.MapPut("/{id:long}/targets/{targetId:long}", UpdateTarget).WithName("UpdateEvaluationTarget");
        api.MapPut("/{id:long}/dossier-figures/{unitId:int}", PutDossierFigures).WithName("PutEvaluationDossierFigures");
        api.MapPut("/{id:long}/results/{officialId:int}/note", Annotate).WithName("AnnotateEvaluationResult");
        api.MapPost("/{id:long}/freeze", Freeze).WithName("FreezeEvaluationCycle");
        api.MapPost("/{id:long}/versions", NewVersion).WithName("StartEvaluationCycleVersion");
        api.MapGet("/{id:long}/group5", Group5).WithName("GetEvaluationGroup5");
        api.MapGet("/{id:long}/commendations", Commendations).WithName("GetEvaluationCommendations");
        api.MapGet("/{id:long}/warnings", Warnings).WithName("GetEvaluationWarnings");
        api.MapGet("/{id:long}/export.xlsx", ExportXlsx).WithName("ExportEvaluationXlsx")
            .ProducesContent(StatusCodes.Status200OK, "The workbook", Workbook.ContentType);
        EvaluationPages.Map(app);
        return app;
    }

    /// <summary>Every version of the evaluation policy</summary>
    /// <remarks>
    /// Evaluators and administrators. Lists every version of the evaluation policy (weights, thresholds, warning rules), oldest
    /// first; changes nothing.
    /// </remarks>
    public static async Task<Ok<PolicyView[]>> ListPolicies(HaiLongDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.EvaluationPolicies.AsNoTracking().OrderBy(p => p.Version).ToListAsync(ct)).Select(PolicyView.From).ToArray());

    /// <summary>Add a policy version; cycles computed later use it, frozen cycles never change</summary>
    /// <remarks>
    /// Administrators only. Adds the next policy version; cycles computed afterwards use it and frozen cycles keep theirs.
    /// Refuses thresholds that do not decrease (excellent above good above completed), weights that add up to zero, and a
    /// leader-evidence table that lists a role twice, names an unknown yearly-survey criterion or whose shares do not add up
    /// to 100 (422).
    /// </remarks>
    public static async Task<Results<Created<PolicyView>, UnprocessableEntity<ProblemDetails>>> CreatePolicy(
        CreatePolicyRequest request, HaiLongDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!(request.ExcellentFrom!.Value > request.GoodFrom!.Value && request.GoodFrom!.Value > request.CompletedFrom!.Value))
        {
            return TypedResults.UnprocessableEntity(Problems.Unprocessable("Thresholds must decrease: excellentFrom > goodFrom > completedFrom."));
        }
        if (request.OfficialSatisfactionWeight!.Value + request.OfficialCasesWeight!.Value == 0
            || request.LeaderSatisfactionWeight!.Value + request.LeaderCasesWeight!.Value + request.LeaderTargetsWeight!.Value == 0)
        {
            return TypedResults.UnprocessableEntity(Problems.Unprocessable("The weights of officials and of leaders must each add up to more than zero."));
        }
        var table = request.LeaderEvidence ?? LeaderEvidenceTable.Parse(EvaluationPolicy.DefaultLeaderEvidence);
        if (LeaderEvidenceTable.Check(table) is { } wrong) return TypedResults.UnprocessableEntity(Problems.Unprocessable(wrong));
        // Serialised so two administrators never create the same version number.
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
        var version = (await db.EvaluationPolicies.MaxAsync(p => (int?)p.Version, ct) ?? 0) + 1;
        var policy = new EvaluationPolicy
        {
            Version = version, CreatedAt = clock.GetUtcNow(), Basis = request.Basis,
            OfficialSatisfactionWeight = request.OfficialSatisfactionWeight!.Value, OfficialCasesWeight = request.OfficialCasesWeight!.Value,
            LeaderSatisfactionWeight = request.LeaderSatisfactionWeight!.Value, LeaderCasesWeight = request.LeaderCasesWeight!.Value,
            LeaderTargetsWeight = request.LeaderTargetsWeight!.Value, ExcellentFrom = request.ExcellentFrom!.Value, GoodFrom = request.GoodFrom!.Value,
            CompletedFrom = request.CompletedFrom!.Value, MinimumResponses = request.MinimumResponses!.Value,
            ShrinkageStrength = request.ShrinkageStrength!.Value,
            WarningBelowRate = request.WarningBelowRate!.Value, WarningConsecutiveQuarters = request.WarningConsecutiveQuarters!.Value,
            MinimumQuarterResponses = request.MinimumQuarterResponses!.Value,
            MinimumCasesDue = request.MinimumCasesDue ?? 10, MinimumTargetsReported = request.MinimumTargetsReported ?? 1,
            LeaderEvidence = LeaderEvidenceTable.Serialize(table), YearlyAnswers = request.YearlyAnswers ?? YearlyAnswersCounted.SampledAndOpen,
        };
        db.EvaluationPolicies.Add(policy);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/evaluations/policies/{policy.Id}", PolicyView.From(policy));
    }

    /// <summary>Evaluation cycles in the caller's jurisdiction</summary>
    /// <remarks>
    /// Evaluators and administrators. Lists the evaluation cycles of units in the caller's jurisdiction, newest year first,
    /// with status and policy version; changes nothing.
    /// </remarks>
    public static async Task<Ok<CycleResponse[]>> ListCycles(EvaluationService evaluations, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        var ids = await db.EvaluationCycles.AsNoTracking().Where(c => units.Any(u => u.Id == c.UnitId))
            .OrderByDescending(c => c.Year).ThenBy(c => c.UnitId).ThenByDescending(c => c.Version).Select(c => c.Id).ToListAsync(ct);
        var list = new List<CycleResponse>();
        foreach (var id in ids) list.Add(await evaluations.DescribeAsync(id, ct));
        return TypedResults.Ok(list.ToArray());
    }

    /// <summary>Start the first version of a year's evaluation of a jurisdiction</summary>
    /// <remarks>
    /// Evaluators and administrators. Starts version 1 of a unit's evaluation for a year as a draft under the chosen policy
    /// version (the latest when none is given), which its computations keep. Refuses a unit outside the caller's jurisdiction
    /// or an unknown policy (404) and a unit and year that already have a cycle (409: start a new version from the frozen one
    /// instead).
    /// </remarks>
    public static async Task<Results<Created<CycleResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> CreateCycle(
        CreateCycleRequest request, EvaluationService evaluations, CancellationToken ct)
    {
        var outcome = await evaluations.CreateCyclesAsync([request.UnitId!.Value], request.Year!.Value, request.PolicyId, ct);
        return outcome.Answer(created => TypedResults.Created($"/api/evaluations/{created.Single().Id}", created.Single()));
    }

    /// <summary>A cycle with its progress and every proposal</summary>
    /// <remarks>
    /// Evaluators and administrators, for a cycle of a unit in their jurisdiction (404 otherwise). Reads the cycle, its
    /// progress and every proposal (the frozen snapshot once frozen); every read is audited because proposals name people.
    /// </remarks>
    public static async Task<Results<Ok<CycleDetailResponse>, NotFound<ProblemDetails>>> GetCycle(
        long id, EvaluationService evaluations, HaiLongDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return TypedResults.NotFound(Problems.NotFound("evaluation cycle", id));
        // Proposals about named people are personal data: every read is on record.
        await audit.RecordAsync("evaluation.viewed", nameof(EvaluationCycle), id.ToString(), ct: ct);
        return TypedResults.Ok(new CycleDetailResponse(await evaluations.DescribeAsync(id, ct), await EvaluationSnapshots.ForAsync(db, cycle, ct)));
    }

    /// <summary>Queue the computation of every proposal</summary>
    /// <remarks>
    /// Evaluators and administrators, for a cycle in their jurisdiction (404 otherwise). Queues the background computation of
    /// every proposal under the cycle's policy; answers 202 and audits the request. A frozen cycle is refused (409).
    /// </remarks>
    public static async Task<Results<Accepted<CycleResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Compute(
        long id, EvaluationService evaluations, CancellationToken ct)
    {
        return (await evaluations.ComputeAsync(id, ct)).Answer(cycle => TypedResults.Accepted($"/api/evaluations/{id}", cycle));
    }

    /// <summary>Enter a unit's target for the year</summary>
    /// <remarks>
    /// Evaluators and administrators. Adds a target of a unit inside the cycle's unit and the caller's jurisdiction, and marks
    /// computed results stale. Refuses an unknown cycle or unit (404) and a frozen cycle (409).
    /// </remarks>
    public static async Task<Results<Created<TargetView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> AddTarget(
        long id, TargetRequest request, EvaluationService evaluations, CancellationToken ct)
    {
        var outcome = await evaluations.AddTargetAsync(id, request, ct);
        return outcome.Answer(target => TypedResults.Created($"/api/evaluations/{id}/targets/{target.Id}", target));
    }

    /// <summary>Enter what a target achieved, with evidence</summary>
    /// <remarks>
    /// Evaluators and administrators. Records what a target achieved and its evidence, and marks computed results stale.
    /// Refuses an unknown cycle or target (404) and a frozen cycle (409).
    /// </remarks>
    public static async Task<Results<Ok<TargetView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> UpdateTarget(
        long id, long targetId, UpdateTargetRequest request, EvaluationService evaluations, CancellationToken ct)
    {
        return (await evaluations.UpdateTargetAsync(id, targetId, request, ct)).Answer(TypedResults.Ok);
    }

    /// <summary>Enter a ward's overdue dossiers from the one-stop system (group 5 of Decision 766/QĐ-TTg)</summary>
    /// <remarks>
    /// Evaluators and administrators. Creates or replaces a ward's total and overdue dossiers from the one-stop system for the
    /// cycle. Refuses an unknown cycle or a ward outside the cycle and the caller's jurisdiction (404), a frozen cycle (409)
    /// and more overdue dossiers than dossiers (422).
    /// </remarks>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> PutDossierFigures(
        long id, int unitId, DossierFiguresRequest request, EvaluationService evaluations, CancellationToken ct)
    {
        var (_, refusal) = await evaluations.PutDossierFiguresAsync(id, unitId, request, ct);
        return refusal?.Kind switch
        {
            EvaluationRefusalKind.NotFound => TypedResults.NotFound(refusal.Problem),
            EvaluationRefusalKind.Conflict => TypedResults.Conflict(refusal.Problem),
            EvaluationRefusalKind.Unprocessable => TypedResults.UnprocessableEntity(refusal.Problem),
            _ => TypedResults.NoContent(),
        };
    }

    /// <summary>An evaluator's note on one proposal</summary>
    /// <remarks>
    /// Evaluators and administrators. Stores an evaluator's note on one official's proposal, audited; the proposal itself is
    /// not changed (people decide). Refuses an unknown cycle or an official without a proposal (404) and a frozen cycle (409).
    /// </remarks>
    public static async Task<Results<Ok<ResultView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Annotate(
        long id, int officialId, NoteRequest request, EvaluationService evaluations, CancellationToken ct)
    {
        return (await evaluations.AnnotateAsync(id, officialId, request, ct)).Answer(TypedResults.Ok);
    }

    /// <summary>Freeze the cycle into an immutable, hashed snapshot</summary>
    /// <remarks>
    /// Evaluators and administrators, for a cycle in their jurisdiction (404 otherwise). Stores an immutable snapshot of every
    /// proposal with its SHA-256 hash; audited. Refuses a cycle already frozen or not computed with its current inputs (409).
    /// </remarks>
    public static async Task<Results<Ok<FreezeResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Freeze(
        long id, EvaluationService evaluations, CancellationToken ct)
    {
        return (await evaluations.FreezeAsync(id, ct)).Answer(TypedResults.Ok);
    }

    /// <summary>
    /// A change's outcome as the API answers it: a refusal of something not found (or outside the jurisdiction) is 404, any
    /// other refusal 409, both with the refusal's ProblemDetails; a value is what <paramref name="answer"/> makes of it.
    /// </summary>
    private static Results<TAnswer, NotFound<ProblemDetails>, Conflict<ProblemDetails>> Answer<T, TAnswer>(this EvaluationOutcome<T> outcome,
        Func<T, TAnswer> answer) where TAnswer : IResult => outcome.Refusal switch
    {
        { Kind: EvaluationRefusalKind.NotFound } refusal => TypedResults.NotFound(refusal.Problem),
        { } refusal => TypedResults.Conflict(refusal.Problem),
        null => answer(outcome.Value!),
    };

    /// <summary>Start a new version from a frozen cycle</summary>
    /// <remarks>
    /// Evaluators and administrators, for a cycle in their jurisdiction (404 otherwise). Starts the next draft version from a
    /// frozen cycle, copying its targets and dossier figures; audited. Refuses a cycle that is not frozen or already has a
    /// newer version (409).
    /// </remarks>
    public static async Task<Results<Created<CycleResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> NewVersion(
        long id, EvaluationService evaluations, HaiLongDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return TypedResults.NotFound(Problems.NotFound("evaluation cycle", id));
        if (cycle.Status != EvaluationStatus.Frozen)
        {
            return TypedResults.Conflict(Problems.Conflict("Chỉ mở phiên bản mới từ một kỳ đã khóa; kỳ này vẫn đang được chỉnh sửa."));
        }
        if (await db.EvaluationCycles.AnyAsync(c => c.UnitId == cycle.UnitId && c.Year == cycle.Year && c.Version > cycle.Version, ct))
        {
            return TypedResults.Conflict(Problems.Conflict("Đã có phiên bản mới hơn của kỳ đánh giá này."));
        }
        var next = new EvaluationCycle
        {
            UnitId = cycle.UnitId, Year = cycle.Year, Version = cycle.Version + 1, PreviousVersionId = cycle.Id,
            PolicyId = await evaluations.LatestPolicyIdAsync(ct), Status = EvaluationStatus.Draft, CreatedAt = clock.GetUtcNow(),
        };
        db.EvaluationCycles.Add(next);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return TypedResults.Conflict(Problems.Conflict("Đã có phiên bản mới hơn của kỳ đánh giá này."));
        }
        // The unit's entries carry over; the new version recomputes everything else.
        var targets = await db.EvaluationTargets.AsNoTracking().Where(t => t.CycleId == id).OrderBy(t => t.Id).ToListAsync(ct);
        db.EvaluationTargets.AddRange(targets.Select(t => new EvaluationTarget
        {
            CycleId = next.Id, UnitId = t.UnitId, Title = t.Title, TargetValue = t.TargetValue, AchievedValue = t.AchievedValue, Evidence = t.Evidence,
        }));
        var figures = await db.EvaluationDossierFigures.AsNoTracking().Where(f => f.CycleId == id).ToListAsync(ct);
        db.EvaluationDossierFigures.AddRange(figures.Select(f => new EvaluationDossierFigures
        {
            CycleId = next.Id, UnitId = f.UnitId, DossiersTotal = f.DossiersTotal, DossiersOverdue = f.DossiersOverdue, Source = f.Source,
        }));
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("evaluation.version-started", nameof(EvaluationCycle), next.Id.ToString(), new { from = id }, ct: ct);
        return TypedResults.Created($"/api/evaluations/{next.Id}", await evaluations.DescribeAsync(next.Id, ct));
    }

    /// <summary>Group-5 indicators of Decision 766/QĐ-TTg per ward</summary>
    /// <remarks>
    /// Evaluators and administrators, for a cycle in their jurisdiction (404 otherwise). Reads the group-5 indicators of
    /// Decision 766/QĐ-TTg per ward; changes nothing.
    /// </remarks>
    public static async Task<Results<Ok<Group5Row[]>, NotFound<ProblemDetails>>> Group5(long id, EvaluationService evaluations, HaiLongDbContext db,
        CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return TypedResults.NotFound(Problems.NotFound("evaluation cycle", id));
        return TypedResults.Ok((await EvaluationSnapshots.ForAsync(db, cycle, ct)).Group5);
    }

    /// <summary>Commendation candidates</summary>
    /// <remarks>
    /// Evaluators and administrators, for a cycle in their jurisdiction (404 otherwise). Reads the officials and leaders
    /// proposed for commendation; changes nothing.
    /// </remarks>
    public static async Task<Results<Ok<ResultView[]>, NotFound<ProblemDetails>>> Commendations(long id, EvaluationService evaluations,
        HaiLongDbContext db, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return TypedResults.NotFound(Problems.NotFound("evaluation cycle", id));
        return TypedResults.Ok((await EvaluationSnapshots.ForAsync(db, cycle, ct)).CommendationCandidates.ToArray());
    }

    /// <summary>People low for consecutive quarters</summary>
    /// <remarks>
    /// Evaluators and administrators, for a cycle in their jurisdiction (404 otherwise). Reads the people whose satisfaction
    /// stayed below the policy's threshold for consecutive quarters; changes nothing.
    /// </remarks>
    public static async Task<Results<Ok<ResultView[]>, NotFound<ProblemDetails>>> Warnings(long id, EvaluationService evaluations,
        HaiLongDbContext db, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return TypedResults.NotFound(Problems.NotFound("evaluation cycle", id));
        return TypedResults.Ok((await EvaluationSnapshots.ForAsync(db, cycle, ct)).Warnings.ToArray());
    }

    /// <summary>The jurisdiction's workbook</summary>
    /// <remarks>
    /// Evaluators and administrators, for a cycle in their jurisdiction (404 otherwise). Returns the cycle's workbook as an
    /// XLSX download and records the export in the audit log.
    /// </remarks>
    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> ExportXlsx(
        long id, EvaluationService evaluations, HaiLongDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return TypedResults.NotFound(Problems.NotFound("evaluation cycle", id));
        var snapshot = await EvaluationSnapshots.ForAsync(db, cycle, ct);
        await audit.RecordAsync("evaluation.exported", nameof(EvaluationCycle), id.ToString(), new { format = "xlsx" }, ct: ct);
        return TypedResults.File(EvaluationExports.Xlsx(snapshot), Workbook.ContentType, $"danh-gia-{snapshot.Year}-v{snapshot.Version}-{id}.xlsx");
    }
}
