using HaiLong.Api.Features.Scorecards;

namespace HaiLong.Bench;

/// <summary>
/// The hand-written baseline: everything the rollup job keeps — rollups (subject × period × criterion) and procedure_rollups
/// (unit and each ancestor × procedure × month/quarter/year × criterion) — from the raw responses in one INSERT … SELECT …
/// GROUP BY, the cheapest way PostgreSQL can compute them. It writes into bench_rollups and bench_procedure_rollups, copies
/// of the real tables with the same keys, so the job's result can be compared row for row.
/// </summary>
public static class RollupBaseline
{
    public const string CreateTables = """
        DROP TABLE IF EXISTS bench_rollups, bench_procedure_rollups;
        CREATE TABLE bench_rollups (LIKE rollups INCLUDING ALL);
        CREATE TABLE bench_procedure_rollups (LIKE procedure_rollups INCLUDING ALL);
        """;

    /// <summary>
    /// Responses with ids in [@lo, @hi]. The subject × period expansion is the job's own (<see cref="RollupSql"/>): the
    /// baseline measures the cheapest way to compute the same rows, not a second reading of the rule.
    /// </summary>
    public const string Sql = $"""
        WITH facts AS MATERIALIZED (
            {RollupSql.Facts}
            WHERE r.id BETWEEN @lo AND @hi
        ),
        {RollupSql.SubjectPeriods},
        main AS (
            INSERT INTO bench_rollups ({RollupSql.RollupKey}, {RollupSql.StatColumns})
            SELECT {RollupSql.RollupKey}, {RollupSql.Aggregates}
            FROM periods
            GROUP BY {RollupSql.RollupKey}
            RETURNING 1
        ),
        {RollupSql.ProcedurePeriods},
        by_procedure AS (
            INSERT INTO bench_procedure_rollups ({RollupSql.ProcedureRollupKey}, {RollupSql.StatColumns})
            SELECT {RollupSql.ProcedureRollupKey}, {RollupSql.Aggregates}
            FROM procedure_periods
            GROUP BY {RollupSql.ProcedureRollupKey}
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM main) + (SELECT count(*) FROM by_procedure)
        """;

    /// <summary>Rows that differ between the job's tables and the baseline's, both ways; 0 means equal.</summary>
    public const string DifferenceSql = """
        SELECT (SELECT count(*) FROM ((TABLE rollups EXCEPT TABLE bench_rollups) UNION ALL (TABLE bench_rollups EXCEPT TABLE rollups)) d)
             + (SELECT count(*) FROM ((SELECT unit_id, period_kind, period_start, procedure_id, criterion, count, sum, sum_squares, score1, score2, score3, score4, score5 FROM procedure_rollups
                                       EXCEPT SELECT unit_id, period_kind, period_start, procedure_id, criterion, count, sum, sum_squares, score1, score2, score3, score4, score5 FROM bench_procedure_rollups)
                                      UNION ALL
                                      (SELECT unit_id, period_kind, period_start, procedure_id, criterion, count, sum, sum_squares, score1, score2, score3, score4, score5 FROM bench_procedure_rollups
                                       EXCEPT SELECT unit_id, period_kind, period_start, procedure_id, criterion, count, sum, sum_squares, score1, score2, score3, score4, score5 FROM procedure_rollups)) d)
        """;
}
