using HaiLong.Api.Features.Registry;
using HaiLong.Api.Features.Scorecards;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// Computes every proposal of one cycle version over the whole jurisdiction. Reentrant: a rerun recomputes the same figures
/// from the same rollups and overwrites the results in place; a frozen cycle is left untouched.
/// Reads the rollups (officials, agencies, wards), one grouped read of the wards' answers for the bodies' own evidence
/// (<see cref="WardEvidenceQuery"/>: the yearly survey by question, origin and standing; the service survey), the unit's
/// targets and the case-handling source.
/// </summary>
public sealed class EvaluationJob(HaiLongDbContext db, TimeProvider clock, ILogger<EvaluationJob> logger, IServiceProvider services)
{
    private const string Satisfaction = EvaluationComponents.Satisfaction;
    private const string Cases = EvaluationComponents.Cases;
    private const string Targets = EvaluationComponents.Targets;

    public async Task ComputeAsync(long cycleId, CancellationToken cancellationToken)
    {
        var cycle = await db.EvaluationCycles.Include(c => c.Unit).Include(c => c.Policy).SingleOrDefaultAsync(c => c.Id == cycleId, cancellationToken);
        if (cycle is null)
        {
            logger.LogWarning("Evaluation cycle {CycleId} no longer exists; nothing to compute", cycleId);
            return;
        }
        if (cycle.Status == EvaluationStatus.Frozen)
        {
            logger.LogInformation("Evaluation cycle {CycleId} is frozen; it is never recomputed", cycleId);
            return;
        }
        var policy = cycle.Policy;
        var year = cycle.Year;
        var path = cycle.Unit.Path;
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);

        var officials = await db.Officials.AsNoTracking()
            .Where(o => o.Agency.Unit.Path.StartsWith(path) && o.ActiveFrom <= yearEnd && (o.ActiveTo == null || o.ActiveTo >= yearStart))
            .OrderBy(o => o.Id)
            .Select(o => new Person(o.Id, o.IsLeader, o.AgencyId, o.Agency.Kind, o.Agency.UnitId))
            .ToListAsync(cancellationToken);
        var agencyIds = await db.Agencies.Where(a => a.Unit.Path.StartsWith(path)).Select(a => a.Id).ToListAsync(cancellationToken);
        var wards = await db.Units.AsNoTracking()
            .Where(u => u.Path.StartsWith(path)).Where(UnitLevels.IsGrassrootsUnit)
            .OrderBy(u => u.Code).Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(cancellationToken);

        cycle.Status = EvaluationStatus.Computing;
        await db.SaveChangesAsync(cancellationToken);
        await SetProgressAsync(cycleId, 0, officials.Count, cancellationToken);

        var officialIds = officials.Select(o => o.Id).ToList();
        var wardIds = wards.Select(w => w.Id).ToList();
        var yearlyRows = await db.Rollups.AsNoTracking()
            .Where(r => r.PeriodKind == PeriodKind.Year && r.PeriodStart == yearStart && r.Criterion == Criteria.Overall
                && ((r.SubjectKind == SubjectKind.Official && officialIds.Contains(r.SubjectId))
                    || (r.SubjectKind == SubjectKind.Agency && agencyIds.Contains(r.SubjectId))
                    || (r.SubjectKind == SubjectKind.Unit && wardIds.Contains(r.SubjectId))))
            .Select(r => new { r.SubjectKind, r.SubjectId, r.Stats })
            .ToListAsync(cancellationToken);
        // Satisfied answers are counted by Tally (the one home of "4 or 5"), not by a projection of the columns.
        var yearly = yearlyRows.Select(r => (r.SubjectKind, r.SubjectId, Tally: Tally.From(r.Stats)))
            .Select(r => (r.SubjectKind, r.SubjectId, r.Tally.Count, r.Tally.Satisfied)).ToList();
        var counts = yearly.ToDictionary(r => (r.SubjectKind, r.SubjectId), r => (r.Count, r.Satisfied));
        var quarterlyRows = await db.Rollups.AsNoTracking()
            .Where(r => r.PeriodKind == PeriodKind.Quarter && r.PeriodStart >= yearStart && r.PeriodStart <= yearEnd && r.Criterion == Criteria.Overall
                && ((r.SubjectKind == SubjectKind.Official && officialIds.Contains(r.SubjectId))
                    || (r.SubjectKind == SubjectKind.Agency && agencyIds.Contains(r.SubjectId))
                    || (r.SubjectKind == SubjectKind.Unit && wardIds.Contains(r.SubjectId))))
            .Select(r => new { r.SubjectKind, r.SubjectId, r.PeriodStart, r.Stats })
            .ToListAsync(cancellationToken);
        var quarterly = quarterlyRows.Select(r => (r.SubjectKind, r.SubjectId, r.PeriodStart, Tally: Tally.From(r.Stats)))
            .Select(r => (r.SubjectKind, r.SubjectId, r.PeriodStart, r.Tally.Count, r.Tally.Satisfied)).ToList();
        var quarters = quarterly.ToLookup(r => (r.SubjectKind, r.SubjectId), r => (Quarter: (r.PeriodStart.Month - 1) / 3 + 1, r.Count, r.Satisfied));

