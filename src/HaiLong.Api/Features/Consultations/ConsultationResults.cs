using System.ComponentModel;

namespace HaiLong.Api.Features.Consultations;

public sealed record ChoiceCount(
    [property: Description("0 agree, 1 disagree (approve items) or the option's index (choice items); -1 abstain")] short Choice,
    [property: Description("The option's text for a choice item")] string? Option,
    int Meeting, int Paper, int Online, int Total);

public sealed record ItemResult(
    long ItemId, int Position, string Title, ConsultationItemKind Kind, bool Secret,
    [property: Description("Counts per choice and channel; every choice of the item is listed, zeros included")] IReadOnlyList<ChoiceCount> Counts,
    [property: Description("Households that answered the item, abstentions included")] int Answered,
    ItemOutcome Outcome,
    [property: Description("The choice the outcome was decided on: agree, or the leading option (none when options tie)")] short? DecisiveChoice,
    int DecisiveCount, int Threshold);

public sealed record ChannelTurnout(VoteChannel Channel, int Households);

public sealed record ConsultationResultsView(
    long ConsultationId, ConsultationKind Kind, ConsultationStatus Status, int PolicyVersion,
    [property: Description("The register frozen at opening: the denominator of every threshold")] int RegisteredHouseholds,
    [property: Description("Households that voted in any channel (one household, one vote)")] int ParticipatingHouseholds,
    IReadOnlyList<ChannelTurnout> Turnout,
    [property: Description("Households marked present at the meeting")] int MeetingPresent,
    int MeetingQuorumThreshold, bool MeetingQuorate, decimal MeetingQuorumShare,
    decimal DecisionShare, int DecisionThreshold,
    IReadOnlyList<ItemResult> Items);

/// <summary>
/// A consultation's result at any moment (issue 19, point 5): the tallies plus the ballots not yet folded into them, per item,
/// choice and channel; the participating households from the roll (THAT they voted, by channel); the meeting's presence; and
/// each item's outcome by <see cref="ConsultationRules"/> over the register frozen at opening, under the consultation's policy.
/// </summary>
public static class ConsultationResults
{
    public static readonly IReadOnlyList<VoteChannel> Channels = [VoteChannel.Meeting, VoteChannel.Paper, VoteChannel.Online];

    /// <summary>The result of an opened consultation (its items loaded); a draft has none.</summary>
    public static async Task<ConsultationResultsView> ComputeAsync(HaiLongDbContext db, Consultation c, CancellationToken ct)
    {
        if (c.RegisteredHouseholds is not { } registered) throw new InvalidOperationException($"Consultation {c.Id} was never opened.");
        var policy = await db.ConsultationPolicies.AsNoTracking().SingleAsync(p => p.Version == c.PolicyVersion, ct);
        var tallies = await db.ConsultationTallies.AsNoTracking().Where(t => t.ConsultationId == c.Id)
            .Select(t => new { t.ItemId, t.Choice, t.Channel, t.Count }).ToListAsync(ct);
        var ballots = await db.ConsultationBallots.AsNoTracking().Where(b => b.ConsultationId == c.Id)
            .GroupBy(b => new { b.ItemId, b.Choice, b.Channel })
            .Select(g => new { g.Key.ItemId, g.Key.Choice, g.Key.Channel, Count = g.Count() }).ToListAsync(ct);
        var counts = tallies.Concat(ballots).GroupBy(x => (x.ItemId, x.Choice, x.Channel)).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var turnout = await db.ConsultationRoll.AsNoTracking().Where(r => r.ConsultationId == c.Id && r.VotedChannel != null)
            .GroupBy(r => r.VotedChannel!.Value).Select(g => new { Channel = g.Key, Count = g.Count() }).ToListAsync(ct);
        var byChannel = Channels.Select(ch => new ChannelTurnout(ch, turnout.Where(t => t.Channel == ch).Sum(t => t.Count))).ToList();
        var present = byChannel.Single(t => t.Channel == VoteChannel.Meeting).Households;

        var decision = ConsultationRules.Threshold(policy.DecisionShare, registered);
        var quorum = ConsultationRules.Quorum(policy.MeetingQuorumShare, registered, present);
        var items = c.Items.OrderBy(i => i.Position).Select(item =>
        {
            short[] choices = item.Kind == ConsultationItemKind.Approve
                ? [ConsultationChoices.Agree, ConsultationChoices.Disagree, ConsultationChoices.Abstain]
                : [.. Enumerable.Range(0, item.Options.Count).Select(i => (short)i), ConsultationChoices.Abstain];
            var rows = choices.Select(choice =>
            {
                var per = Channels.Select(ch => counts.GetValueOrDefault((item.Id, choice, ch))).ToArray();
                var option = item.Kind == ConsultationItemKind.Choice && choice >= 0 ? item.Options[choice] : null;
                return new ChoiceCount(choice, option, per[0], per[1], per[2], per.Sum());
            }).ToList();
            var verdict = ConsultationRules.Decide(c.Kind, item.Kind, rows.ToDictionary(r => r.Choice, r => r.Total), decision);
            return new ItemResult(item.Id, item.Position, item.Title, item.Kind, item.Secret, rows, verdict.Answered, verdict.Outcome,
                verdict.DecisiveChoice, verdict.DecisiveCount, decision.Threshold);
        }).ToList();
        return new ConsultationResultsView(c.Id, c.Kind, c.Status, c.PolicyVersion, registered, byChannel.Sum(t => t.Households), byChannel,
            present, quorum.Rule.Threshold, quorum.Valid, policy.MeetingQuorumShare, policy.DecisionShare, decision.Threshold, items);
    }
}
