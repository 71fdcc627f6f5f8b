using HaiLong.Api.Features.Consultations;
using HaiLong.Api.Features.Registry;
using Hangfire;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>Why the service refused: answered 404, 409 or 422 by the API, and as a page with the same status by the pages.</summary>
public enum EvaluationRefusalKind { NotFound, Conflict, Unprocessable }

/// <summary>Which rule refused, so a page can word it for its reader; the API answers <see cref="EvaluationRefusal.Problem"/>.</summary>
public enum EvaluationRefusalReason { Other, Frozen, NotComputed, CycleExists }

/// <summary>
/// A refusal: its kind (the status), the API's problem, which rule refused and, when a cycle already exists for a unit and
/// year, the cycles already there.
/// </summary>
public sealed record EvaluationRefusal(EvaluationRefusalKind Kind, ProblemDetails Problem,
    EvaluationRefusalReason Reason = EvaluationRefusalReason.Other, IReadOnlyList<CycleListItem>? Existing = null)
{
    public static EvaluationRefusal NotFound(string what, object id) => new(EvaluationRefusalKind.NotFound, Problems.NotFound(what, id));
    public static EvaluationRefusal Conflict(ProblemDetails problem, EvaluationRefusalReason reason = EvaluationRefusalReason.Other) =>
        new(EvaluationRefusalKind.Conflict, problem, reason);
    public static EvaluationRefusal Conflict(string detail, EvaluationRefusalReason reason = EvaluationRefusalReason.Other) =>
        new(EvaluationRefusalKind.Conflict, Problems.Conflict(detail), reason);
    public static EvaluationRefusal Frozen(EvaluationCycle cycle) => Conflict(EvaluationService.FrozenProblem(cycle), EvaluationRefusalReason.Frozen);
    public static EvaluationRefusal Unprocessable(string detail) => new(EvaluationRefusalKind.Unprocessable, Problems.Unprocessable(detail));
}

/// <summary>What a change gave: a value, or why it was refused (nothing was stored then).</summary>
public readonly record struct EvaluationOutcome<T>(T? Value, EvaluationRefusal? Refusal)
{
    public static implicit operator EvaluationOutcome<T>(T value) => new(value, null);
    public static implicit operator EvaluationOutcome<T>(EvaluationRefusal refusal) => new(default, refusal);
}

/// <summary>
/// The evaluation's rules for the caller's jurisdiction, shared by <see cref="EvaluationsApi"/> and <see cref="EvaluationPages"/>:
/// finding a cycle, queuing its computation, entering targets, dossier figures and notes, freezing. Each answers a value or a refusal;
/// the API turns it into typed results, the pages into a page.
/// </summary>
public sealed class EvaluationService(StaffContext staff, HaiLongDbContext db, AuditLog audit, TimeProvider clock, IBackgroundJobClient jobs)
{
    /// <summary>The cycle if its unit is inside the caller's jurisdiction; otherwise null, answered as 404.</summary>
    public async Task<EvaluationCycle?> FindAsync(long id, CancellationToken ct, bool track = false)
    {
        var query = track ? db.EvaluationCycles : db.EvaluationCycles.AsNoTracking();
        var cycle = await query.Include(c => c.Unit).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (cycle is null || !await staff.CanSeeUnitAsync(cycle.UnitId, ct)) return null;
        return cycle;
    }

