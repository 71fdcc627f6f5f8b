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
    public static readonly string Sql = $"""
        WITH facts AS MATERIALIZED (
            {RollupSql.Facts}
            WHERE r.id BETWEEN @lo AND @hi
        ),
        {RollupSql.SubjectPeriods},
        {Insert("main", "bench_rollups", RollupSql.RollupKey, "periods")},
        {RollupSql.ProcedurePeriods},
        {Insert("by_procedure", "bench_procedure_rollups", RollupSql.ProcedureRollupKey, "procedure_periods")}
        SELECT (SELECT count(*) FROM main) + (SELECT count(*) FROM by_procedure)
        """;

    /// <summary>Rows that differ between the job's tables and the baseline's, both ways; 0 means equal.</summary>
    public static readonly string DifferenceSql = $"""
        SELECT ({Differing("rollups", "bench_rollups", "*")})
             + ({Differing("procedure_rollups", "bench_procedure_rollups", $"{RollupSql.ProcedureRollupKey}, {RollupSql.StatColumns}")})
        """;

    /// <summary>A statement of the WITH: the aggregates of <paramref name="source"/> grouped by <paramref name="key"/> into
    /// <paramref name="table"/>.</summary>
    private static string Insert(string name, string table, string key, string source) => $"""
        {name} AS (
            INSERT INTO {table} ({key}, {RollupSql.StatColumns})
            SELECT {key}, {RollupSql.Aggregates}
            FROM {source}
            GROUP BY {key}
            RETURNING 1
        )
        """;

    /// <summary>How many rows of <paramref name="columns"/> are in one table and not the other.</summary>
    private static string Differing(string job, string baseline, string columns) => $"""
        SELECT count(*) FROM ((SELECT {columns} FROM {job} EXCEPT SELECT {columns} FROM {baseline})
                              UNION ALL
                              (SELECT {columns} FROM {baseline} EXCEPT SELECT {columns} FROM {job})) d
        """;
}
