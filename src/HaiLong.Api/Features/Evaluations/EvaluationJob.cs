using HaiLong.Api.Features.Registry;
using HaiLong.Api.Features.Scorecards;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// Computes every proposal of one cycle version over the whole jurisdiction. Reentrant: a rerun recomputes the same figures
/// from the same rollups and overwrites the results in place; a frozen cycle is left untouched.
/// Reads only the rollups (never raw responses), the unit's targets and the case-handling source.
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
            var components = new List<ComponentView>
            {
                SatisfactionComponent(policy, person, satisfactionSubject, counts, peerMeans),
                CasesComponent(policy, person, person.IsLeader ? LeaderSubject(person) : (SubjectKind.Official, person.Id), caseFigures),
            };
            if (person.IsLeader) components.Add(TargetsComponent(policy, targetsByUnit[person.UnitId].ToList()));

            var score = EvaluationMath.Combine(components.Select(c => (c.Weight, c.Points)));
            EvaluationLevel? level = score is { } sc ? EvaluationMath.Level(sc, policy) : null;
            var reason = Reason(components, score, level);
            var satisfactionUsable = components[0].Points is not null;
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
                return new WardInput(w.Id, w.Code, w.Name, c.Count, c.Satisfied, f?.Total, f?.Unresolved);
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

    /// <summary>Heads of the HĐND and the UBND answer for the whole ward; other leaders for their own agency.</summary>
    private static (SubjectKind, int) LeaderSubject(Person p) =>
        p.AgencyKind is AgencyKind.PeoplesCouncil or AgencyKind.PeoplesCommittee ? (SubjectKind.Unit, p.UnitId) : (SubjectKind.Agency, p.AgencyId);

    private static ComponentView SatisfactionComponent(EvaluationPolicy policy, Person person, (SubjectKind Kind, int Id) subject,
        Dictionary<(SubjectKind, int), (long Count, long Satisfied)> counts, Dictionary<SubjectKind, decimal?> peerMeans)
    {
        var weight = person.IsLeader ? policy.LeaderSatisfactionWeight : policy.OfficialSatisfactionWeight;
        var what = subject.Kind switch
        {
            SubjectKind.Unit => "Tỷ lệ hài lòng với phường",
            SubjectKind.Agency => "Tỷ lệ hài lòng với cơ quan",
            _ => "Tỷ lệ hài lòng",
        };
        counts.TryGetValue(subject, out var c);
        if (c.Count == 0)
        {
            return new ComponentView(Satisfaction, "Mức độ hài lòng", weight, null,
                $"{what}: không đủ dữ liệu (chưa có phiếu nào trong năm; cần tối thiểu {policy.MinimumResponses}) — không tính, không trừ điểm.");
        }
        var rate = (decimal)c.Satisfied / c.Count;
        var (low, high) = Scores.Wilson(c.Satisfied, c.Count);
        var observed = $"{what} {EvaluationMath.Percent(rate)} (n = {c.Count}, khoảng tin cậy 95%: {EvaluationMath.Vi(100 * low)}–{EvaluationMath.Percent(high)})";
        if (c.Count < policy.MinimumResponses)
        {
            return new ComponentView(Satisfaction, "Mức độ hài lòng", weight, null,
                $"{observed}: không đủ dữ liệu (dưới {policy.MinimumResponses} phiếu) — không tính, không trừ điểm.");
        }
        var peer = peerMeans[subject.Kind] ?? rate;
        var shrunk = EvaluationMath.Shrink(c.Satisfied, c.Count, peer, policy.ShrinkageStrength);
        var points = EvaluationMath.Points(shrunk);
        return new ComponentView(Satisfaction, "Mức độ hài lòng", weight, points,
            $"{observed}; hiệu chỉnh về trung bình nhóm {EvaluationMath.Percent(peer)} (k = {EvaluationMath.Vi(policy.ShrinkageStrength, 0)}): {EvaluationMath.Vi(points, 2)} điểm.");
    }

    private static ComponentView CasesComponent(EvaluationPolicy policy, Person person, (SubjectKind, int) subject,
        IReadOnlyDictionary<(SubjectKind, int), CaseHandlingFigures> figures)
    {
        var weight = person.IsLeader ? policy.LeaderCasesWeight : policy.OfficialCasesWeight;
        var what = person.IsLeader ? "Giải quyết kiến nghị, phản ánh của đơn vị" : "Kiến nghị, phản ánh về cán bộ";
        if (!figures.TryGetValue(subject, out var f))
        {
            return new ComponentView(Cases, "Kiến nghị, phản ánh", weight, null, $"{what}: không đủ dữ liệu — không tính, không trừ điểm.");
        }
        if (f.Total == 0)
        {
            return new ComponentView(Cases, "Kiến nghị, phản ánh", weight, null, $"{what}: không có vụ việc nào đến hạn trong năm — không tính.");
        }
        var points = EvaluationMath.Points((decimal)f.AnsweredOnTime / f.Total);
        return new ComponentView(Cases, "Kiến nghị, phản ánh", weight, points,
            $"{what}: {f.AnsweredOnTime}/{f.Total} trả lời đúng hạn ({EvaluationMath.Percent((decimal)f.AnsweredOnTime / f.Total)}), {f.Unresolved} chưa giải quyết: {EvaluationMath.Vi(points, 2)} điểm.");
    }

    private static ComponentView TargetsComponent(EvaluationPolicy policy, List<EvaluationTarget> targets)
    {
        if (targets.Count == 0)
        {
            return new ComponentView(Targets, "Chỉ tiêu của đơn vị", policy.LeaderTargetsWeight, null,
                "Chỉ tiêu của đơn vị: không đủ dữ liệu (đơn vị chưa nhập chỉ tiêu) — không tính, không trừ điểm.");
        }
        var attainment = targets.Sum(t => EvaluationMath.Attainment(t.TargetValue, t.AchievedValue)) / targets.Count;
        var points = EvaluationMath.Points(attainment);
        var met = targets.Count(t => EvaluationMath.Attainment(t.TargetValue, t.AchievedValue) == 1);
        var missing = targets.Where(t => t.AchievedValue is null).Select(t => $"“{t.Title}” chưa báo cáo kết quả (tính 0%)");
        var notMet = targets.Where(t => t.AchievedValue is { } a && EvaluationMath.Attainment(t.TargetValue, a) < 1)
            .Select(t => $"“{t.Title}” đạt {EvaluationMath.Vi(t.AchievedValue!.Value, 1)}/{EvaluationMath.Vi(t.TargetValue, 1)}");
        var details = string.Join("; ", notMet.Concat(missing));
        return new ComponentView(Targets, "Chỉ tiêu của đơn vị", policy.LeaderTargetsWeight, points,
            $"Chỉ tiêu của đơn vị: đạt {met}/{targets.Count} chỉ tiêu, mức hoàn thành bình quân {EvaluationMath.Percent(attainment)}"
            + (details.Length > 0 ? $" ({details})" : "") + $": {EvaluationMath.Vi(points, 2)} điểm.");
    }

    private static string Reason(List<ComponentView> components, decimal? score, EvaluationLevel? level)
    {
        var parts = components.Select(c => c.Reason).ToList();
        var skipped = components.Where(c => c.Points is null && c.Weight > 0).ToList();
        if (score is null || level is null)
        {
            parts.Add("Không đủ dữ liệu để đề xuất mức xếp loại; đề nghị đánh giá theo các tiêu chí khác.");
            return string.Join(" ", parts);
        }
        var used = components.Where(c => c.Points is not null && c.Weight > 0).ToList();
        var weights = string.Join(", ", used.Select(c => $"{c.Label.ToLowerInvariant()} {EvaluationMath.Vi(c.Weight, 0)}"));
        parts.Add(skipped.Count > 0
            ? $"Điểm tổng hợp {EvaluationMath.Vi(score.Value, 2)}/100, tính lại trọng số trên các thành phần có dữ liệu ({weights}; bỏ qua: {string.Join(", ", skipped.Select(c => c.Label.ToLowerInvariant()))})."
            : $"Điểm tổng hợp {EvaluationMath.Vi(score.Value, 2)}/100 (trọng số: {weights}).");
        parts.Add($"Đề xuất: {EvaluationMath.LevelVi(level.Value)}.");
        return string.Join(" ", parts);
    }

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
