using HaiLong.Api.Features.Scorecards;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// From one person's figures to their components, score and proposed level: pure, so a table of hand-computed cases can
/// check it (EvaluationProposalTests). Every component has a minimum of evidence in the policy; below it the component is
/// shown with its n and "chưa đủ dữ liệu" and left out, and only components at their minimum share the weight of the
/// ones left out — the thinnest evidence never decides a level (issue 18).
/// </summary>
public static class EvaluationProposal
{
    private const string SatisfactionLabel = "Mức độ hài lòng";
    private const string CasesLabel = "Kiến nghị, phản ánh";
    private const string TargetsLabel = "Chỉ tiêu của đơn vị";
    private const string ServiceLabel = "Hài lòng với dịch vụ hành chính công của phường";
    private const string YearlyLabel = "Khảo sát hằng năm: ";

    /// <summary>Shrunk toward the peers' satisfied share (the subject's own rate when that is null), once n reaches the minimum.</summary>
    public static ComponentView Satisfaction(EvaluationPolicy policy, bool isLeader, SubjectKind kind, long count, long satisfied, decimal? peerMean)
    {
        var weight = isLeader ? policy.LeaderSatisfactionWeight : policy.OfficialSatisfactionWeight;
        var what = kind switch
        {
            SubjectKind.Unit => "Tỷ lệ hài lòng với phường",
            SubjectKind.Agency => "Tỷ lệ hài lòng với cơ quan",
            _ => "Tỷ lệ hài lòng",
        };
        return Rate(policy, EvaluationComponents.Satisfaction, SatisfactionLabel, weight, what, new Answers(count, satisfied), peerMean);
    }

    /// <summary>
    /// A leader's satisfaction components, one per source the policy's table gives their role (issue 18: each body on its
    /// own evidence), each weighing its share of the leader satisfaction weight and each with its own minimum.
    /// <paramref name="peers"/> holds the peers' satisfied share per component key (<see cref="EvaluationComponents.KeyOf"/>).
    /// </summary>
    public static IReadOnlyList<ComponentView> LeaderSatisfaction(EvaluationPolicy policy, AgencyKind role, Answers agency, Answers ward,
        WardEvidence answers, IReadOnlyDictionary<string, decimal?> peers) =>
        LeaderEvidenceTable.For(policy, role).Select(source =>
        {
            var key = EvaluationComponents.KeyOf(source);
            var weight = policy.LeaderSatisfactionWeight * source.Share!.Value / 100;
            var peer = peers.GetValueOrDefault(key);
            return source.Source switch
            {
                EvidenceSource.YearlySurvey => Yearly(policy, key, weight, source.Criterion!, answers.YearlyFor(source.Criterion!), peer),
                EvidenceSource.WardService => Rate(policy, key, ServiceLabel, weight, "Tỷ lệ hài lòng với dịch vụ hành chính công của phường",
                    answers.Service, peer),
                EvidenceSource.Ward => Rate(policy, key, SatisfactionLabel, weight, "Tỷ lệ hài lòng với phường (mọi loại phiếu)", ward, peer),
                _ => Rate(policy, key, SatisfactionLabel, weight, "Tỷ lệ hài lòng với cơ quan", agency, peer),
            };
        }).ToList();

    /// <summary>One yearly-survey question: the policy says whether the open QR's answers count; held answers never do.</summary>
    public static ComponentView Yearly(EvaluationPolicy policy, string key, decimal weight, string criterion, YearlyAnswers answers, decimal? peerMean)
    {
        var question = Criteria.LabelsVi.GetValueOrDefault(criterion, criterion);
        var openCounted = policy.YearlyAnswers == YearlyAnswersCounted.SampledAndOpen;
        var sources = new AnswerSources(answers.Sampled.Count, answers.Open.Count, answers.Held, openCounted);
        var origin = $"nguồn: {sources.Sampled} phiếu phát theo mẫu, {sources.Open} phiếu qua mã QR công khai"
            + (openCounted ? "" : " (không tính theo chính sách)") + $", {sources.Held} phiếu bị tạm giữ (không tính)";
        return Rate(policy, key, YearlyLabel + question, weight, $"Khảo sát hằng năm, “{question}”", answers.Counted(policy), peerMean, origin)
            with { Sources = sources };
    }