    public async Task<CycleResponse> DescribeAsync(long id, CancellationToken ct)
    {
        var c = await db.EvaluationCycles.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Id, c.UnitId, UnitName = c.Unit.Name, c.Year, c.Version, c.PreviousVersionId, c.PolicyId, PolicyVersion = c.Policy.Version,
                c.Status, c.ComputedAt, c.FrozenAt, c.SnapshotHash })
            .SingleAsync(ct);
        var progress = await db.EvaluationProgress.AsNoTracking().SingleOrDefaultAsync(p => p.CycleId == id, ct);
        return new CycleResponse(c.Id, c.UnitId, c.UnitName, c.Year, c.Version, c.PreviousVersionId, c.PolicyId, c.PolicyVersion, c.Status,
            progress?.Done ?? 0, progress?.Total ?? 0, c.ComputedAt, c.FrozenAt, c.SnapshotHash);
    }

    /// <summary>What the cycle's pages and exports show: the frozen snapshot once frozen, otherwise the live figures.</summary>
    public Task<EvaluationSnapshot> SnapshotAsync(EvaluationCycle cycle, CancellationToken ct) => EvaluationSnapshots.ForAsync(db, cycle, ct);

    /// <summary>The cycles of the caller's jurisdiction, newest year first.</summary>
    public async Task<List<CycleListItem>> ListAsync(CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        return await db.EvaluationCycles.AsNoTracking().Where(c => units.Any(u => u.Id == c.UnitId))
            .OrderByDescending(c => c.Year).ThenBy(c => c.Unit.Name).ThenByDescending(c => c.Version)
            .Select(c => new CycleListItem(c.Id, c.Year, c.Version, c.Unit.Name, c.Status)).ToListAsync(ct);
    }

    /// <summary>
    /// The units of the caller's jurisdiction a cycle can be started for: a province or legacy district (all its wards) or a
    /// ward, commune or town. Hamlets and residential groups have no officials of their own to evaluate.
    /// </summary>
    public async Task<List<AdministrativeUnit>> EvaluableUnitsAsync(CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        UnitLevel[] evaluable = [UnitLevel.Province, UnitLevel.District, .. UnitLevels.Grassroots];
        return await units.AsNoTracking().Where(u => evaluable.Contains(u.Level))
            .OrderBy(u => u.Path.Length).ThenBy(u => u.Name).ToListAsync(ct);
    }

    /// <summary>Every policy version, newest first: the choices for a new cycle.</summary>
    public async Task<List<PolicyView>> PoliciesAsync(CancellationToken ct) =>
        (await db.EvaluationPolicies.AsNoTracking().OrderByDescending(p => p.Version).ToListAsync(ct)).Select(PolicyView.From).ToList();

    /// <summary>
    /// Starts version 1 of the year's evaluation for each unit, as drafts under the chosen policy (the latest when none is
    /// chosen) — all of them or none. A unit outside the caller's jurisdiction or an unknown policy is not found; a unit
    /// that already has a cycle for the year is a conflict that names the cycles already there.
    /// </summary>
    public async Task<EvaluationOutcome<IReadOnlyList<CycleResponse>>> CreateCyclesAsync(IReadOnlyCollection<int> unitIds, int year, int? policyId,
        CancellationToken ct)
    {
        var ids = unitIds.Distinct().ToList();
        foreach (var unitId in ids)
        {
            if (!await staff.CanSeeUnitAsync(unitId, ct)) return EvaluationRefusal.NotFound("unit", unitId);
        }
        int policy;
        if (policyId is { } chosen)
        {
            if (!await db.EvaluationPolicies.AnyAsync(p => p.Id == chosen, ct)) return EvaluationRefusal.NotFound("evaluation policy", chosen);
            policy = chosen;
        }
        else
        {
            policy = await LatestPolicyIdAsync(ct);
        }
        var existing = await db.EvaluationCycles.AsNoTracking().Where(c => ids.Contains(c.UnitId) && c.Year == year)
            .OrderBy(c => c.Unit.Name).ThenByDescending(c => c.Version)
            .Select(c => new CycleListItem(c.Id, c.Year, c.Version, c.Unit.Name, c.Status)).ToListAsync(ct);
        if (existing.Count > 0) return CycleExists(year, existing);
        var now = clock.GetUtcNow();
        var cycles = ids.Select(unitId => new EvaluationCycle
        {
            UnitId = unitId, Year = year, Version = 1, PolicyId = policy, Status = EvaluationStatus.Draft, CreatedAt = now,
        }).ToList();
        db.EvaluationCycles.AddRange(cycles);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another evaluator started one of them meanwhile; the unique (unit, year, version) index kept it single.
            db.ChangeTracker.Clear();
            return CycleExists(year, await db.EvaluationCycles.AsNoTracking().Where(c => ids.Contains(c.UnitId) && c.Year == year)
                .Select(c => new CycleListItem(c.Id, c.Year, c.Version, c.Unit.Name, c.Status)).ToListAsync(ct));
        }
        // The conventions register proposes its share reviewed as a unit target; the evaluator confirms or corrects it.
        foreach (var cycle in cycles) await ConventionReviewShare.ProposeTargetsAsync(db, cycle, VietnamTime.Today(clock), ct);
        await db.SaveChangesAsync(ct);
        var created = new List<CycleResponse>();
        foreach (var cycle in cycles) created.Add(await DescribeAsync(cycle.Id, ct));
        return created;
    }

    private static EvaluationRefusal CycleExists(int year, IReadOnlyList<CycleListItem> existing) => new(EvaluationRefusalKind.Conflict,
        Problems.Conflict($"{string.Join(", ", existing.Select(c => c.Unit).Distinct())} đã có kỳ đánh giá năm {year}; "
            + "hãy mở phiên bản mới từ kỳ đã khóa (POST /api/evaluations/{id}/versions)."),
        EvaluationRefusalReason.CycleExists, existing);

    /// <summary>The wards of the cycle's jurisdiction that the caller reaches: the ones that can have targets and dossier figures.</summary>
    public async Task<List<AdministrativeUnit>> WardsAsync(EvaluationCycle cycle, CancellationToken ct)
    {
        var root = cycle.Unit.Path;
        var units = await staff.UnitsAsync(ct);
        return await units.Where(u => u.Path.StartsWith(root)).Where(UnitLevels.IsGrassrootsUnit)
            .OrderBy(u => u.Name).ToListAsync(ct);
    }

    /// <summary>The dossier figures stored now for the cycle, by ward.</summary>
    public Task<Dictionary<int, EvaluationDossierFigures>> StoredFiguresAsync(long id, CancellationToken ct) =>
        db.EvaluationDossierFigures.AsNoTracking().Where(f => f.CycleId == id).ToDictionaryAsync(f => f.UnitId, ct);

    public async Task<EvaluationOutcome<CycleResponse>> ComputeAsync(long id, CancellationToken ct)
    {
        if (await FindAsync(id, ct, track: true) is not { } cycle) return EvaluationRefusal.NotFound("evaluation cycle", id);
        if (cycle.Status == EvaluationStatus.Frozen) return EvaluationRefusal.Frozen(cycle);
        // The cycle is computed with the policy chosen when it was created: a later policy version needs a new cycle version.
        cycle.Status = EvaluationStatus.Queued;
        // A ward whose first convention was registered after the cycle was started gets its proposed target now.
        await ConventionReviewShare.ProposeTargetsAsync(db, cycle, VietnamTime.Today(clock), ct);
        await db.SaveChangesAsync(ct);
        var jobId = jobs.Enqueue<EvaluationJob>(j => j.ComputeAsync(id, CancellationToken.None));
        await audit.RecordAsync("evaluation.compute-requested", nameof(EvaluationCycle), id.ToString(), new { jobId, cycle.PolicyId }, ct: ct);
        return await DescribeAsync(id, ct);
    }

    public async Task<EvaluationOutcome<TargetView>> AddTargetAsync(long id, TargetRequest request, CancellationToken ct)
    {
        if (await FindAsync(id, ct, track: true) is not { } cycle) return EvaluationRefusal.NotFound("evaluation cycle", id);
        if (cycle.Status == EvaluationStatus.Frozen) return EvaluationRefusal.Frozen(cycle);
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.UnitId!.Value, ct);
        if (unit is null || !unit.Path.StartsWith(cycle.Unit.Path) || !await staff.CanSeeUnitAsync(unit.Id, ct))
        {
            return EvaluationRefusal.NotFound("unit", request.UnitId!.Value);
        }
        var target = new EvaluationTarget
        {
            CycleId = id, UnitId = unit.Id, Title = request.Title.Trim(), TargetValue = request.TargetValue!.Value,
            AchievedValue = request.AchievedValue, Evidence = request.Evidence?.Trim(),
        };
        db.EvaluationTargets.Add(target);
        MarkStale(cycle);
        await db.SaveChangesAsync(ct);
        return new TargetView(target.Id, unit.Id, unit.Name, target.Title, target.TargetValue, target.AchievedValue, target.Evidence,
            EvaluationMath.Attainment(target.TargetValue, target.AchievedValue));
    }

    public async Task<EvaluationOutcome<TargetView>> UpdateTargetAsync(long id, long targetId, UpdateTargetRequest request, CancellationToken ct)
    {
        if (await FindAsync(id, ct, track: true) is not { } cycle) return EvaluationRefusal.NotFound("evaluation cycle", id);
        var target = await db.EvaluationTargets.Include(t => t.Unit).SingleOrDefaultAsync(t => t.Id == targetId && t.CycleId == id, ct);
        if (target is null || !await staff.CanSeeUnitAsync(target.UnitId, ct)) return EvaluationRefusal.NotFound("target", targetId);
        if (cycle.Status == EvaluationStatus.Frozen) return EvaluationRefusal.Frozen(cycle);
        target.AchievedValue = request.AchievedValue;
        target.Evidence = request.Evidence?.Trim();
        MarkStale(cycle);
        await db.SaveChangesAsync(ct);
        return new TargetView(target.Id, target.UnitId, target.Unit.Name, target.Title, target.TargetValue, target.AchievedValue,
            target.Evidence, EvaluationMath.Attainment(target.TargetValue, target.AchievedValue));
    }

    public async Task<EvaluationOutcome<EvaluationDossierFigures>> PutDossierFiguresAsync(long id, int unitId,
        DossierFiguresRequest request, CancellationToken ct)
    {
        if (await FindAsync(id, ct, track: true) is not { } cycle) return EvaluationRefusal.NotFound("evaluation cycle", id);
        var ward = await db.Units.AsNoTracking().Where(UnitLevels.IsGrassrootsUnit).SingleOrDefaultAsync(u => u.Id == unitId, ct);
        if (ward is null || !ward.Path.StartsWith(cycle.Unit.Path) || !await staff.CanSeeUnitAsync(unitId, ct))
        {
            return EvaluationRefusal.NotFound("ward", unitId);
        }
        if (cycle.Status == EvaluationStatus.Frozen) return EvaluationRefusal.Frozen(cycle);
        if (request.DossiersOverdue!.Value > request.DossiersTotal!.Value)
        {
            return EvaluationRefusal.Unprocessable(OverdueAboveTotal);
        }
        var figures = await db.EvaluationDossierFigures.SingleOrDefaultAsync(f => f.CycleId == id && f.UnitId == unitId, ct);
        if (figures is null)
        {
            figures = new EvaluationDossierFigures { CycleId = id, UnitId = unitId, Source = request.Source.Trim() };
            db.EvaluationDossierFigures.Add(figures);
        }
        figures.DossiersTotal = request.DossiersTotal!.Value;
        figures.DossiersOverdue = request.DossiersOverdue!.Value;
        figures.Source = request.Source.Trim();
        await db.SaveChangesAsync(ct);
        return figures;
    }

    public const string OverdueAboveTotal = "Số hồ sơ quá hạn không thể lớn hơn tổng số hồ sơ.";

    public async Task<EvaluationOutcome<ResultView>> AnnotateAsync(long id, int officialId, NoteRequest request, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } cycle) return EvaluationRefusal.NotFound("evaluation cycle", id);
        if (cycle.Status == EvaluationStatus.Frozen) return EvaluationRefusal.Frozen(cycle);
        var result = await db.EvaluationResults.SingleOrDefaultAsync(r => r.CycleId == id && r.OfficialId == officialId, ct);
        if (result is null) return EvaluationRefusal.NotFound("evaluation result of official", officialId);
        result.Note = request.Note.Trim();
        result.NotedAt = clock.GetUtcNow();
        result.NotedBy = staff.UserId;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("evaluation.annotated", nameof(EvaluationResult), result.Id.ToString(),
            new { cycleId = id, officialId, note = result.Note }, ct: ct);
        var snapshot = await EvaluationSnapshots.BuildAsync(db, cycle, ct);
        return snapshot.Results.Single(r => r.OfficialId == officialId);
    }

    public async Task<EvaluationOutcome<FreezeResponse>> FreezeAsync(long id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is null) return EvaluationRefusal.NotFound("evaluation cycle", id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The row lock orders a freeze against a concurrent one and against the job's final write.
        var cycle = await db.EvaluationCycles.FromSql($"SELECT * FROM evaluation_cycles WHERE id = {id} FOR UPDATE").SingleAsync(ct);
        if (cycle.Status == EvaluationStatus.Frozen) return EvaluationRefusal.Frozen(cycle);
        if (cycle.Status != EvaluationStatus.Computed)
        {
            return EvaluationRefusal.Conflict("Kỳ đánh giá chưa được tính xong với dữ liệu hiện tại; hãy tính lại trước khi khóa.",
                EvaluationRefusalReason.NotComputed);
        }
        var now = clock.GetUtcNow();
        var snapshot = (await EvaluationSnapshots.BuildAsync(db, cycle, ct)) with { Status = EvaluationStatus.Frozen, FrozenAt = now };
        var json = snapshot.Serialize();
        cycle.Snapshot = json;
        cycle.SnapshotHash = EvaluationSnapshot.Hash(json);
        cycle.Status = EvaluationStatus.Frozen;
        cycle.FrozenAt = now;
        cycle.FrozenBy = staff.UserId;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("evaluation.frozen", nameof(EvaluationCycle), id.ToString(),
            new { hash = cycle.SnapshotHash, results = snapshot.Results.Length, policyVersion = snapshot.Policy.Version }, ct: ct);
        await tx.CommitAsync(ct);
        return new FreezeResponse(id, now, cycle.SnapshotHash);
    }

    public async Task<int> LatestPolicyIdAsync(CancellationToken ct) =>
        await db.EvaluationPolicies.OrderByDescending(p => p.Version).Select(p => p.Id).FirstAsync(ct);

    /// <summary>New unit entries invalidate computed proposals: a freeze must then wait for a recomputation.</summary>
    private static void MarkStale(EvaluationCycle cycle)
    {
        if (cycle.Status == EvaluationStatus.Computed) cycle.Status = EvaluationStatus.Draft;
    }

    public static ProblemDetails FrozenProblem(EvaluationCycle cycle) => Problems.Conflict(
        $"Kỳ đánh giá {cycle.Year} (phiên bản {cycle.Version}) đã khóa lúc {cycle.FrozenAt:yyyy-MM-dd HH:mm} UTC và không thể thay đổi; hãy mở phiên bản mới.");
}

/// <summary>One line of the cycles page.</summary>
public sealed record CycleListItem(long Id, int Year, int Version, string Unit, EvaluationStatus Status);
