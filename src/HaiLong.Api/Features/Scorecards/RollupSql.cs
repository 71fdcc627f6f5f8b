namespace HaiLong.Api.Features.Scorecards;

/// <summary>
/// The one home of the rollup rule in SQL: which answers count, which subjects a response rates (its official, agency,
/// procedure and its unit with every ancestor) and which periods (day, month, quarter, year in Vietnam time) it falls in.
/// The fold (<see cref="RollupJob"/>), the nightly <see cref="ReconciliationJob"/> and the benchmark's from-scratch baseline
/// (bench/HaiLong.Bench/RollupBaseline.cs) all expand through these fragments, so they cannot disagree about a rule.
/// </summary>
public static class RollupSql
{
    /// <summary>
    /// Rated answers (1–5) of responses, as the columns the expansions read. Callers append a JOIN or WHERE on `r` that
    /// chooses the responses; the result is used as a relation named <c>facts</c>.
    /// </summary>
    public const string Facts = $"""
        SELECT r.unit_id, r.agency_id, r.official_id, r.procedure_id,
               (r.submitted_at AT TIME ZONE '{VietnamTime.SqlZone}')::date AS local_day,
               a.criterion, a.score::bigint AS score
        FROM responses r
        JOIN response_answers a ON a.response_id = r.id AND a.score BETWEEN 1 AND 5
        """;

    /// <summary>
    /// CTEs <c>subjects</c> and <c>periods</c> over <c>facts</c>: every subject × period × criterion a rated answer counts in,
    /// as periods(subject_kind, subject_id, period_kind, period_start, criterion, score), keyed like <c>rollups</c>.
    /// </summary>
    public const string SubjectPeriods = """
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
        """;

    /// <summary>
    /// CTE <c>procedure_periods</c> over <c>facts</c>: each rated procedure in its unit and every ancestor, by month,
    /// quarter and year (no day rows: the per-procedure table is read by month and up), keyed like <c>procedure_rollups</c>.
    /// </summary>
    public const string ProcedurePeriods = """
        procedure_periods AS (
            SELECT ancestor.id::int AS unit_id, f.procedure_id, p.kind::varchar(32) AS period_kind, p.start AS period_start,
                   f.criterion, f.score
            FROM facts f
            JOIN units u ON u.id = f.unit_id
            CROSS JOIN LATERAL unnest(string_to_array(btrim(u.path, '/'), '/')) AS ancestor(id)
            CROSS JOIN LATERAL (VALUES
                ('Month', date_trunc('month', f.local_day)::date),
                ('Quarter', date_trunc('quarter', f.local_day)::date),
                ('Year', date_trunc('year', f.local_day)::date)) AS p(kind, start)
            WHERE f.procedure_id IS NOT NULL
        )
        """;

    /// <summary>The statistic columns of a rollup row, in table order.</summary>
    public const string StatColumns = "count, sum, sum_squares, score1, score2, score3, score4, score5";

    /// <summary>The aggregates that fill <see cref="StatColumns"/> from a group of <c>score</c>s, in the same order.</summary>
    public const string Aggregates = """
        count(*) AS count, sum(score) AS sum, sum(score * score) AS sum_squares,
        count(*) FILTER (WHERE score = 1) AS score1, count(*) FILTER (WHERE score = 2) AS score2,
        count(*) FILTER (WHERE score = 3) AS score3, count(*) FILTER (WHERE score = 4) AS score4,
        count(*) FILTER (WHERE score = 5) AS score5
        """;

    /// <summary>
    /// The satisfied answers (4 or 5) of a rollup row aliased <c>r</c>: the SQL side of the satisfaction rate, whose C# side is
    /// <see cref="Tally.Satisfied"/> (rate = satisfied / count, over answers 1–5 only).
    /// </summary>
    public const string SatisfiedOfR = "(r.score4 + r.score5)";

    /// <summary>The keys of the two rollup tables, as the expansions name them.</summary>
    public const string RollupKey = "subject_kind, subject_id, period_kind, period_start, criterion";
    public const string ProcedureRollupKey = "unit_id, period_kind, period_start, procedure_id, criterion";
}