        var peerMeans = new Dictionary<SubjectKind, decimal?>();
        foreach (var kind in new[] { SubjectKind.Official, SubjectKind.Agency, SubjectKind.Unit })
        {
            var n = yearly.Where(r => r.SubjectKind == kind).Sum(r => r.Count);
            var s = yearly.Where(r => r.SubjectKind == kind).Sum(r => r.Satisfied);
            peerMeans[kind] = n == 0 ? null : (decimal)s / n;
        }

        // Each body on its own evidence (issue 18): a leader's components come from the policy's table, each with its own peers.
        var evidence = await WardEvidenceQuery.ReadAsync(db, wardIds, year, cancellationToken);
        var leaderPeers = new Dictionary<string, decimal?>
        {
            [EvaluationComponents.Satisfaction] = peerMeans[SubjectKind.Agency],
            [EvaluationComponents.Ward] = peerMeans[SubjectKind.Unit],
            [EvaluationComponents.Service] = Answers.PooledShare(evidence.Values.Select(e => e.Service)),
        };
        foreach (var criterion in LeaderEvidenceTable.YearlyCriteria)
        {
            leaderPeers[EvaluationComponents.YearlyPrefix + criterion] =
                Answers.PooledShare(evidence.Values.Select(e => e.YearlyFor(criterion).Counted(policy)));
        }

        var subjects = officials.Select(o => (SubjectKind.Official, o.Id))
            .Concat(officials.Where(o => o.IsLeader).Select(LeaderSubject))
            .Concat(wards.Select(w => (SubjectKind.Unit, w.Id)))
            .Distinct().ToList();
        var caseSource = services.GetService<ICaseHandlingSource>();
        var caseFigures = caseSource is null
            ? new Dictionary<(SubjectKind, int), CaseHandlingFigures>()
            : await caseSource.GetAsync(subjects, year, cancellationToken);

        var targets = await db.EvaluationTargets.AsNoTracking().Where(t => t.CycleId == cycleId).ToListAsync(cancellationToken);
        var targetsByUnit = targets.ToLookup(t => t.UnitId);

        var existing = await db.EvaluationResults.Where(r => r.CycleId == cycleId).ToDictionaryAsync(r => r.OfficialId, cancellationToken);
        var done = 0;
        foreach (var person in officials)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var satisfactionSubject = person.IsLeader ? LeaderSubject(person) : (SubjectKind.Official, person.Id);
            var caseSubject = person.IsLeader ? LeaderSubject(person) : (SubjectKind.Official, person.Id);
            var components = new List<ComponentView>();
            if (person.IsLeader)
            {
                components.AddRange(EvaluationProposal.LeaderSatisfaction(policy, person.AgencyKind,
                    AnswersOf(counts, SubjectKind.Agency, person.AgencyId), AnswersOf(counts, SubjectKind.Unit, person.UnitId),
                    evidence.GetValueOrDefault(person.UnitId, WardEvidence.None), leaderPeers));
            }
            else
            {
                var own = AnswersOf(counts, SubjectKind.Official, person.Id);
                components.Add(EvaluationProposal.Satisfaction(policy, false, SubjectKind.Official, own.Count, own.Satisfied, peerMeans[SubjectKind.Official]));
            }
            components.Add(EvaluationProposal.Cases(policy, person.IsLeader, caseFigures.TryGetValue(caseSubject, out var f) ? f : null));
            if (person.IsLeader) components.Add(EvaluationProposal.Targets(policy, targetsByUnit[person.UnitId].ToList()));

            var (score, level, reason) = EvaluationProposal.Propose(policy, components);
            var satisfactionUsable = components.Any(c => c.Counted && EvaluationComponents.IsSatisfaction(c.Key));
            var warning = Warning(policy, quarters[satisfactionSubject]);

