using HaiLong.Api.Features.Evaluations;
using HaiLong.Data.Entities;
using System.Globalization;

namespace HaiLong.UnitTests.Evaluations;

/// <summary>
/// Issue 18, each body on its own evidence: a table of leaders computed by hand. Each row gives the leader's role, the
/// ward's yearly-survey answers to the People's Council and People's Committee questions (sampled slips, open QR, held by a
/// burst), the ward's service answers, the agency's answers, the cases and targets; and the component points worked out on
/// paper (literal numbers, never the code under test), which components count, the score and the level.
/// Policy: version 1 — leader weights satisfaction 50 / cases 25 / targets 25; the UBND chair's 50 split 25 (People's
/// Committee question) + 25 (service); minimum 50 answers, 10 cases come due, 1 reported target; k = 20 and every peer
/// share 0.8, so shrinkage adds 16 satisfied of 20.
/// </summary>
public sealed class LeaderEvidenceTests
{
    private static EvaluationPolicy Policy(YearlyAnswersCounted yearly = YearlyAnswersCounted.SampledAndOpen) => new()
    {
        Basis = "test", LeaderSatisfactionWeight = 50, LeaderCasesWeight = 25, LeaderTargetsWeight = 25,
        OfficialSatisfactionWeight = 70, OfficialCasesWeight = 30, ExcellentFrom = 90, GoodFrom = 70, CompletedFrom = 50,
        MinimumResponses = 50, MinimumCasesDue = 10, MinimumTargetsReported = 1, ShrinkageStrength = 20,
        LeaderEvidence = EvaluationPolicy.DefaultLeaderEvidence, YearlyAnswers = yearly,
    };

    private const AgencyKind Hdnd = AgencyKind.PeoplesCouncil;
    private const AgencyKind Ubnd = AgencyKind.PeoplesCommittee;
    private const bool SampledOnly = true;

    /// <summary>Yearly answers of one question: sampled (n, satisfied), open (n, satisfied), held by a burst.</summary>
    private static YearlyAnswers Y(long sampled, long sampledSatisfied, long open = 0, long openSatisfied = 0, long held = 0) =>
        new(new(sampled, sampledSatisfied), new(open, openSatisfied), held);

    private static readonly YearlyAnswers NoAnswers = default;

    private static CaseHandlingFigures Due(int total, int onTime) => new(total, total, onTime, 0);

    public sealed record Row(string Case, AgencyKind Role, bool OnlySampled, YearlyAnswers Council, YearlyAnswers Committee, Answers Service,
        Answers Agency, CaseHandlingFigures? Cases, (decimal Target, decimal? Achieved)[] Targets,
        string Points, string Sources, string Counted, decimal? Score, EvaluationLevel? Level)
    {
        public override string ToString() => Case;
    }

