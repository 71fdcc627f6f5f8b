namespace HaiLong.Api.Features.Consultations;

/// <summary>A household the secretary could not mark present: it already voted in another channel.</summary>
public sealed record AttendanceConflict(string HouseholdCode, string RepresentativeName, VoteChannel ExistingChannel);

/// <summary>What marking a batch of households present did.</summary>
public sealed record MeetingAttendance(IReadOnlyList<string> Marked, IReadOnlyList<string> AlreadyPresent,
    IReadOnlyList<AttendanceConflict> Conflicts);

/// <summary>The meeting as recorded so far: households present, the minutes' facts, each item's counts (choice → count).</summary>
public sealed record MeetingState(int Present, string? Chair, string? Secretary, string? Notes,
    IReadOnlyDictionary<long, IReadOnlyDictionary<short, int>> Counts);

/// <summary>
/// The meeting of household representatives (issue 19, point 3): the secretary marks households present — each mark is a vote
/// in the Meeting channel through <see cref="VotingCore"/>, so a household that voted on paper or online is refused and listed
/// as a conflict — records the chair, secretary and notes for the minutes, and records each item's counts (a show of hands,
/// or the ballot box of a secret item) as Meeting tallies: never per household, replaced on correction while the consultation
/// is open, and never more than the households present.
/// </summary>
public sealed class MeetingRecords(HaiLongDbContext db, TimeProvider clock)
{
    /// <summary>Households marked in one request: a meeting hall's register page at a time.</summary>
    public const int MaxBatch = 500;

    public async Task<(MeetingAttendance? Done, VotingProblem? Problem)> MarkPresentAsync(Consultation consultation,
        IReadOnlyList<string> householdCodes, Guid? by, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (VotingCore.ChannelRefusal(consultation, VoteChannel.Meeting, now) is { } refusal)
        {
            return (null, VotingProblem.Of(refusal, VoteChannel.Meeting, null));
        }
        var codes = householdCodes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (codes.Count == 0)
        {
            return (null, new VotingProblem(StatusCodes.Status422UnprocessableEntity, "NoneChosen", "Choose at least one household."));
        }
        var upper = codes.Select(c => c.ToUpperInvariant()).ToList();
        var entries = await db.ConsultationRoll.AsNoTracking()
            .Where(r => r.ConsultationId == consultation.Id && upper.Contains(r.HouseholdCode.ToUpper()))
            .Select(r => new { r.Id, r.HouseholdCode, r.RepresentativeName }).ToListAsync(ct);
        var unknown = codes.Where(c => !entries.Any(e => e.HouseholdCode.Equals(c, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            var list = string.Join(", ", unknown.Take(20));
            return (null, new VotingProblem(StatusCodes.Status422UnprocessableEntity, "UnknownHouseholds",
                $"Not in this consultation's register: {list}.", list));
        }
        var marked = new List<string>();
        var already = new List<string>();
        var conflicts = new List<AttendanceConflict>();
        foreach (var entry in entries.OrderBy(e => e.HouseholdCode))
        {
            var outcome = await VotingCore.CastAsync(db, consultation, entry.Id, VoteChannel.Meeting, null, now, by, ct);
            switch (outcome.Refusal)
            {
                case null: marked.Add(entry.HouseholdCode); break;
                case VoteRefusal.AlreadyVoted: already.Add(entry.HouseholdCode); break;
                case VoteRefusal.OtherChannel:
                    conflicts.Add(new AttendanceConflict(entry.HouseholdCode, entry.RepresentativeName, outcome.ExistingChannel!.Value));
                    break;
                // Closed while the batch was being marked: what was marked before the close stands.
                default: return (null, VotingProblem.Of(outcome.Refusal.Value, VoteChannel.Meeting, null));
            }
        }
        return (new MeetingAttendance(marked, already, conflicts), null);
    }

    /// <summary>The chair, the secretary and the notes of the meeting's minutes: while open or closed, not once certified.</summary>
    public async Task<VotingProblem?> SaveMinutesAsync(Consultation consultation, string? chair, string? secretary, string? notes,
        CancellationToken ct)
    {
        if (consultation.Status is not (ConsultationStatus.Open or ConsultationStatus.Closed))
        {
            return VotingProblem.Of(VoteRefusal.NotOpen, VoteChannel.Meeting, null);
        }
        if (consultation.MeetingAt is null) return VotingProblem.Of(VoteRefusal.ChannelNotUsed, VoteChannel.Meeting, null);
        consultation.MeetingChair = Blank(chair);
        consultation.MeetingSecretary = Blank(secretary);
        consultation.MeetingNotes = Blank(notes);
        await db.SaveChangesAsync(ct);
        return null;

        static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    /// <summary>One item's counts at the meeting, replacing what was recorded before (a correction) in one transaction.</summary>
    public async Task<VotingProblem?> SaveCountsAsync(Consultation consultation, long itemId, IReadOnlyDictionary<short, int> counts,
        CancellationToken ct)
    {
        if (consultation.Items.FirstOrDefault(i => i.Id == itemId) is not { } item)
        {
            return new VotingProblem(StatusCodes.Status404NotFound, "NoItem", $"No item {itemId} in consultation {consultation.Id}.");
        }
        if (VotingCore.ChannelRefusal(consultation, VoteChannel.Meeting, clock.GetUtcNow()) is { } refusal)
        {
            return VotingProblem.Of(refusal, VoteChannel.Meeting, null);
        }
        if (counts.Count == 0 || counts.Any(c => !VotingCore.IsValid(item, c.Key) || c.Value < 0))
        {
            return VotingProblem.Of(VoteRefusal.InvalidChoices, VoteChannel.Meeting, null);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var present = await PresentAsync(consultation.Id, ct);
        var total = counts.Values.Sum(c => (long)c);
        if (total > present)
        {
            return new VotingProblem(StatusCodes.Status422UnprocessableEntity, "CountsExceedPresent",
                $"The counts add up to {total}, more than the {present} households present.", total, present);
        }
        await db.ConsultationTallies
            .Where(t => t.ConsultationId == consultation.Id && t.ItemId == itemId && t.Channel == VoteChannel.Meeting)
            .ExecuteDeleteAsync(ct);
        db.ConsultationTallies.AddRange(counts.Select(c => new ConsultationTally
        {
            ConsultationId = consultation.Id, ItemId = itemId, Choice = c.Key, Channel = VoteChannel.Meeting, Count = c.Value,
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    public Task<int> PresentAsync(long consultationId, CancellationToken ct) =>
        db.ConsultationRoll.CountAsync(r => r.ConsultationId == consultationId && r.VotedChannel == VoteChannel.Meeting, ct);

    public async Task<MeetingState> StateAsync(Consultation consultation, CancellationToken ct)
    {
        var tallies = await db.ConsultationTallies.AsNoTracking()
            .Where(t => t.ConsultationId == consultation.Id && t.Channel == VoteChannel.Meeting).ToListAsync(ct);
        var counts = tallies.GroupBy(t => t.ItemId).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<short, int>)g.ToDictionary(t => t.Choice, t => t.Count));
        return new MeetingState(await PresentAsync(consultation.Id, ct), consultation.MeetingChair, consultation.MeetingSecretary,
            consultation.MeetingNotes, counts);
    }
}
