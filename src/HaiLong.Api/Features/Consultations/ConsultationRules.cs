namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// "More than <see cref="Share"/> of <see cref="Registered"/> households" as a whole number: <see cref="Threshold"/> is the
/// smallest count that is more (0.5 of 120 → 61, of 121 → 61, of 1 → 1). Kept as data so a page can spell the arithmetic out.
/// </summary>
public sealed record ThresholdRule(decimal Share, int Registered, int Threshold)
{
    public bool IsMetBy(int count) => count >= Threshold;
}

/// <summary>The meeting's quorum: households present (marked at the meeting) against the threshold over the frozen register.</summary>
public sealed record QuorumVerdict(int Present, ThresholdRule Rule)
{
    public bool Valid => Rule.IsMetBy(Present);
}

public enum ItemOutcome
{
    /// <summary>A decide item whose agree count (an approve item) or leading option (a choice item) reaches the threshold.</summary>
    Passed,
    /// <summary>A decide item that did not reach the threshold, or a choice item whose leading options are tied.</summary>
    Failed,
    /// <summary>A give-opinions item: the counts are the result; nothing passes or fails.</summary>
    Summary,
}

/// <summary>
/// One item's outcome with the figures it was decided on: the counted choice (agree, or the leading option; null when none
/// leads), its count, the households that answered the item (abstentions included) and the rule.
/// </summary>
public sealed record ItemVerdict(ItemOutcome Outcome, short? DecisiveChoice, int DecisiveCount, int Answered, ThresholdRule Rule);

/// <summary>
/// The one home of the law's arithmetic for hamlet consultations (docs/consultations.md): the threshold "more than a share of
/// all registered households", the meeting's quorum and each item's outcome. Pure: the denominator is always the register
/// frozen at opening (<c>Consultation.RegisteredHouseholds</c>), never the households present or answering, so abstaining
/// or staying away counts the same as disagreeing on a decide item.
/// </summary>
public static class ConsultationRules
{
    /// <summary>
    /// The smallest whole number of households that is MORE than <paramref name="share"/> × <paramref name="registered"/>.
    /// A register of no household has no majority: refused (a consultation cannot open on an empty register).
    /// </summary>
    public static ThresholdRule Threshold(decimal share, int registered)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(registered, 1);
        if (share is < 0m or >= 1m) throw new ArgumentOutOfRangeException(nameof(share), share, "A share is at least 0 and below 1.");
        return new ThresholdRule(share, registered, (int)decimal.Floor(share * registered) + 1);
    }

    /// <summary>The meeting is valid when MORE than the quorum share of the registered households are represented.</summary>
    public static QuorumVerdict Quorum(decimal quorumShare, int registered, int present) =>
        new(present, Threshold(quorumShare, registered));

    /// <summary>
    /// An item's outcome from its counts per choice (all channels summed; <c>ConsultationChoices</c>' codes). A decide approve
    /// item passes when its agree count reaches the threshold; a decide choice item when its leading option (alone at the top)
    /// does. A give-opinions item is a summary: its leading choice is reported, nothing passes or fails.
    /// </summary>
    public static ItemVerdict Decide(ConsultationKind kind, ConsultationItemKind itemKind, IReadOnlyDictionary<short, int> counts,
        ThresholdRule rule)
    {
        var answered = counts.Values.Sum();
        short? decisive;
        int decisiveCount;
        if (itemKind == ConsultationItemKind.Approve)
        {
            decisive = ConsultationChoices.Agree;
            decisiveCount = counts.GetValueOrDefault(ConsultationChoices.Agree);
        }
        else
        {
            var options = counts.Where(c => c.Key >= 0 && c.Value > 0).OrderByDescending(c => c.Value).ToList();
            var alone = options.Count > 0 && (options.Count == 1 || options[1].Value < options[0].Value);
            decisive = alone ? options[0].Key : null;
            decisiveCount = options.Count > 0 ? options[0].Value : 0;
        }
        var outcome = kind == ConsultationKind.GiveOpinions ? ItemOutcome.Summary
            : decisive is not null && rule.IsMetBy(decisiveCount) ? ItemOutcome.Passed
            : ItemOutcome.Failed;
        return new ItemVerdict(outcome, decisive, decisiveCount, answered, rule);
    }
}
