using System.Data;
using Npgsql;

namespace HaiLong.Api.Features.Scorecards;

/// <summary>
/// One rollup row that differed from a from-scratch aggregation of the raw responses. For a procedure_rollups row the
/// subject is the procedure and <see cref="UnitId"/> the unit it was rated in.
/// </summary>
public sealed record RollupDifference(string Table, string SubjectKind, int SubjectId, int? UnitId, string PeriodKind, DateOnly PeriodStart,
    string Criterion, long? StoredCount, long? ExpectedCount);

/// <summary>
/// Nightly safety net: recomputes every rollup from the raw responses that are no longer pending, compares, logs every
/// difference and repairs it. Runs in REPEATABLE READ so the recomputation and the rollups are read from one snapshot; a fold
/// committing meanwhile makes the repair fail with a serialization error and Hangfire retries the whole job.
/// </summary>
public sealed class ReconciliationJob(NpgsqlDataSource dataSource, ILogger<ReconciliationJob> logger)
{
    public const string RecurringId = "scorecards:reconciliation";

    private const string Stats = "count, sum, sum_squares, score1, score2, score3, score4, score5";

    private const string Aggregates = """
        count(*) AS count, sum(score) AS sum, sum(score * score) AS sum_squares,
        count(*) FILTER (WHERE score = 1) AS score1, count(*) FILTER (WHERE score = 2) AS score2,
        count(*) FILTER (WHERE score = 3) AS score3, count(*) FILTER (WHERE score = 4) AS score4,
        count(*) FILTER (WHERE score = 5) AS score5
        """;

    private const string ExpectedSql = $"""
        CREATE TEMP TABLE reconciliation_facts ON COMMIT DROP AS
        SELECT r.unit_id, r.agency_id, r.official_id, r.procedure_id,
               (r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS local_day,
               a.criterion, a.score::bigint AS score
        FROM responses r
        JOIN response_answers a ON a.response_id = r.id
        WHERE a.score BETWEEN 1 AND 5
          AND NOT EXISTS (SELECT 1 FROM pending_rollups p WHERE p.response_id = r.id);

        CREATE TEMP TABLE expected_rollups ON COMMIT DROP AS
        WITH subjects AS (
            SELECT 'Official' AS kind, f.official_id AS id, f.local_day, f.criterion, f.score FROM reconciliation_facts f WHERE f.official_id IS NOT NULL
            UNION ALL
            SELECT 'Agency', f.agency_id, f.local_day, f.criterion, f.score FROM reconciliation_facts f WHERE f.agency_id IS NOT NULL
            UNION ALL
            SELECT 'Procedure', f.procedure_id, f.local_day, f.criterion, f.score FROM reconciliation_facts f WHERE f.procedure_id IS NOT NULL
            UNION ALL
            SELECT 'Unit', ancestor.id::int, f.local_day, f.criterion, f.score
            FROM reconciliation_facts f
            JOIN units u ON u.id = f.unit_id
            CROSS JOIN LATERAL unnest(string_to_array(btrim(u.path, '/'), '/')) AS ancestor(id)
        ),
        periods AS (
            SELECT s.kind::varchar(32) AS subject_kind, s.id AS subject_id, p.kind::varchar(32) AS period_kind, p.start AS period_start,
                   s.criterion, s.score
            FROM subjects s
            CROSS JOIN LATERAL (VALUES
                ('Day', s.local_day),
                ('Month', date_trunc('month', s.local_day)::date),
                ('Quarter', date_trunc('quarter', s.local_day)::date),
                ('Year', date_trunc('year', s.local_day)::date)) AS p(kind, start)
        )
        SELECT subject_kind, subject_id, period_kind, period_start, criterion, {Aggregates}
        FROM periods GROUP BY subject_kind, subject_id, period_kind, period_start, criterion;

        CREATE TEMP TABLE expected_procedure_rollups ON COMMIT DROP AS
        WITH periods AS (
            SELECT ancestor.id::int AS unit_id, f.procedure_id, p.kind::varchar(32) AS period_kind, p.start AS period_start, f.criterion, f.score
            FROM reconciliation_facts f
            JOIN units u ON u.id = f.unit_id
            CROSS JOIN LATERAL unnest(string_to_array(btrim(u.path, '/'), '/')) AS ancestor(id)
            CROSS JOIN LATERAL (VALUES
                ('Month', date_trunc('month', f.local_day)::date),
                ('Quarter', date_trunc('quarter', f.local_day)::date),
                ('Year', date_trunc('year', f.local_day)::date)) AS p(kind, start)
            WHERE f.procedure_id IS NOT NULL
        )
        SELECT unit_id, period_kind, period_start, procedure_id, criterion, {Aggregates}
        FROM periods GROUP BY unit_id, period_kind, period_start, procedure_id, criterion;
        """;

