using HaiLong.Api.Features.Evaluations;
using HaiLong.Data.Entities;

namespace HaiLong.UnitTests.Evaluations;

/// <summary>
/// Issue 18: a table of leaders computed by hand. Each row gives the raw figures, the component points worked out on paper
/// (literal numbers, never the code under test), which components count, the score and the proposed level. The policy is
/// the seeded default: leader weights 50 / 25 / 25, levels from 90 / 70 / 50, minimum 50 answers, 10 cases come due,
/// 1 reported target, k = 20; the peers' satisfied share is 0.8, so shrinkage adds 16 satisfied of 20.
/// </summary>
public sealed class EvaluationProposalTests
{
    private static readonly EvaluationPolicy Policy = new()
    {
        Basis = "test", LeaderSatisfactionWeight = 50, LeaderCasesWeight = 25, LeaderTargetsWeight = 25,
        OfficialSatisfactionWeight = 70, OfficialCasesWeight = 30, ExcellentFrom = 90, GoodFrom = 70, CompletedFrom = 50,
        MinimumResponses = 50, MinimumCasesDue = 10, MinimumTargetsReported = 1, ShrinkageStrength = 20,
    };

    private const decimal PeerMean = 0.8m;

    public sealed record Row(string Case, long Answers, long Satisfied, CaseHandlingFigures? Cases, (decimal Target, decimal? Achieved)[] Targets,
        decimal? SatisfactionPoints, decimal? CasesPoints, decimal? TargetsPoints, string Counted, decimal? Score, EvaluationLevel? Level)
    {
        public override string ToString() => Case;
    }

    private static CaseHandlingFigures Due(int total, int onTime) => new(total, total, onTime, 0);

    public static TheoryData<Row> Leaders => new()
    {
        // The demo's chairs: one petition answered on time, too few answers, no targets — no level, never 100 from n = 1.
        new("thin case evidence alone (n = 1 petition)", 3, 3, Due(1, 1), [], null, null, null, "", null, null),
        // 80 answers, 64 satisfied: (64 + 16) / (80 + 20) = 0.8 → 80.00; the one petition is left out, no targets.
        new("thin cases beside enough answers", 80, 64, Due(1, 1), [], 80.00m, null, null, "satisfaction", 80.00m, EvaluationLevel.Good),
        // 30 answers < 50; cases 10/12 = 83.33; target 95/100 = 95.00; (25·83.33 + 25·95) / 50 = 4458.25 / 50 = 89.165 → 89.17.
        new("no satisfaction (30 answers)", 30, 30, Due(12, 10), [(100m, 95m)], null, 83.33m, 95.00m, "cases,targets", 89.17m, EvaluationLevel.Good),
        // No answers, no case come due; targets (100 of 100, 5 of 10): (1 + 0.5) / 2 = 75.00.
        new("only targets", 0, 0, Due(0, 0), [(100m, 100m), (10m, 5m)], null, null, 75.00m, "targets", 75.00m, EvaluationLevel.Good),
        // 200 answers, 180 satisfied: 196 / 220 = 0.890909… → 89.09; cases 18/20 = 90.00; target 60 of 50 capped → 100.00;
        // (50·89.09 + 25·90 + 25·100) / 100 = 9204.5 / 100 = 92.045 → 92.05.
        new("all three", 200, 180, Due(20, 18), [(50m, 60m)], 89.09m, 90.00m, 100.00m, "satisfaction,cases,targets", 92.05m, EvaluationLevel.Excellent),
        // Exactly 10 cases come due, 7 on time → 70.00, alone; a score equal to a bound reaches it.
        new("exactly at the case minimum (n = 10)", 0, 0, Due(10, 7), [], null, 70.00m, null, "cases", 70.00m, EvaluationLevel.Good),
        // 9 cases all on time are left out; target 40/100 → 40.00 decides alone.
        new("one below the case minimum (n = 9)", 0, 0, Due(9, 9), [(100m, 40m)], null, null, 40.00m, "targets", 40.00m, EvaluationLevel.NotCompleted),
        // Exactly 50 answers, 35 satisfied: (35 + 16) / 70 = 0.728571… → 72.86; no case source answered.
        new("exactly at the answer minimum (n = 50)", 50, 35, null, [], 72.86m, null, null, "satisfaction", 72.86m, EvaluationLevel.Good),
        // 49 answers all satisfied are left out; cases 6/12 = 50.00 alone.
        new("one below the answer minimum (n = 49)", 49, 49, Due(12, 6), [], null, 50.00m, null, "cases", 50.00m, EvaluationLevel.Completed),
        // 100 answers, 60 satisfied: 76 / 120 = 0.6333… → 63.33; 5 cases (all on time) left out; target met → 100.00;
        // weight moves only between the counted two: (50·63.33 + 25·100) / 75 = 5666.5 / 75 = 75.5533… → 75.55
        // (with the thin cases counted it would have been 81.67).
        new("weights re-distributed only among counted components", 100, 60, Due(5, 5), [(100m, 100m)], 63.33m, null, 100.00m,
            "satisfaction,targets", 75.55m, EvaluationLevel.Good),
        // 49 answers, 9 cases, two targets none reported: nothing counts → "Không đủ dữ liệu".
        new("nobody counted", 49, 40, Due(9, 9), [(100m, null), (10m, null)], null, null, null, "", null, null),
        // One target reported of three: (0.8 + 0 + 0) / 3 = 0.2666… → 26.67; cases 10/10 = 100.00;
        // (25·100 + 25·26.67) / 50 = 3166.75 / 50 = 63.335 → 63.34.
        new("exactly at the target minimum (1 reported of 3)", 0, 0, Due(10, 10), [(100m, 80m), (10m, null), (5m, null)], null, 100.00m, 26.67m,
            "cases,targets", 63.34m, EvaluationLevel.Completed),
        // 60 answers, 54 satisfied: 70 / 80 = 87.50; 1 petition left out; target met → 100.00; (50·87.5 + 25·100) / 75 = 6875 / 75 = 91.666… → 91.67.
        new("all three present, cases thin", 60, 54, Due(1, 1), [(100m, 100m)], 87.50m, null, 100.00m,
            "satisfaction,targets", 91.67m, EvaluationLevel.Excellent),
        // Enough cases, none on time: a real 0.00, counted, not "no data".
        new("enough cases, none on time", 0, 0, Due(10, 0), [], null, 0.00m, null, "cases", 0.00m, EvaluationLevel.NotCompleted),
    };