    public static TheoryData<Row> Leaders => new()
    {
        // 1. The demo's complaint: one petition answered on time and nothing else — no level.
        new("HĐND chair, thin case evidence only", Hdnd, false, NoAnswers, NoAnswers, default, default, Due(1, 1), [],
            "council — · cases — · targets —", "0/0/0", "", null, null),
        // 2. No yearly survey at all: the HĐND chair rests on the ward's cases, 9 of 12 on time = 75.00.
        new("HĐND chair, no yearly-survey answers", Hdnd, false, NoAnswers, NoAnswers, new(300, 270), new(300, 270), Due(12, 9), [],
            "council — · cases 75.00 · targets —", "0/0/0", "cases", 75.00m, EvaluationLevel.Good),
        // 3. Council question: 80 sampled, 64 satisfied: (64 + 16) / 100 = 80.00; target 90/100 = 90.00; one petition left out;
        //    (50·80 + 25·90) / 75 = 6250 / 75 = 83.333… → 83.33.
        new("HĐND chair, HĐND-only answers", Hdnd, false, Y(80, 64), NoAnswers, default, default, Due(1, 1), [(100m, 90m)],
            "council 80.00 · cases — · targets 90.00", "80/0/0", "council,targets", 83.33m, EvaluationLevel.Good),
        // 4. Same ward for the UBND chair: the council's answers are not his; target 85/100 = 85.00 decides alone.
        new("UBND chair, HĐND-only answers", Ubnd, false, Y(80, 64), NoAnswers, default, default, Due(1, 1), [(100m, 85m)],
            "committee — · service — · cases — · targets 85.00", "0/0/0", "targets", 85.00m, EvaluationLevel.Good),
        // 5. Committee question: 60 sampled, 45 satisfied: 61 / 80 = 0.7625 → 76.25; cases 8/10 = 80.00;
        //    (25·76.25 + 25·80) / 50 = 3906.25 / 50 = 78.125 → 78.13.
        new("UBND chair, UBND-only answers", Ubnd, false, NoAnswers, Y(60, 45), default, default, Due(10, 8), [],
            "committee 76.25 · service — · cases 80.00 · targets —", "60/0/0", "committee,cases", 78.13m, EvaluationLevel.Good),
        // 6. Same ward for the HĐND chair: the committee's answers are not hers; cases 80.00 alone.
        new("HĐND chair, UBND-only answers", Hdnd, false, NoAnswers, Y(60, 45), default, default, Due(10, 8), [],
            "council — · cases 80.00 · targets —", "0/0/0", "cases", 80.00m, EvaluationLevel.Good),
        // 7. Committee 100 sampled, 90 satisfied: 106 / 120 = 0.8833… → 88.33; service 200, 170 satisfied: 186 / 220 = 0.84545… →
        //    84.55; cases 19/20 = 95.00; target 10/10 = 100.00;
        //    (25·88.33 + 25·84.55 + 25·95 + 25·100) / 100 = 9197 / 100 = 91.97.
        new("UBND chair, committee question and service", Ubnd, false, NoAnswers, Y(100, 90), new(200, 170), default, Due(20, 19), [(10m, 10m)],
            "committee 88.33 · service 84.55 · cases 95.00 · targets 100.00", "100/0/0", "committee,service,cases,targets", 91.97m,
            EvaluationLevel.Excellent),
        // 8. Sampled 30 (24 satisfied) and open 30 (27), both counted: n = 60, 51 satisfied: 67 / 80 = 0.8375 → 83.75.
        new("HĐND chair, sampled and open answers, both counted", Hdnd, false, Y(30, 24, 30, 27), NoAnswers, default, default, Due(0, 0), [],
            "council 83.75 · cases — · targets —", "30/30/0", "council", 83.75m, EvaluationLevel.Good),
        // 9. The same answers under a policy counting only sampled slips: n = 30 < 50 → nothing counts.
        new("HĐND chair, sampled and open answers, sampled only", Hdnd, SampledOnly, Y(30, 24, 30, 27), NoAnswers, default, default, Due(0, 0),
            [], "council — · cases — · targets —", "30/30/0 open not counted", "", null, null),
        // 10. Committee: 50 sampled (40 satisfied) and 100 open (50); sampled only: 56 / 70 = 0.8 → 80.00 (counting the open QR
        //     would have given (90 + 16) / 170 = 62.35); 3 cases left out.
        new("UBND chair, sampled only, open answers left out", Ubnd, SampledOnly, NoAnswers, Y(50, 40, 100, 50), default, default, Due(3, 3), [],
            "committee 80.00 · service — · cases — · targets —", "50/100/0 open not counted", "committee", 80.00m, EvaluationLevel.Good),
        // 11. A burst of 45 answers not yet decided is held: sampled 20 (18) + open 40 (36) count: 70 / 80 = 0.875 → 87.50.
        new("HĐND chair, burst not decided (held)", Hdnd, false, Y(20, 18, 40, 36, held: 45), NoAnswers, default, default, Due(0, 0), [],
            "council 87.50 · cases — · targets —", "20/40/45", "council", 87.50m, EvaluationLevel.Good),
        // 12. The board counted the burst (45, all satisfied): open 85 (81): n = 105, 99 satisfied: 115 / 125 = 0.92 → 92.00.
        new("HĐND chair, burst counted by the board", Hdnd, false, Y(20, 18, 85, 81), NoAnswers, default, default, Due(0, 0), [],
            "council 92.00 · cases — · targets —", "20/85/0", "council", 92.00m, EvaluationLevel.Excellent),
        // 13. The board excluded a burst of 45: 10 sampled + 20 open = 30 < 50 — the burst alone would have lifted it over the
        //     minimum; with no other evidence: no level.
        new("HĐND chair, burst excluded", Hdnd, false, Y(10, 9, 20, 18, held: 45), NoAnswers, default, default, Due(0, 0), [],
            "council — · cases — · targets —", "10/20/45", "", null, null),
        // 14. Head of the service centre: their agency, 100 answers, 85 satisfied: 101 / 120 = 0.84166… → 84.17; cases 10/10 and
        //     target met: (50·84.17 + 25·100 + 25·100) / 100 = 9208.5 / 100 = 92.085 → 92.09. The ward's survey is not theirs.
        new("service-centre head, their agency", AgencyKind.ServiceCentre, false, Y(80, 64), Y(60, 45), new(200, 170), new(100, 85),
            Due(10, 10), [(100m, 100m)], "agency 84.17 · cases 100.00 · targets 100.00", "", "agency,cases,targets", 92.09m,
            EvaluationLevel.Excellent),
        // 15. The demo's UBND chair before it had yearly answers: 40 service answers (< 50), one petition: no level.
        new("UBND chair, service below its minimum, one petition", Ubnd, false, NoAnswers, NoAnswers, new(40, 40), default, Due(1, 1), [],
            "committee — · service — · cases — · targets —", "0/0/0", "", null, null),
    };

