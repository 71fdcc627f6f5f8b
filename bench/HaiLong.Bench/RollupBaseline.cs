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

    /// <summary>Responses with ids in [@lo, @hi].</summary>
    public const string Sql = """
        WITH facts AS MATERIALIZED (
            SELECT r.unit_id, r.agency_id, r.official_id, r.procedure_id,
                   (r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d, x.criterion, x.score::bigint AS score
            FROM responses r JOIN response_answers x ON x.response_id = r.id
            WHERE r.id BETWEEN @lo AND @hi AND x.score BETWEEN 1 AND 5
        ), s AS (
            SELECT 'Official' AS subject_kind, official_id AS subject_id, d, criterion, score FROM facts WHERE official_id IS NOT NULL
            UNION ALL SELECT 'Agency', agency_id, d, criterion, score FROM facts WHERE agency_id IS NOT NULL
            UNION ALL SELECT 'Procedure', procedure_id, d, criterion, score FROM facts WHERE procedure_id IS NOT NULL
            UNION ALL SELECT 'Unit', anc::int, d, criterion, score
                FROM facts JOIN units u ON u.id = facts.unit_id
                CROSS JOIN LATERAL unnest(string_to_array(btrim(u.path, '/'), '/')) AS anc
        ), main AS (
            INSERT INTO bench_rollups (subject_kind, subject_id, period_kind, period_start, criterion,
                                       count, sum, sum_squares, score1, score2, score3, score4, score5)
            SELECT subject_kind, subject_id, p.kind, p.start, criterion,
                   count(*), sum(score), sum(score * score),
                   count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
                   count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5)
            FROM s CROSS JOIN LATERAL (VALUES
                ('Day', d), ('Month', date_trunc('month', d)::date), ('Quarter', date_trunc('quarter', d)::date),
                ('Year', date_trunc('year', d)::date)) AS p(kind, start)
            GROUP BY 1, 2, 3, 4, 5
            RETURNING 1
        ), by_procedure AS (
            INSERT INTO bench_procedure_rollups (unit_id, period_kind, period_start, procedure_id, criterion,
                                                 count, sum, sum_squares, score1, score2, score3, score4, score5)
            SELECT anc::int, p.kind, p.start, procedure_id, criterion,
                   count(*), sum(score), sum(score * score),
                   count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
                   count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5)
            FROM facts JOIN units u ON u.id = facts.unit_id
            CROSS JOIN LATERAL unnest(string_to_array(btrim(u.path, '/'), '/')) AS anc
            CROSS JOIN LATERAL (VALUES
                ('Month', date_trunc('month', d)::date), ('Quarter', date_trunc('quarter', d)::date),
                ('Year', date_trunc('year', d)::date)) AS p(kind, start)
            WHERE procedure_id IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5
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