    [Theory]
    [MemberData(nameof(Leaders))]
    public void A_leaders_proposal_matches_the_hand_computation(Row row)
    {
        var targets = row.Targets
            .Select((t, i) => new EvaluationTarget { Title = $"Chỉ tiêu {i + 1}", TargetValue = t.Target, AchievedValue = t.Achieved })
            .ToList();
        ComponentView[] components =
        [
            EvaluationProposal.Satisfaction(Policy, isLeader: true, SubjectKind.Unit, row.Answers, row.Satisfied, PeerMean),
            EvaluationProposal.Cases(Policy, isLeader: true, row.Cases),
            EvaluationProposal.Targets(Policy, targets),
        ];
        var (score, level, reason) = EvaluationProposal.Propose(Policy, components);

        Assert.Equal((row.SatisfactionPoints, row.CasesPoints, row.TargetsPoints), (components[0].Points, components[1].Points, components[2].Points));
        Assert.Equal(row.Counted, string.Join(",", components.Where(c => c.Counted).Select(c => c.Key)));
        Assert.Equal((row.Score, row.Level), (score, level));
        if (level is null) Assert.Contains("Không đủ dữ liệu để đề xuất", reason);
        else Assert.Contains($"Đề xuất: {EvaluationMath.LevelVi(level.Value)}.", reason);
        foreach (var left in components.Where(c => !c.Counted && c.N is > 0))
        {
            // A component below its minimum still shows its n.
            Assert.Contains("đủ dữ liệu", left.Reason);
            Assert.Contains(left.N!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), left.Reason);
        }
    }

    [Fact]
    public void One_petition_answered_on_time_is_shown_with_its_n_and_not_used()
    {
        var cases = EvaluationProposal.Cases(Policy, isLeader: true, Due(1, 1));
        Assert.Null(cases.Points);
        Assert.Equal((1L, 10), (cases.N, cases.Minimum));
        Assert.Contains("chưa đủ dữ liệu (n = 1 vụ việc đến hạn, cần tối thiểu 10)", cases.Reason);
    }
}
