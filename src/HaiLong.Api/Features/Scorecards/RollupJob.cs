using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HaiLong.Api.Features.Scorecards;

/// <summary>What one batch took from pending_rollups and how many rollup rows it touched.</summary>
public readonly record struct FoldResult(int Responses, int RollupRows);

/// <summary>
/// Folds newly submitted responses into the rollups. The submission inserts each response's id into pending_rollups in its
/// own transaction; a batch takes ids with DELETE … (FOR UPDATE SKIP LOCKED) RETURNING and upserts the rollups in the same
/// statement, so a crash rolls back both, two runs never take the same ids, and a response whose transaction commits late is
/// simply taken by a later batch (there is no watermark to skip past it).
/// </summary>
public sealed class RollupJob(NpgsqlDataSource dataSource, IOptions<ScorePolicy> policy, TimeProvider clock, ILogger<RollupJob> logger)
{
    public const string RecurringId = "scorecards:rollups";
    public const int DefaultBatchSize = 500;
    public const int MaxBatchSize = 100_000;

    // An upsert adds the batch's statistics to the stored ones.
    private const string Accumulate = """
        count = r.count + excluded.count, sum = r.sum + excluded.sum, sum_squares = r.sum_squares + excluded.sum_squares,
        score1 = r.score1 + excluded.score1, score2 = r.score2 + excluded.score2, score3 = r.score3 + excluded.score3,
        score4 = r.score4 + excluded.score4, score5 = r.score5 + excluded.score5
        """;

    // One statement per batch. Every subject × period × criterion of the taken responses is grouped once and upserted in
    // key order (likewise each unit × procedure × period × criterion into procedure_rollups), so two concurrent batches
    // lock shared rollup rows (a province, a year) in the same order and cannot deadlock.
    internal static readonly string FoldSql = $"""
        WITH batch AS MATERIALIZED (
            -- Materialized: inside "IN (subquery)" PostgreSQL may evaluate a LIMIT … SKIP LOCKED subquery more than once
            -- (a nested-loop plan, chosen or not by the statistics of the moment), each time skipping the rows it has
            -- just locked, and take several batches at once.
            SELECT q.response_id FROM pending_rollups q ORDER BY q.response_id LIMIT @batch FOR UPDATE SKIP LOCKED
        ),
        taken AS (
            DELETE FROM pending_rollups p USING batch b
            WHERE p.response_id = b.response_id
            RETURNING p.response_id
        ),
        facts AS (
            {RollupSql.Facts}
            JOIN taken t ON t.response_id = r.id
        ),
        {RollupSql.SubjectPeriods},
        {Upsert("upserted", "rollups", RollupSql.RollupKey, "periods")},
        {RollupSql.ProcedurePeriods},
        {Upsert("procedures_upserted", "procedure_rollups", RollupSql.ProcedureRollupKey, "procedure_periods")}
        SELECT (SELECT count(*) FROM taken)::int, ((SELECT count(*) FROM upserted) + (SELECT count(*) FROM procedures_upserted))::int
        """;

    /// <summary>A statement of the fold's WITH: the batch's aggregates of <paramref name="source"/> grouped by
    /// <paramref name="key"/> and added to <paramref name="table"/>, in key order.</summary>
    private static string Upsert(string name, string table, string key, string source) => $"""
        {name} AS (
            INSERT INTO {table} AS r ({key}, {RollupSql.StatColumns})
            SELECT {key}, {RollupSql.Aggregates}
            FROM {source}
            GROUP BY {key}
            ORDER BY {key}
            ON CONFLICT ({key}) DO UPDATE SET {Accumulate}
            RETURNING 1
        )
        """;