            if (!existing.TryGetValue(person.Id, out var result))
            {
                result = new EvaluationResult { CycleId = cycleId, OfficialId = person.Id, Components = "[]", Reason = "" };
                db.EvaluationResults.Add(result);
            }
            result.IsLeader = person.IsLeader;
            var componentsJson = JsonSerializer.Serialize(components, EvaluationSnapshot.Json);
            // jsonb reformats what it stores, so compare as JSON: a rerun on the same figures writes (and audits) nothing.
            if (!JsonNode.DeepEquals(JsonNode.Parse(result.Components), JsonNode.Parse(componentsJson))) result.Components = componentsJson;
            result.Score = score;
            result.ProposedLevel = level;
            result.Reason = reason;
            result.CommendationCandidate = level == EvaluationLevel.Excellent && satisfactionUsable;
            result.Warning = warning;
            await db.SaveChangesAsync(cancellationToken);
            await SetProgressAsync(cycleId, ++done, officials.Count, cancellationToken);
        }

        var inputs = new EvaluationInputs(peerMeans[SubjectKind.Official], peerMeans[SubjectKind.Agency], peerMeans[SubjectKind.Unit],
            wards.Select(w =>
            {
                counts.TryGetValue((SubjectKind.Unit, w.Id), out var c);
                caseFigures.TryGetValue((SubjectKind.Unit, w.Id), out var f);
                // Group 5 counts petitions and reflections only (CaseFamilies), not complaints and denunciations.
                var g = f?.Group5;
                return new WardInput(w.Id, w.Code, w.Name, c.Count, c.Satisfied, g?.PetitionsReceived, g?.PetitionsUnresolved, g);
            }).ToArray());
        // A freeze may have won the race while this ran; the frozen cycle keeps what it froze.
        var inputsJson = JsonSerializer.Serialize(inputs, EvaluationSnapshot.Json);
        await db.Entry(cycle).ReloadAsync(cancellationToken);
        if (cycle.Status == EvaluationStatus.Frozen) return;
        cycle.Inputs = inputsJson;
        cycle.Status = EvaluationStatus.Computed;
        cycle.ComputedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Evaluation cycle {CycleId}: {Count} proposals computed", cycleId, officials.Count);
    }

    private async Task SetProgressAsync(long cycleId, int done, int total, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var updated = await db.EvaluationProgress.Where(p => p.CycleId == cycleId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Done, done).SetProperty(p => p.Total, total).SetProperty(p => p.UpdatedAt, now), ct);
        if (updated == 0)
        {
            db.EvaluationProgress.Add(new EvaluationProgress { CycleId = cycleId, Done = done, Total = total, UpdatedAt = now });
            await db.SaveChangesAsync(ct);
        }
    }

    private static Answers AnswersOf(Dictionary<(SubjectKind, int), (long Count, long Satisfied)> counts, SubjectKind kind, int id) =>
        counts.TryGetValue((kind, id), out var c) ? new Answers(c.Count, c.Satisfied) : default;

    /// <summary>
    /// Heads of the HĐND and the UBND answer for the whole ward's cases and its quarterly warning; other leaders for their own
    /// agency. Their satisfaction comes from the policy's table (<see cref="LeaderEvidenceTable"/>).
    /// </summary>
    private static (SubjectKind, int) LeaderSubject(Person p) =>
        p.AgencyKind is AgencyKind.PeoplesCouncil or AgencyKind.PeoplesCommittee ? (SubjectKind.Unit, p.UnitId) : (SubjectKind.Agency, p.AgencyId);

    private static string? Warning(EvaluationPolicy policy, IEnumerable<(int Quarter, long Count, long Satisfied)> quarters)
    {
        var low = quarters.OrderBy(q => q.Quarter).ToList();
        var run = new List<(int Quarter, long Count, long Satisfied)>();
        List<(int Quarter, long Count, long Satisfied)>? longest = null;
        var previous = 0;
        foreach (var q in low)
        {
            var isLow = q.Count >= policy.MinimumQuarterResponses && (decimal)q.Satisfied / q.Count < policy.WarningBelowRate;
            if (!isLow || q.Quarter != previous + 1) run = [];
            if (isLow) run.Add(q);
            if (run.Count > (longest?.Count ?? 0)) longest = [.. run];
            previous = q.Quarter;
        }
        if (longest is null || longest.Count < policy.WarningConsecutiveQuarters) return null;
        var detail = string.Join("; ", longest.Select(q => $"quý {q.Quarter}: {EvaluationMath.Percent((decimal)q.Satisfied / q.Count)}, n = {q.Count}"));
        return $"Tỷ lệ hài lòng dưới {EvaluationMath.Percent(policy.WarningBelowRate)} trong {longest.Count} quý liên tiếp ({detail}).";
    }

    private sealed record Person(int Id, bool IsLeader, int AgencyId, AgencyKind AgencyKind, int UnitId);
}
