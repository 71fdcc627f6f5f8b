namespace HaiLong.Bench;

/// <summary>
/// The hand-written baseline: every rollup (subject × period × criterion) from the raw responses in one GROUP BY, the
/// cheapest way PostgreSQL can compute them. Periods are local Vietnam dates.
/// </summary>
public static class RollupBaseline
{
    public const string Sql = """
        WITH a AS (
            SELECT r.official_id, r.agency_id, r.unit_id, r.procedure_id,
                   (r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d, x.criterion, x.score
            FROM responses r JOIN response_answers x ON x.response_id = r.id
            WHERE x.score IS NOT NULL
        ), s AS (
            SELECT 'Official' AS subject_kind, official_id AS subject_id, d, criterion, score FROM a WHERE official_id IS NOT NULL
            UNION ALL SELECT 'Agency', agency_id, d, criterion, score FROM a WHERE agency_id IS NOT NULL
            UNION ALL SELECT 'Procedure', procedure_id, d, criterion, score FROM a WHERE procedure_id IS NOT NULL
            UNION ALL SELECT 'Unit', anc::int, d, criterion, score
                FROM a JOIN units u ON u.id = a.unit_id
                CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) AS anc
        )
        SELECT subject_kind, subject_id, p.kind AS period_kind, p.start AS period_start, criterion,
               count(*) AS count, sum(score) AS sum, sum(score * score) AS sum_squares,
               count(*) FILTER (WHERE score = 1) AS score1, count(*) FILTER (WHERE score = 2) AS score2,
               count(*) FILTER (WHERE score = 3) AS score3, count(*) FILTER (WHERE score = 4) AS score4,
               count(*) FILTER (WHERE score = 5) AS score5
        FROM s CROSS JOIN LATERAL (VALUES
            ('Day', d), ('Month', date_trunc('month', d)::date), ('Quarter', date_trunc('quarter', d)::date), ('Year', date_trunc('year', d)::date)
        ) AS p(kind, start)
        GROUP BY 1, 2, 3, 4, 5
        """;
}
