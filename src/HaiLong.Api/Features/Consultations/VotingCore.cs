using System.Text.Json;
using HaiLong.Api.Features.Invitations;

namespace HaiLong.Api.Features.Consultations;

/// <summary>Why a vote was not taken. Every surface (API, staff pages, the citizen ballot) says it in its own words.</summary>
public enum VoteRefusal
{
    /// <summary>The consultation is not open (a draft, closed or certified).</summary>
    NotOpen,
    /// <summary>The consultation does not use this channel (no meeting, no paper ballots, no online window).</summary>
    ChannelNotUsed,
    /// <summary>Online voting outside [OnlineOpensAt, OnlineClosesAt): not yet open.</summary>
    NotYetOpen,
    /// <summary>Online voting outside [OnlineOpensAt, OnlineClosesAt): already over.</summary>
    WindowOver,
    /// <summary>The household already voted in this very channel.</summary>
    AlreadyVoted,
    /// <summary>The household already voted in another channel: a <see cref="ConsultationConflict"/> is written.</summary>
    OtherChannel,
    /// <summary>The choices do not answer the items (an item unanswered, an unknown item, a choice out of range).</summary>
    InvalidChoices,
}

/// <summary>A vote's outcome: taken (<see cref="Refusal"/> null) or refused, with the channel the household already used.</summary>
public sealed record VoteOutcome(VoteRefusal? Refusal, VoteChannel? ExistingChannel = null)
{
    public static readonly VoteOutcome Taken = new((VoteRefusal?)null);
    public bool IsTaken => Refusal is null;
}

/// <summary>
/// The one home of "one household, one vote" (issue 19, point 3). A vote in any channel is one transaction: the roll entry's
/// <c>voted_channel</c> is set by a single UPDATE guarded by <c>voted_channel IS NULL</c> — PostgreSQL's row lock makes every
/// concurrent attempt but one find nothing to update — and, in the same transaction, the ballot rows (WHAT was chosen: no
/// household, no roll entry, no time, a random key) are inserted. An attempt from another channel on an entry that already
/// voted writes a <see cref="ConsultationConflict"/> for the hamlet head and is refused; nothing is ever counted twice.
/// The consultation row is read <c>FOR SHARE</c> first, so closing (an UPDATE of that row) waits for votes in flight and no
/// vote lands after the close.
/// </summary>
public static class VotingCore
{
    /// <summary>Whether the consultation takes votes in <paramref name="channel"/> at <paramref name="now"/>; null when it does.</summary>
    public static VoteRefusal? ChannelRefusal(Consultation consultation, VoteChannel channel, DateTimeOffset now)
    {
        if (consultation.Status != ConsultationStatus.Open) return VoteRefusal.NotOpen;
        return channel switch
        {
            VoteChannel.Meeting when consultation.MeetingAt is null => VoteRefusal.ChannelNotUsed,
            VoteChannel.Paper when !consultation.PaperBallots => VoteRefusal.ChannelNotUsed,
            VoteChannel.Online when consultation.OnlineOpensAt is null || consultation.OnlineClosesAt is null => VoteRefusal.ChannelNotUsed,
            VoteChannel.Online when now < consultation.OnlineOpensAt => VoteRefusal.NotYetOpen,
            VoteChannel.Online when now >= consultation.OnlineClosesAt => VoteRefusal.WindowOver,
            _ => null,
        };
    }

    /// <summary>
    /// What is wrong with a household's choices, by item id (an empty map when nothing is): every item answered — agree,
    /// disagree or abstain for an approve item, an option's index or abstain for a choice item — and no other item.
    /// </summary>
    public static Dictionary<long, ChoiceError> CheckChoices(IReadOnlyList<ConsultationItem> items, IReadOnlyDictionary<long, short> choices)
    {
        var errors = new Dictionary<long, ChoiceError>();
        foreach (var item in items)
        {
            if (!choices.TryGetValue(item.Id, out var choice)) errors[item.Id] = ChoiceError.Missing;
            else if (!IsValid(item, choice)) errors[item.Id] = ChoiceError.OutOfRange;
        }
        foreach (var unknown in choices.Keys.Where(k => items.All(i => i.Id != k))) errors[unknown] = ChoiceError.UnknownItem;
        return errors;
    }

    public static bool IsValid(ConsultationItem item, short choice) => choice == ConsultationChoices.Abstain || item.Kind switch
    {
        ConsultationItemKind.Approve => choice is ConsultationChoices.Agree or ConsultationChoices.Disagree,
        _ => choice >= 0 && choice < item.Options.Count,
    };

