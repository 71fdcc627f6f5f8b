using Npgsql;

namespace HaiLong.Api.Features.Consultations;

/// <summary>What a keying did to its slip.</summary>
public sealed record PaperKeyingResult(string HouseholdCode, PaperKeyingState State);

/// <summary>A slip keyed but not counted: waiting for its second keying, or disputed (the two differ).</summary>
public sealed record PendingSlip(string HouseholdCode, string RepresentativeName, PaperKeyingState State, string FirstKeyedBy,
    string? SecondKeyedBy, DateTimeOffset FirstKeyedAt);

/// <summary>
/// Double entry of the paper household ballots (issue 19, point 3): a returned slip is keyed by its code and its choices; the
/// first keying waits, a second keying by a different person that matches counts it (a vote in the Paper channel through
/// <see cref="VotingCore"/>, in the same transaction as erasing both keyed choices), one that differs makes the slip disputed,
/// and a third person resolves it by keying the slip as read. The keying row is locked for the decision, so two people keying
/// one slip at once are taken one after the other.
/// </summary>
public sealed class PaperKeyings(HaiLongDbContext db, TimeProvider clock)
{
    public async Task<(PaperKeyingResult? Done, VotingProblem? Problem)> KeyAsync(Consultation consultation, string? code,
        IReadOnlyDictionary<long, short> choices, Guid user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (VotingCore.ChannelRefusal(consultation, VoteChannel.Paper, now) is { } refusal)
        {
            return (null, VotingProblem.Of(refusal, VoteChannel.Paper, null));
        }
        if (await VotingCore.FindBySlipCodeAsync(db, consultation.Id, code, ct) is not { } entry)
        {
            return (null, new VotingProblem(StatusCodes.Status404NotFound, "UnknownSlip", "No slip of this consultation has that code."));
        }
        if (VotingCore.CheckChoices(consultation.Items, choices).Count > 0)
        {
            return (null, VotingProblem.Of(VoteRefusal.InvalidChoices, VoteChannel.Paper, null));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var keying = (await db.PaperBallotKeyings
            .FromSql($"SELECT * FROM paper_ballot_keyings WHERE roll_entry_id = {entry.Id} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
        var voted = await db.ConsultationRoll.Where(r => r.Id == entry.Id).Select(r => r.VotedChannel).SingleAsync(ct);
        if (voted is { } existing)
        {
            if (existing == VoteChannel.Paper) return (null, VotingProblem.Of(VoteRefusal.AlreadyVoted, VoteChannel.Paper, existing));
            db.ConsultationConflicts.Add(new ConsultationConflict
            {
                ConsultationId = consultation.Id, RollEntryId = entry.Id, ExistingChannel = existing, AttemptedChannel = VoteChannel.Paper,
                At = now, By = user,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (null, VotingProblem.Of(VoteRefusal.OtherChannel, VoteChannel.Paper, existing));
        }
        var keyed = VotingCore.Serialize(choices);
        if (keying is null)
        {
            db.PaperBallotKeyings.Add(new PaperBallotKeying
            {
                ConsultationId = consultation.Id, RollEntryId = entry.Id, State = PaperKeyingState.AwaitingSecond, FirstChoices = keyed,
                FirstKeyedBy = user, FirstKeyedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return (null, new VotingProblem(StatusCodes.Status409Conflict, "KeyedAtOnce",
                    "Someone keyed this slip at the same moment; key it again to see where it stands."));
            }
            await tx.CommitAsync(ct);
            return (new PaperKeyingResult(entry.HouseholdCode, PaperKeyingState.AwaitingSecond), null);
        }
        switch (keying.State)
        {
            case PaperKeyingState.AwaitingSecond when keying.FirstKeyedBy == user:
                return (null, new VotingProblem(StatusCodes.Status409Conflict, "SameKeyer",
                    "You keyed this slip first: the second keying must be someone else's."));
            case PaperKeyingState.AwaitingSecond when !VotingCore.SameChoices(VotingCore.Deserialize(keying.FirstChoices), choices):
                keying.State = PaperKeyingState.Disputed;
                keying.SecondChoices = keyed;
                keying.SecondKeyedBy = user;
                keying.SecondKeyedAt = now;
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return (new PaperKeyingResult(entry.HouseholdCode, PaperKeyingState.Disputed), null);
            case PaperKeyingState.AwaitingSecond:
                break;
            case PaperKeyingState.Disputed when keying.FirstKeyedBy == user || keying.SecondKeyedBy == user:
                return (null, new VotingProblem(StatusCodes.Status409Conflict, "ResolverMustDiffer",
                    "The slip is disputed between your keying and another's: a third person resolves it."));
            case PaperKeyingState.Disputed:
                break;
            default:
                return (null, VotingProblem.Of(VoteRefusal.AlreadyVoted, VoteChannel.Paper, VoteChannel.Paper));
        }
        var outcome = await VotingCore.CastAsync(db, consultation, entry.Id, VoteChannel.Paper, choices, now, user, ct);
        if (!outcome.IsTaken)
        {
            // A conflict written by the cast stays; the keying is left as it was.
            await tx.CommitAsync(ct);
            return (null, VotingProblem.Of(outcome.Refusal!.Value, VoteChannel.Paper, outcome.ExistingChannel));
        }
        if (keying.State == PaperKeyingState.Disputed)
        {
            keying.ResolvedBy = user;
            keying.ResolvedAt = now;
        }
        else
        {
            keying.SecondKeyedBy = user;
            keying.SecondKeyedAt = now;
        }
        // Counted: what was keyed is erased, so the keying no longer says what the household chose.
        keying.State = PaperKeyingState.Counted;
        keying.FirstChoices = null;
        keying.SecondChoices = null;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (new PaperKeyingResult(entry.HouseholdCode, PaperKeyingState.Counted), null);
    }

    /// <summary>Slips keyed once or disputed, for the staff who key the next ones; never the keyed choices.</summary>
    public async Task<List<PendingSlip>> PendingAsync(long consultationId, CancellationToken ct)
    {
        var rows = await (from k in db.PaperBallotKeyings.AsNoTracking()
                          join r in db.ConsultationRoll on k.RollEntryId equals r.Id
                          where k.ConsultationId == consultationId && k.State != PaperKeyingState.Counted
                          orderby k.State descending, r.HouseholdCode
                          select new { r.HouseholdCode, r.RepresentativeName, k.State, k.FirstKeyedBy, k.SecondKeyedBy, k.FirstKeyedAt })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.FirstKeyedBy).Concat(rows.Where(r => r.SecondKeyedBy != null).Select(r => r.SecondKeyedBy!.Value))
            .Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return [.. rows.Select(r => new PendingSlip(r.HouseholdCode, r.RepresentativeName, r.State, names.GetValueOrDefault(r.FirstKeyedBy, ""),
            r.SecondKeyedBy is { } s ? names.GetValueOrDefault(s, "") : null, r.FirstKeyedAt))];
    }
}