    private static readonly Dictionary<string, decimal?> Peers = EvaluationComponents.All.ToDictionary(k => k, _ => (decimal?)0.8m);

    private static string Short(string key) => key switch
    {
        "yearly.government.council" => "council",
        "yearly.government.committee" => "committee",
        "satisfaction" => "agency",
        _ => key,
    };

    [Theory]
    [MemberData(nameof(Leaders))]
    public void A_leaders_proposal_rests_on_their_bodys_own_evidence(Row row)
    {
        var policy = Policy(row.OnlySampled ? YearlyAnswersCounted.SampledOnly : YearlyAnswersCounted.SampledAndOpen);
        var ward = new WardEvidence(new Dictionary<string, YearlyAnswers>
        {
            [Criteria.GovernmentCouncil] = row.Council,
            [Criteria.GovernmentCommittee] = row.Committee,
        }, row.Service);
        var targets = row.Targets.Select((t, i) => new EvaluationTarget { Title = $"Chỉ tiêu {i + 1}", TargetValue = t.Target, AchievedValue = t.Achieved })
            .ToList();
        var components = EvaluationProposal.LeaderSatisfaction(policy, row.Role, row.Agency, default, ward, Peers)
            .Append(EvaluationProposal.Cases(policy, isLeader: true, row.Cases))
            .Append(EvaluationProposal.Targets(policy, targets))
            .ToList();
        var (score, level, reason) = EvaluationProposal.Propose(policy, components);

        var points = string.Join(" · ", components.Select(c =>
            $"{Short(c.Key)} {(c.Points is { } p ? p.ToString("F2", CultureInfo.InvariantCulture) : "—")}"));
        Assert.Equal(row.Points, points);
        var yearly = components.FirstOrDefault(c => c.Sources is not null)?.Sources;
        var sources = yearly is null ? "" : $"{yearly.Sampled}/{yearly.Open}/{yearly.Held}" + (yearly.OpenCounted ? "" : " open not counted");
        Assert.Equal(row.Sources, sources);
        Assert.Equal(row.Counted, string.Join(",", components.Where(c => c.Counted).Select(c => Short(c.Key))));
        Assert.Equal((row.Score, row.Level), (score, level));
        if (level is null) Assert.Contains("Không đủ dữ liệu để đề xuất", reason);
        else Assert.Contains($"Đề xuất: {EvaluationMath.LevelVi(level.Value)}.", reason);
    }

