using Hangfire;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// Moves cast ballots into the tallies (issue 19, point 4). A ballot row is written in the same transaction that marks its
/// household's roll entry, so until it is folded the two share a transaction id (xmin); folded, its choice is only a count
/// among others and the row is gone. One statement per consultation — DELETE … RETURNING feeding an upsert of the counts — so
/// a fold is all-or-nothing and two folds at once cannot count a ballot twice (the second finds the rows deleted). Run by the
/// recurring job <see cref="VotingFoldJob"/> and by closing a consultation (the lifecycle part calls
/// <see cref="FoldAsync"/> in its transaction). Results read tallies plus unfolded ballots, so they are right at any moment.
/// </summary>
public sealed class VotingFold(HaiLongDbContext db)
{
    /// <summary>Folds every ballot of the consultation; returns how many were folded.</summary>
    public async Task<int> FoldAsync(long consultationId, CancellationToken ct) =>
        // Not composed (ToListAsync): a data-modifying WITH must stay the top-level statement.
        (await db.Database.SqlQuery<int>($"""
            WITH moved AS (
                DELETE FROM consultation_ballots WHERE consultation_id = {consultationId}
                RETURNING item_id, choice, channel),
            counted AS (
                INSERT INTO consultation_tallies (consultation_id, item_id, choice, channel, count)
                SELECT {consultationId}, item_id, choice, channel, count(*) FROM moved GROUP BY item_id, choice, channel
                ON CONFLICT (consultation_id, item_id, choice, channel)
                DO UPDATE SET count = consultation_tallies.count + excluded.count)
            SELECT count(*)::int AS "Value" FROM moved
            """).ToListAsync(ct)).Single();
}

/// <summary>The recurring fold, <c>consultations:ballots</c>: every consultation with ballots waiting, or those given.</summary>
public sealed class VotingFoldJob(HaiLongDbContext db, VotingFold fold)
{
    public const string RecurringId = "consultations:ballots";

    /// <summary>Reentrant: a fold of nothing does nothing, and a fold racing another counts each ballot once.</summary>
    public async Task RunAsync(long[]? consultationIds, CancellationToken ct)
    {
        var ids = consultationIds ?? await db.ConsultationBallots.Select(b => b.ConsultationId).Distinct().ToArrayAsync(ct);
        foreach (var id in ids) await fold.FoldAsync(id, ct);
    }
}

/// <summary>Hourly: ballots wait in batches of an hour's votes, so a fold never moves one household's choices alone.</summary>
internal sealed class VotingFoldJobSource : IRecurringJobSource
{
    public void Register(IRecurringJobManager jobs) =>
        jobs.AddOrUpdate<VotingFoldJob>(VotingFoldJob.RecurringId, j => j.RunAsync(null, CancellationToken.None), "17 * * * *",
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
}