    private static ComponentView Rate(EvaluationPolicy policy, string key, string label, decimal weight, string what, Answers answers,
        decimal? peerMean, string? origin = null)
    {
        var minimum = policy.MinimumResponses;
        var (count, satisfied) = (answers.Count, answers.Satisfied);
        var from = origin is null ? "" : $" ({origin})";
        if (count == 0)
        {
            return new ComponentView(key, label, weight, null,
                $"{what}: không đủ dữ liệu (chưa có phiếu nào trong năm{(origin is null ? "" : "; " + origin)}; cần tối thiểu {minimum})"
                + " — không tính, không trừ điểm.", 0, minimum);
        }
        var rate = (decimal)satisfied / count;
        var (low, high) = Scores.Wilson(satisfied, count);
        var interval = $"khoảng tin cậy 95%: {EvaluationMath.Vi(100 * low)}–{EvaluationMath.Percent(high)}";
        var observed = $"{what} {EvaluationMath.Percent(rate)} (n = {count}, {interval}){from}";
        if (count < minimum)
        {
            return new ComponentView(key, label, weight, null,
                $"{observed}: không đủ dữ liệu (dưới {minimum} phiếu) — không tính, không trừ điểm.", count, minimum);
        }
        var peer = peerMean ?? rate;
        var points = EvaluationMath.Points(EvaluationMath.Shrink(satisfied, count, peer, policy.ShrinkageStrength));
        var shrink = $"hiệu chỉnh về trung bình nhóm {EvaluationMath.Percent(peer)} (k = {EvaluationMath.Vi(policy.ShrinkageStrength, 0)})";
        return new ComponentView(key, label, weight, points, $"{observed}; {shrink}: {EvaluationMath.Vi(points, 2)} điểm.", count, minimum);
    }

    /// <summary>On-time share of the cases come due, once they reach the minimum; null figures: no case-handling source answered.</summary>
    public static ComponentView Cases(EvaluationPolicy policy, bool isLeader, CaseHandlingFigures? figures)
    {
        var weight = isLeader ? policy.LeaderCasesWeight : policy.OfficialCasesWeight;
        var minimum = policy.MinimumCasesDue;
        var what = isLeader ? "Giải quyết kiến nghị, phản ánh của đơn vị" : "Kiến nghị, phản ánh về cán bộ";
        if (figures is not { } f)
        {
            return new ComponentView(EvaluationComponents.Cases, CasesLabel, weight, null, $"{what}: không đủ dữ liệu — không tính, không trừ điểm.");
        }
        if (f.Total == 0)
        {
            return new ComponentView(EvaluationComponents.Cases, CasesLabel, weight, null,
                $"{what}: không có vụ việc nào đến hạn trong năm — không tính.", 0, minimum);
        }
        var onTime = EvaluationMath.Percent((decimal)f.AnsweredOnTime / f.Total);
        var observed = $"{what}: {f.AnsweredOnTime}/{f.Total} trả lời đúng hạn ({onTime}), {f.Unresolved} chưa giải quyết";
        if (f.Total < minimum)
        {
            return new ComponentView(EvaluationComponents.Cases, CasesLabel, weight, null,
                $"{observed}: chưa đủ dữ liệu (n = {f.Total} vụ việc đến hạn, cần tối thiểu {minimum}) — không tính, không trừ điểm.", f.Total, minimum);
        }
        var points = EvaluationMath.Points((decimal)f.AnsweredOnTime / f.Total);
        return new ComponentView(EvaluationComponents.Cases, CasesLabel, weight, points, $"{observed}: {EvaluationMath.Vi(points, 2)} điểm.", f.Total, minimum);
    }