    [Fact]
    public void The_UBND_chairs_satisfaction_weight_is_split_by_the_tables_shares()
    {
        var components = EvaluationProposal.LeaderSatisfaction(Policy(), Ubnd, default, default, WardEvidence.None, Peers);
        Assert.Equal(["yearly.government.committee:25", "service:25"],
            components.Select(c => $"{c.Key}:{c.Weight.ToString("0.##", CultureInfo.InvariantCulture)}"));
    }

    [Fact]
    public void A_yearly_components_reason_says_where_its_answers_came_from()
    {
        var c = EvaluationProposal.Yearly(Policy(YearlyAnswersCounted.SampledOnly), "yearly.government.council", 50, Criteria.GovernmentCouncil,
            Y(60, 50, 30, 20, held: 7), 0.8m);
        Assert.Contains("60 phiếu phát theo mẫu, 30 phiếu qua mã QR công khai (không tính theo chính sách), 7 phiếu bị tạm giữ (không tính)", c.Reason);
        Assert.Equal(60, c.N);
    }

    public static TheoryData<string, string> BadTables => new()
    {
        { """[{"role":"PeoplesCouncil","sources":[{"source":"Agency","share":100}]},{"role":"PeoplesCouncil","sources":[{"source":"Ward","share":100}]}]""",
            "more than once" },
        { """[{"role":"PeoplesCommittee","sources":[{"source":"WardService","share":60},{"source":"Agency","share":30}]}]""", "add up to 100" },
        { """[{"role":"PeoplesCouncil","sources":[{"source":"YearlySurvey","criterion":"official.attitude","share":100}]}]""", "yearly survey's criteria" },
        { """[{"role":"PeoplesCouncil","sources":[{"source":"YearlySurvey","share":100}]}]""", "yearly survey's criteria" },
        { """[{"role":"PeoplesCouncil","sources":[{"source":"Agency","criterion":"government.council","share":100}]}]""", "names a criterion" },
        { """[{"role":"PeoplesCouncil","sources":[]}]""", "has no source" },
        { """[{"role":"PeoplesCouncil","sources":[{"source":"WardService","share":50},{"source":"WardService","share":50}]}]""", "same source twice" },
    };

    [Theory]
    [MemberData(nameof(BadTables))]
    public void A_table_that_cannot_be_a_policys_is_refused_with_the_reason(string json, string reason) =>
        Assert.Contains(reason, LeaderEvidenceTable.Check(LeaderEvidenceTable.Parse(json)));

    [Fact]
    public void Version_ones_table_is_valid_and_says_what_each_chair_draws_from()
    {
        var table = LeaderEvidenceTable.Parse(EvaluationPolicy.DefaultLeaderEvidence);
        Assert.Null(LeaderEvidenceTable.Check(table));
        Assert.Equal(["YearlySurvey government.council 100"], Describe(LeaderEvidenceTable.For(table, Hdnd)));
        Assert.Equal(["YearlySurvey government.committee 50", "WardService  50"], Describe(LeaderEvidenceTable.For(table, Ubnd)));
        Assert.Equal(["Agency  100"], Describe(LeaderEvidenceTable.For(table, AgencyKind.PublicServiceUnit)));
        Assert.Equal(["Agency  100"], Describe(LeaderEvidenceTable.For([], AgencyKind.Other)));
    }

    private static IEnumerable<string> Describe(IEnumerable<LeaderEvidenceSource> sources) =>
        sources.Select(s => $"{s.Source} {s.Criterion} {s.Share!.Value.ToString(CultureInfo.InvariantCulture)}");
}
