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

    // The from-scratch side: every response no longer pending, expanded by the same fragments as the fold.
    private const string ExpectedSql = $"""
        CREATE TEMP TABLE reconciliation_facts ON COMMIT DROP AS
        {RollupSql.Facts}
        WHERE NOT EXISTS (SELECT 1 FROM pending_rollups p WHERE p.response_id = r.id);

        CREATE TEMP TABLE expected_rollups ON COMMIT DROP AS
        WITH facts AS (TABLE reconciliation_facts),
        {RollupSql.SubjectPeriods}
        SELECT {RollupSql.RollupKey}, {RollupSql.Aggregates}
        FROM periods GROUP BY {RollupSql.RollupKey};

        CREATE TEMP TABLE expected_procedure_rollups ON COMMIT DROP AS
        WITH facts AS (TABLE reconciliation_facts),
        {RollupSql.ProcedurePeriods}
        SELECT {RollupSql.ProcedureRollupKey}, {RollupSql.Aggregates}
        FROM procedure_periods GROUP BY {RollupSql.ProcedureRollupKey};
        """;

    private sealed record Target(string Table, string Expected, string[] Key, Func<NpgsqlDataReader, (string Kind, int Id, int? Unit)> Subject);

    private static readonly IReadOnlyList<Target> Targets =
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
            logger.LogWarning("{Table} differs from the raw responses: {SubjectKind} {SubjectId} (unit {UnitId}) {PeriodKind} {PeriodStart} {Criterion}: " +
                "stored count {Stored}, expected {Expected}",
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
            WHERE ({string.Join(", ", RollupSql.StatColumns.Split(", ").Select(c => "e." + c))})
                IS DISTINCT FROM ({string.Join(", ", RollupSql.StatColumns.Split(", ").Select(c => "r." + c))})
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
        var stats = RollupSql.StatColumns.Split(", ");
        return $"""
            INSERT INTO {t.Table} AS r ({key}, {RollupSql.StatColumns})
            SELECT {key}, {RollupSql.StatColumns} FROM {t.Expected} ORDER BY {key}
            ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", stats.Select(c => $"{c} = excluded.{c}"))}
            WHERE ({string.Join(", ", stats.Select(c => "r." + c))}) IS DISTINCT FROM ({string.Join(", ", stats.Select(c => "excluded." + c))});
            DELETE FROM {t.Table} r
            WHERE r.count <> 0 AND NOT EXISTS (
                SELECT 1 FROM {t.Expected} e WHERE ({string.Join(", ", t.Key.Select(k => "e." + k))}) = ({string.Join(", ", t.Key.Select(k => "r." + k))}));
            """;
    }
}