    // An official whose monthly overall satisfaction is under the threshold with enough answers; the dedup key makes a
    // re-run (every minute) add nothing new. The unrounded rate is compared and printed to one decimal: 62 of 104 is
    // "59,6%", not a "60%" that reads as not below a 60% threshold (issue 18).
    internal const string AlertSql = $"""
        INSERT INTO review_items (kind, unit_id, subject_kind, subject_id, period_start, summary, dedup_key, created_at)
        SELECT 'LowScoreAlert', ag.unit_id, 'Official', o.id, r.period_start,
               format('Cán bộ %s (%s): tỷ lệ hài lòng tháng %s là %s%% trên %s phiếu, dưới ngưỡng %s%%.',
                      o.full_name, o.staff_code, to_char(r.period_start, 'MM/YYYY'),
                      replace(round(100.0 * {RollupSql.SatisfiedOfR} / r.count, 1)::text, '.', ','), r.count, round(100.0 * @threshold)),
               format('alert:Official:%s:%s', o.id, to_char(r.period_start, 'YYYY-MM')),
               @now
        FROM rollups r
        JOIN officials o ON o.id = r.subject_id
        JOIN agencies ag ON ag.id = o.agency_id
        WHERE r.subject_kind = 'Official' AND r.period_kind = 'Month' AND r.criterion = @criterion
          AND r.period_start >= @since
          AND r.count >= @minimum AND {RollupSql.SatisfiedOfR}::float8 / r.count < @threshold
        ON CONFLICT (dedup_key) DO NOTHING
        """;

    /// <summary>Folds everything pending, batch after batch, then records low-score alerts. Safe to run concurrently.</summary>
    // No distributed lock on purpose: SKIP LOCKED lets two servers' runs share the pending rows without harm.
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct) => await RunAsync(DefaultBatchSize, ct, growWithBacklog: true);

    /// <summary>
    /// Every batch rewrites the month, quarter and year rows its responses touch, so a backlog folded 500 at a time rewrites
    /// the same rows hundreds of times (BENCHMARKS.md §5: 1.7 ms a response at 500, 1.0 at 20,000, 0.6 at 100,000). A full
    /// batch means a backlog, so the next one is bigger; a quiet queue stays at small, short transactions. A batch of 100,000
    /// holds its transaction about a minute: only another fold waits on its rollup rows, submissions and reads do not.
    /// </summary>
    public async Task<int> RunAsync(int batchSize, CancellationToken ct, bool growWithBacklog = false)
    {
        var total = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var result = await FoldBatchWithRetryAsync(batchSize, ct);
            total += result.Responses;
            if (result.Responses < batchSize) break;
            if (growWithBacklog) batchSize = Math.Min(batchSize * 4, MaxBatchSize);
        }
        if (total > 0) logger.LogInformation("Folded {Responses} responses into rollups", total);
        await RecordAlertsAsync(ct);
        return total;
    }

    /// <summary>One batch in its own transaction.</summary>
    public async Task<FoldResult> FoldBatchAsync(int batchSize, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var result = await FoldBatchAsync(conn, tx, batchSize, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>One batch inside the caller's transaction: nothing is taken unless the caller commits.</summary>
    public static async Task<FoldResult> FoldBatchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int batchSize, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(FoldSql, conn, tx);
        cmd.Parameters.AddWithValue("batch", batchSize);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new FoldResult(reader.GetInt32(0), reader.GetInt32(1));
    }

    public async Task<int> RecordAlertsAsync(CancellationToken ct)
    {
        var p = policy.Value;
        // Last month too: a month's last responses may be folded just after it ends.
        var since = Period.Containing(HaiLong.Data.Entities.PeriodKind.Month, Period.LocalToday(clock)).Previous().Start;
        await using var cmd = dataSource.CreateCommand(AlertSql);
        cmd.Parameters.AddWithValue("threshold", p.AlertBelow);
        cmd.Parameters.AddWithValue("minimum", (long)p.MinimumToShow);
        cmd.Parameters.AddWithValue("criterion", HaiLong.Data.Entities.Criteria.Overall);
        cmd.Parameters.AddWithValue("since", since);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<FoldResult> FoldBatchWithRetryAsync(int batchSize, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await FoldBatchAsync(batchSize, ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < 5)
            {
                // The transaction rolled back whole: its ids are pending again, so retrying loses and doubles nothing.
                logger.LogWarning(e, "Rollup batch rolled back ({SqlState}); retrying", e.SqlState);
            }
        }
    }
}

/// <summary>Registers the rollup job (every minute) and the nightly reconciliation with explicit ids.</summary>
internal sealed class ScorecardJobs : IRecurringJobSource
{
    public void Register(IRecurringJobManager jobs)
    {
        jobs.AddOrUpdate<RollupJob>(RollupJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        // 02:30 in Vietnam (UTC+7, no daylight saving), written in UTC so no node depends on its time-zone database.
        jobs.AddOrUpdate<ReconciliationJob>(ReconciliationJob.RecurringId, j => j.RunAsync(CancellationToken.None), "30 19 * * *",
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }
}