    /// <summary>
    /// Casts the vote of roll entry <paramref name="rollEntryId"/> in <paramref name="channel"/>: with its choices (paper,
    /// online) or none (a meeting attendance mark: the meeting's hands are counted per item by the secretary, never per
    /// household). Joins the caller's transaction when there is one (paper keying erases its choices in the same one), else
    /// runs in its own. <paramref name="by"/> is the staff member acting, written on a conflict.
    /// </summary>
    public static async Task<VoteOutcome> CastAsync(HaiLongDbContext db, Consultation consultation, long rollEntryId, VoteChannel channel,
        IReadOnlyDictionary<long, short>? choices, DateTimeOffset now, Guid? by, CancellationToken ct)
    {
        if (ChannelRefusal(consultation, channel, now) is { } closed) return new VoteOutcome(closed);
        if (choices is not null && CheckChoices(consultation.Items, choices).Count > 0) return new VoteOutcome(VoteRefusal.InvalidChoices);

        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        var status = (await db.Database.SqlQuery<int>($"""
            SELECT status AS "Value" FROM consultations WHERE id = {consultation.Id} FOR SHARE
            """).ToListAsync(ct)).Single();
        if (status != (int)ConsultationStatus.Open) return new VoteOutcome(VoteRefusal.NotOpen);

        var day = VietnamTime.DateOf(now);
        var marked = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE consultation_roll SET voted_channel = {(int)channel}, voted_on = {day}
            WHERE id = {rollEntryId} AND consultation_id = {consultation.Id} AND voted_channel IS NULL
            """, ct);
        if (marked == 0)
        {
            var existing = await db.ConsultationRoll.Where(r => r.Id == rollEntryId && r.ConsultationId == consultation.Id)
                .Select(r => r.VotedChannel).SingleAsync(ct);
            if (existing == channel)
            {
                return new VoteOutcome(VoteRefusal.AlreadyVoted, existing);
            }
            db.ConsultationConflicts.Add(new ConsultationConflict
            {
                ConsultationId = consultation.Id, RollEntryId = rollEntryId, ExistingChannel = existing!.Value, AttemptedChannel = channel,
                At = now, By = by,
            });
            await db.SaveChangesAsync(ct);
            if (tx is not null) await tx.CommitAsync(ct);
            return new VoteOutcome(VoteRefusal.OtherChannel, existing);
        }
        if (choices is { Count: > 0 })
        {
            // One statement for the household's ballot rows; their order is the items', never the voters'.
            var itemIds = choices.Keys.Order().ToArray();
            var picked = itemIds.Select(i => choices[i]).ToArray();
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO consultation_ballots (consultation_id, item_id, choice, channel)
                SELECT {consultation.Id}, t.item_id, t.choice, {(int)channel}
                FROM unnest({itemIds}::bigint[], {picked}::smallint[]) AS t(item_id, choice)
                """, ct);
        }
        if (tx is not null) await tx.CommitAsync(ct);
        return VoteOutcome.Taken;
    }

    /// <summary>Choices as keyed and stored on a paper keying (jsonb: item id → choice).</summary>
    public static string Serialize(IReadOnlyDictionary<long, short> choices) =>
        JsonSerializer.Serialize(choices.OrderBy(c => c.Key).ToDictionary(c => c.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c => c.Value));

    public static Dictionary<long, short> Deserialize(string? json) => json is null ? []
        : JsonSerializer.Deserialize<Dictionary<string, short>>(json)!
            .ToDictionary(c => long.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture), c => c.Value);

    public static bool SameChoices(IReadOnlyDictionary<long, short> a, IReadOnlyDictionary<long, short> b) =>
        a.Count == b.Count && a.All(c => b.TryGetValue(c.Key, out var v) && v == c.Value);

    /// <summary>The roll entry a slip code belongs to in this consultation (typed forgivingly), or null.</summary>
    public static async Task<ConsultationRollEntry?> FindBySlipCodeAsync(HaiLongDbContext db, long consultationId, string? typed,
        CancellationToken ct)
    {
        if (ShortCodes.Normalize(typed) is not { } code) return null;
        var hash = HouseholdBallotCodes.Hash(code);
        return await db.ConsultationRoll.AsNoTracking().SingleOrDefaultAsync(r => r.BallotCodeHash == hash && r.ConsultationId == consultationId, ct);
    }
}

public enum ChoiceError
{
    Missing,
    OutOfRange,
    UnknownItem,
}