    /// <summary>A target counts as evidence once its achieved value is reported; unreported targets still count 0% once the minimum is met.</summary>
    public static ComponentView Targets(EvaluationPolicy policy, IReadOnlyList<EvaluationTarget> targets)
    {
        var minimum = policy.MinimumTargetsReported;
        if (targets.Count == 0)
        {
            return new ComponentView(EvaluationComponents.Targets, TargetsLabel, policy.LeaderTargetsWeight, null,
                "Chỉ tiêu của đơn vị: không đủ dữ liệu (đơn vị chưa nhập chỉ tiêu) — không tính, không trừ điểm.", 0, minimum);
        }
        var reported = targets.Count(t => t.AchievedValue is not null);
        if (reported < minimum)
        {
            return new ComponentView(EvaluationComponents.Targets, TargetsLabel, policy.LeaderTargetsWeight, null,
                $"Chỉ tiêu của đơn vị: chưa đủ dữ liệu ({reported}/{targets.Count} chỉ tiêu có kết quả, cần tối thiểu {minimum}) — không tính, không trừ điểm.",
                reported, minimum);
        }
        var attainment = targets.Sum(t => EvaluationMath.Attainment(t.TargetValue, t.AchievedValue)) / targets.Count;
        var points = EvaluationMath.Points(attainment);
        var met = targets.Count(t => EvaluationMath.Attainment(t.TargetValue, t.AchievedValue) == 1);
        var missing = targets.Where(t => t.AchievedValue is null).Select(t => $"“{t.Title}” chưa báo cáo kết quả (tính 0%)");
        var notMet = targets.Where(t => t.AchievedValue is { } a && EvaluationMath.Attainment(t.TargetValue, a) < 1)
            .Select(t => $"“{t.Title}” đạt {EvaluationMath.Vi(t.AchievedValue!.Value, 1)}/{EvaluationMath.Vi(t.TargetValue, 1)}");
        var details = string.Join("; ", notMet.Concat(missing));
        return new ComponentView(EvaluationComponents.Targets, TargetsLabel, policy.LeaderTargetsWeight, points,
            $"Chỉ tiêu của đơn vị: đạt {met}/{targets.Count} chỉ tiêu, mức hoàn thành bình quân {EvaluationMath.Percent(attainment)}"
            + (details.Length > 0 ? $" ({details})" : "") + $": {EvaluationMath.Vi(points, 2)} điểm.", reported, minimum);
    }

    /// <summary>Score over the counted components only; no counted component → no score and no level ("Không đủ dữ liệu").</summary>
    public static (decimal? Score, EvaluationLevel? Level, string Reason) Propose(EvaluationPolicy policy, IReadOnlyList<ComponentView> components)
    {
        var counted = components.Where(c => c.Counted).ToList();
        var score = counted.Count == 0 ? null : EvaluationMath.Combine(counted.Select(c => (c.Weight, c.Points)));
        EvaluationLevel? level = score is { } sc ? EvaluationMath.Level(sc, policy) : null;
        return (score, level, Reason(components, score, level));
    }

    private static string Reason(IReadOnlyList<ComponentView> components, decimal? score, EvaluationLevel? level)
    {
        var parts = components.Select(c => c.Reason).ToList();
        var skipped = components.Where(c => !c.Counted && c.Weight > 0).ToList();
        if (score is null || level is null)
        {
            parts.Add("Không đủ dữ liệu để đề xuất mức xếp loại: không thành phần nào đạt mức dữ liệu tối thiểu; đề nghị đánh giá theo các tiêu chí khác.");
            return string.Join(" ", parts);
        }
        var used = components.Where(c => c.Counted).ToList();
        var weights = string.Join(", ", used.Select(c => $"{c.Label.ToLowerInvariant()} {EvaluationMath.Vi(c.Weight, 0)}"));
        parts.Add(skipped.Count > 0
            ? $"Điểm tổng hợp {EvaluationMath.Vi(score.Value, 2)}/100, tính lại trọng số trên các thành phần có dữ liệu ({weights}; "
                + $"bỏ qua: {string.Join(", ", skipped.Select(c => c.Label.ToLowerInvariant()))})."
            : $"Điểm tổng hợp {EvaluationMath.Vi(score.Value, 2)}/100 (trọng số: {weights}).");
        parts.Add($"Đề xuất: {EvaluationMath.LevelVi(level.Value)}.");
        return string.Join(" ", parts);
    }
}