    private sealed record Target(string Table, string Expected, string[] Key, Func<NpgsqlDataReader, (string Kind, int Id, int? Unit)> Subject);

    private static readonly Target[] Targets =
    [
        new("rollups", "expected_rollups", ["subject_kind", "subject_id", "period_kind", "period_start", "criterion"],
            r => (r.GetString(0), r.GetInt32(1), null)),
        new("procedure_rollups", "expected_procedure_rollups", ["unit_id", "procedure_id", "period_kind", "period_start", "criterion"],
            r => ("Procedure", r.GetInt32(1), r.GetInt32(0))),
    ];

    /// <summary>Compares and repairs; returns the differences it found (and fixed).</summary>
    public async Task<IReadOnlyList<RollupDifference>> RunAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using (var create = new NpgsqlCommand(ExpectedSql, conn, tx)) await create.ExecuteNonQueryAsync(ct);

        var differences = new List<RollupDifference>();
        foreach (var target in Targets)
        {
            var found = await DifferencesAsync(conn, tx, target, ct);
            if (found.Count > 0)
            {
                await using var repair = new NpgsqlCommand(RepairSql(target), conn, tx);
                await repair.ExecuteNonQueryAsync(ct);
            }
            differences.AddRange(found);
        }
        foreach (var d in differences)
        {
            logger.LogWarning("{Table} differs from the raw responses: {SubjectKind} {SubjectId} (unit {UnitId}) {PeriodKind} {PeriodStart} {Criterion}: stored count {Stored}, expected {Expected}",
                d.Table, d.SubjectKind, d.SubjectId, d.UnitId, d.PeriodKind, d.PeriodStart, d.Criterion, d.StoredCount, d.ExpectedCount);
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Rollup reconciliation: {Count} differences repaired", differences.Count);
        return differences;
    }

    private static async Task<List<RollupDifference>> DifferencesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Target t, CancellationToken ct)
    {
        var keys = string.Join(", ", t.Key.Select(k => $"coalesce(e.{k}, r.{k})"));
        var sql = $"""
            SELECT {keys}, r.count, e.count
            FROM {t.Expected} e
            FULL JOIN {t.Table} r USING ({string.Join(", ", t.Key)})
            WHERE ({string.Join(", ", Stats.Split(", ").Select(c => "e." + c))}) IS DISTINCT FROM ({string.Join(", ", Stats.Split(", ").Select(c => "r." + c))})
              -- A stored row of zeros with nothing behind it is no difference.
              AND NOT (e.count IS NULL AND r.count = 0)
            ORDER BY 1, 2, 3, 4, 5
            """;
        var found = new List<RollupDifference>();
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (kind, id, unit) = t.Subject(reader);
            found.Add(new RollupDifference(t.Table, kind, id, unit, reader.GetString(2), reader.GetFieldValue<DateOnly>(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
        }
        return found;
    }

    private static string RepairSql(Target t)
    {
        var key = string.Join(", ", t.Key);
        var stats = Stats.Split(", ");
        return $"""
            INSERT INTO {t.Table} AS r ({key}, {Stats})
            SELECT {key}, {Stats} FROM {t.Expected} ORDER BY {key}
            ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", stats.Select(c => $"{c} = excluded.{c}"))}
            WHERE ({string.Join(", ", stats.Select(c => "r." + c))}) IS DISTINCT FROM ({string.Join(", ", stats.Select(c => "excluded." + c))});
            DELETE FROM {t.Table} r
            WHERE r.count <> 0 AND NOT EXISTS (
                SELECT 1 FROM {t.Expected} e WHERE ({string.Join(", ", t.Key.Select(k => "e." + k))}) = ({string.Join(", ", t.Key.Select(k => "r." + k))}));
            """;
    }
}
