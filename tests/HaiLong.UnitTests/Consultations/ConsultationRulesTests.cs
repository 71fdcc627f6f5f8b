using HaiLong.Api.Features.Consultations;
using HaiLong.Data.Entities;

namespace HaiLong.UnitTests.Consultations;

/// <summary>
/// Issue 19, point 5: the law's thresholds computed by hand. Each row gives the share, the register frozen at opening, the
/// counts per choice (all channels) and the expected threshold and outcome, worked out on paper — literal numbers, never the
/// code under test. Choices: 0 agree, 1 disagree, -1 abstain (approve items); the option's index (choice items).
/// </summary>
public sealed class ConsultationRulesTests
{
    public sealed record Row(string Case, ConsultationKind Kind, ConsultationItemKind ItemKind, decimal Share, int Registered,
        (short Choice, int Count)[] Counts, int Threshold, ItemOutcome Outcome, short? Decisive)
    {
        public override string ToString() => Case;
    }

    private const ConsultationKind Decide = ConsultationKind.Decide;
    private const ConsultationItemKind Approve = ConsultationItemKind.Approve;
    private const ConsultationItemKind Choice = ConsultationItemKind.Choice;

    public static TheoryData<Row> Items => new()
    {
        // 0.5 × 120 = 60; more than 60 → 61. 60 agree is exactly half: not more than half.
        new("exactly half of an even register", Decide, Approve, 0.5m, 120, [(0, 60), (1, 10)], 61, ItemOutcome.Failed, 0),
        // Half plus one: 61 ≥ 61.
        new("half plus one", Decide, Approve, 0.5m, 120, [(0, 61)], 61, ItemOutcome.Passed, 0),
        // 0.5 × 121 = 60.5; the smallest whole number above it is 61.
        new("odd register, 61 of 121", Decide, Approve, 0.5m, 121, [(0, 61), (1, 60)], 61, ItemOutcome.Passed, 0),
        // 60 of 121 is under half even though everyone voted and agree beat disagree.
        new("odd register, 60 of 121 beats 59 yet fails", Decide, Approve, 0.5m, 121, [(0, 60), (1, 59), (-1, 2)], 61, ItemOutcome.Failed, 0),
        // One household: more than 0.5 → 1.
        new("a register of one", Decide, Approve, 0.5m, 1, [(0, 1)], 1, ItemOutcome.Passed, 0),
        // The acceptance: 85 of 120 took part; 70 agree ≥ 61.
        new("the acceptance: 70 agree of 85 taking part", Decide, Approve, 0.5m, 120, [(0, 70), (1, 10), (-1, 5)], 61, ItemOutcome.Passed, 0),
        // Abstentions count as not agreeing: 50 agree + 30 abstain of 120 → 50 < 61, though nobody disagreed.
        new("abstentions do not help", Decide, Approve, 0.5m, 120, [(0, 50), (-1, 30)], 61, ItemOutcome.Failed, 0),
        // Everyone abstains: 0 agree.
        new("all abstain", Decide, Approve, 0.5m, 10, [(-1, 10)], 6, ItemOutcome.Failed, 0),
        // Candidates 0/1/2 with 40/45/15 of 100: the leader 45 < 51.
        new("choice split under the threshold", Decide, Choice, 0.5m, 100, [(0, 40), (1, 45), (2, 15)], 51, ItemOutcome.Failed, 1),
        // 52/30/10 of 100: option 0 wins with 52 ≥ 51.
        new("choice with a winner", Decide, Choice, 0.5m, 100, [(0, 52), (1, 30), (2, 10), (-1, 3)], 51, ItemOutcome.Passed, 0),
        // A tie at the top has no winner, whatever the threshold (share 0.3 of 100 → 31; 35 = 35).
        new("choice tied at the top", Decide, Choice, 0.3m, 100, [(0, 35), (1, 35)], 31, ItemOutcome.Failed, null),
        // Give opinions: a summary, the leading choice reported, nothing passes.
        new("give opinions is a summary", ConsultationKind.GiveOpinions, Approve, 0.5m, 120, [(0, 90), (1, 5)], 61, ItemOutcome.Summary, 0),
        // Another policy, two thirds: 0.6667 × 120 = 80.004 → 81; 80 agree fails.
        new("a policy of two thirds", Decide, Approve, 0.6667m, 120, [(0, 80)], 81, ItemOutcome.Failed, 0),
        // Register changed after opening: 130 households now, 120 frozen — the frozen 120 is the denominator, 61 passes.
        new("a register grown after opening uses the frozen 120", Decide, Approve, 0.5m, 120, [(0, 61)], 61, ItemOutcome.Passed, 0),
    };

    [Theory]
    [MemberData(nameof(Items))]
    public void Each_item_is_decided_against_more_than_the_share_of_all_registered_households(Row row)
    {
        var rule = ConsultationRules.Threshold(row.Share, row.Registered);
        var verdict = ConsultationRules.Decide(row.Kind, row.ItemKind, row.Counts.ToDictionary(c => c.Choice, c => c.Count), rule);

        Assert.Equal(row.Threshold, rule.Threshold);
        Assert.Equal(row.Outcome, verdict.Outcome);
        Assert.Equal(row.Decisive, verdict.DecisiveChoice);
        Assert.Equal(row.Counts.Sum(c => c.Count), verdict.Answered);
    }

    public static TheoryData<int, int, int, bool> Quorums => new()
    {
        // registered, present, threshold, valid
        { 120, 55, 61, false }, // the acceptance's meeting: 55 of 120 is not more than half
        { 120, 60, 61, false }, // exactly half
        { 120, 61, 61, true },
        { 121, 61, 61, true },
        { 3, 2, 2, true },
    };

    [Theory]
    [MemberData(nameof(Quorums))]
    public void The_meeting_is_valid_with_more_than_half_of_the_households_represented(int registered, int present, int threshold, bool valid)
    {
        var quorum = ConsultationRules.Quorum(0.5m, registered, present);
        Assert.Equal((threshold, valid), (quorum.Rule.Threshold, quorum.Valid));
    }

    [Fact]
    public void An_empty_register_has_no_majority()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsultationRules.Threshold(0.5m, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsultationRules.Threshold(1m, 10));
    }
}
