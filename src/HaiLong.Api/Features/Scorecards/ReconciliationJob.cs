using System.Data;
using Npgsql;

namespace HaiLong.Api.Features.Scorecards;

/// <summary>One rollup row that differed from a from-scratch aggregation of the raw responses.</summary>
public sealed record RollupDifference(string SubjectKind, int SubjectId, string PeriodKind, DateOnly PeriodStart, string Criterion,
    long? StoredCount, long? ExpectedCount);

/// <summary>
/// Nightly safety net: recomputes every rollup from the raw responses that are no longer pending, compares, logs every
/// difference and repairs it. Runs in REPEATABLE READ so the recomputation and the rollups are read from one snapshot; a fold
/// committing meanwhile makes the repair fail with a serialization error and Hangfire retries the whole job.
/// </summary>
public sealed class ReconciliationJob(NpgsqlDataSource dataSource, ILogger<ReconciliationJob> logger)
{
    public const string RecurringId = "scorecards:reconciliation";

    private const string ExpectedSql = """
        CREATE TEMP TABLE expected_rollups ON COMMIT DROP AS
        WITH facts AS (
            SELECT r.unit_id, r.agency_id, r.official_id, r.procedure_id,
                   (r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS local_day,
                   a.criterion, a.score::bigint AS score
            FROM responses r
            JOIN response_answers a ON a.response_id = r.id
            WHERE a.score BETWEEN 1 AND 5
              AND NOT EXISTS (SELECT 1 FROM pending_rollups p WHERE p.response_id = r.id)
        ),
        subjects AS (
            SELECT 'Official' AS kind, f.official_id AS id, f.local_day, f.criterion, f.score FROM facts f WHERE f.official_id IS NOT NULL
            UNION ALL
            SELECT 'Agency', f.agency_id, f.local_day, f.criterion, f.score FROM facts f WHERE f.agency_id IS NOT NULL
            UNION ALL
            SELECT 'Procedure', f.procedure_id, f.local_day, f.criterion, f.score FROM facts f WHERE f.procedure_id IS NOT NULL
            UNION ALL
            SELECT 'Unit', ancestor.id::int, f.local_day, f.criterion, f.score
            FROM facts f
            JOIN units u ON u.id = f.unit_id
            CROSS JOIN LATERAL unnest(string_to_array(btrim(u.path, '/'), '/')) AS ancestor(id)
        )
        SELECT s.kind::varchar(32) AS subject_kind, s.id AS subject_id, p.kind::varchar(32) AS period_kind, p.start AS period_start,
               s.criterion, count(*) AS count, sum(s.score) AS sum, sum(s.score * s.score) AS sum_squares,
               count(*) FILTER (WHERE s.score = 1) AS score1, count(*) FILTER (WHERE s.score = 2) AS score2,
               count(*) FILTER (WHERE s.score = 3) AS score3, count(*) FILTER (WHERE s.score = 4) AS score4,
               count(*) FILTER (WHERE s.score = 5) AS score5
        FROM subjects s
        CROSS JOIN LATERAL (VALUES
            ('Day', s.local_day),
            ('Month', date_trunc('month', s.local_day)::date),
            ('Quarter', date_trunc('quarter', s.local_day)::date),
            ('Year', date_trunc('year', s.local_day)::date)) AS p(kind, start)
        GROUP BY s.kind, s.id, p.kind, p.start, s.criterion
        """;

    private const string DifferencesSql = """
        SELECT coalesce(e.subject_kind, r.subject_kind), coalesce(e.subject_id, r.subject_id), coalesce(e.period_kind, r.period_kind),
               coalesce(e.period_start, r.period_start), coalesce(e.criterion, r.criterion), r.count, e.count
        FROM expected_rollups e
        FULL JOIN rollups r USING (subject_kind, subject_id, period_kind, period_start, criterion)
        WHERE (e.count, e.sum, e.sum_squares, e.score1, e.score2, e.score3, e.score4, e.score5)
              IS DISTINCT FROM (r.count, r.sum, r.sum_squares, r.score1, r.score2, r.score3, r.score4, r.score5)
          -- A subject that no longer exists in the raw data but has zero counts is no difference.
          AND NOT (e.subject_kind IS NULL AND r.count = 0)
        ORDER BY 1, 2, 3, 4, 5
        """;

    private const string RepairSql = """
        INSERT INTO rollups AS r (subject_kind, subject_id, period_kind, period_start, criterion,
                                  count, sum, sum_squares, score1, score2, score3, score4, score5)
        SELECT subject_kind, subject_id, period_kind, period_start, criterion,
               count, sum, sum_squares, score1, score2, score3, score4, score5
        FROM expected_rollups
        ORDER BY subject_kind, subject_id, period_kind, period_start, criterion
        ON CONFLICT (subject_kind, subject_id, period_kind, period_start, criterion) DO UPDATE SET
            count = excluded.count, sum = excluded.sum, sum_squares = excluded.sum_squares,
            score1 = excluded.score1, score2 = excluded.score2, score3 = excluded.score3,
            score4 = excluded.score4, score5 = excluded.score5
        WHERE (r.count, r.sum, r.sum_squares, r.score1, r.score2, r.score3, r.score4, r.score5)
              IS DISTINCT FROM (excluded.count, excluded.sum, excluded.sum_squares, excluded.score1, excluded.score2,
                                excluded.score3, excluded.score4, excluded.score5);
        DELETE FROM rollups r
        WHERE r.count <> 0 AND NOT EXISTS (
            SELECT 1 FROM expected_rollups e
            WHERE (e.subject_kind, e.subject_id, e.period_kind, e.period_start, e.criterion)
                = (r.subject_kind, r.subject_id, r.period_kind, r.period_start, r.criterion));
        """;

    /// <summary>Compares and repairs; returns the differences it found (and fixed).</summary>
    public async Task<IReadOnlyList<RollupDifference>> RunAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using (var create = new NpgsqlCommand(ExpectedSql, conn, tx)) await create.ExecuteNonQueryAsync(ct);

        var differences = new List<RollupDifference>();
        await using (var diff = new NpgsqlCommand(DifferencesSql, conn, tx))
        await using (var reader = await diff.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                differences.Add(new RollupDifference(reader.GetString(0), reader.GetInt32(1), reader.GetString(2),
                    reader.GetFieldValue<DateOnly>(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
            }
        }
        foreach (var d in differences)
        {
            logger.LogWarning("Rollup differs from the raw responses: {SubjectKind} {SubjectId} {PeriodKind} {PeriodStart} {Criterion}: stored count {Stored}, expected {Expected}",
                d.SubjectKind, d.SubjectId, d.PeriodKind, d.PeriodStart, d.Criterion, d.StoredCount, d.ExpectedCount);
        }
        if (differences.Count > 0)
        {
            await using var repair = new NpgsqlCommand(RepairSql, conn, tx);
            await repair.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Rollup reconciliation: {Count} differences repaired", differences.Count);
        return differences;
    }
}
