using Dapper;
using Npgsql;

namespace HaiLong.TestSupport;

/// <summary>
/// The oracle for the rollups: every rollup and procedure rollup recomputed from the raw responses, written independently of
/// the job's SQL (ancestors by a recursive walk of parent_id rather than the job's materialised paths, periods by extract
/// rather than date_trunc, no shared fragment, no production code). The tests and the fault tool both compare against it;
/// any row on one side only is a difference.
/// </summary>
public static class FromScratch
{
    private const string Ancestors = """
        ancestors(unit_id, ancestor_id) AS (
            SELECT id, id FROM units
            UNION ALL
            SELECT a.unit_id, u.parent_id FROM ancestors a JOIN units u ON u.id = a.ancestor_id WHERE u.parent_id IS NOT NULL
        )
        """;

    /// <summary>Vietnam local date of a submission, by arithmetic: the job converts with a time zone name.</summary>
    private const string LocalDate = "((r.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date";

    private const string Statistics = """
        count(*)::bigint, sum(score)::bigint, sum(score * score)::bigint,
        count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
        count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5)
        """;

    private const string ExpectedSql = $"""
        WITH RECURSIVE {Ancestors},
        f AS (
            SELECT r.unit_id, r.agency_id, r.official_id, r.procedure_id, a.criterion, a.score::bigint AS score, {LocalDate} AS d
            FROM responses r JOIN response_answers a ON a.response_id = r.id
            WHERE a.score IS NOT NULL
        ),
        s AS (
            SELECT 'Official'::text AS k, official_id AS id, d, criterion, score FROM f WHERE official_id IS NOT NULL
            UNION ALL SELECT 'Agency', agency_id, d, criterion, score FROM f WHERE agency_id IS NOT NULL
            UNION ALL SELECT 'Procedure', procedure_id, d, criterion, score FROM f WHERE procedure_id IS NOT NULL
            UNION ALL SELECT 'Unit', an.ancestor_id, d, criterion, score FROM f JOIN ancestors an ON an.unit_id = f.unit_id
        ),
        p AS (
            SELECT k, id, 'Day'::text AS pk, d AS ps, criterion, score FROM s
            UNION ALL SELECT k, id, 'Month', make_date(extract(year FROM d)::int, extract(month FROM d)::int, 1), criterion, score FROM s
            UNION ALL SELECT k, id, 'Quarter', make_date(extract(year FROM d)::int, (extract(quarter FROM d)::int - 1) * 3 + 1, 1), criterion, score FROM s
            UNION ALL SELECT k, id, 'Year', make_date(extract(year FROM d)::int, 1, 1), criterion, score FROM s
        )
        SELECT k, id, pk, ps, criterion::text, {Statistics}
        FROM p GROUP BY k, id, pk, ps, criterion
        """;

    private const string ExpectedProcedureSql = $"""
        WITH RECURSIVE {Ancestors},
        f AS (
            SELECT an.ancestor_id AS unit_id, r.procedure_id, a.criterion, a.score::bigint AS score, {LocalDate} AS d
            FROM responses r JOIN response_answers a ON a.response_id = r.id JOIN ancestors an ON an.unit_id = r.unit_id
            WHERE a.score IS NOT NULL AND r.procedure_id IS NOT NULL
        ),
        p AS (
            SELECT unit_id, procedure_id, 'Month'::text AS pk, make_date(extract(year FROM d)::int, extract(month FROM d)::int, 1) AS ps,
                   criterion, score FROM f
            UNION ALL SELECT unit_id, procedure_id, 'Quarter', make_date(extract(year FROM d)::int, (extract(quarter FROM d)::int - 1) * 3 + 1, 1),
                   criterion, score FROM f
            UNION ALL SELECT unit_id, procedure_id, 'Year', make_date(extract(year FROM d)::int, 1, 1), criterion, score FROM f
        )
        SELECT unit_id, procedure_id, pk, ps, criterion::text, {Statistics}
        FROM p GROUP BY unit_id, procedure_id, pk, ps, criterion
        """;

    /// <summary>The stored statistic columns, read straight from the tables (not through the EF model).</summary>
    private const string StoredStatistics = "count, sum, sum_squares, score1, score2, score3, score4, score5";

    private const string StoredSql =
        $"SELECT subject_kind::text, subject_id, period_kind::text, period_start, criterion::text, {StoredStatistics} FROM rollups WHERE count <> 0";

    private const string StoredProcedureSql =
        $"SELECT unit_id, procedure_id, period_kind::text, period_start, criterion::text, {StoredStatistics} FROM procedure_rollups WHERE count <> 0";

    private const string Columns =
        "(subject, subject_id, period_kind, period_start, criterion, count, sum, sum_squares, score1, score2, score3, score4, score5)";

    /// <summary>One row of a difference, as read back: the key and the eight statistics (Dapper maps the columns in this order).</summary>
    public sealed record Row(string Side, string Subject, long SubjectId, string PeriodKind, DateTime PeriodStart, string Criterion,
        long Count, long Sum, long SumSquares, long Score1, long Score2, long Score3, long Score4, long Score5)
    {
        public override string ToString() =>
            $"{Side}: {Subject} {SubjectId} {PeriodKind} {PeriodStart:yyyy-MM-dd} {Criterion} n={Count} sum={Sum} sq={SumSquares} " +
            $"[{Score1} {Score2} {Score3} {Score4} {Score5}]";
    }

    public static async Task<List<string>> DifferencesAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        return await DifferencesAsync(conn);
    }

    public static async Task<List<string>> DifferencesAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await DifferencesAsync(conn);
    }

    /// <summary>Rows that are on one side and not the other; empty when the rollups equal the from-scratch aggregation.</summary>
    public static async Task<List<string>> DifferencesAsync(NpgsqlConnection conn)
    {
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        // Each side is computed once into a temp table: comparing both ways straight from the queries would compute it twice,
        // which the fault tool's millions of answers make slow.
        await conn.ExecuteAsync($"""
            CREATE TEMP TABLE expected {Columns} AS {ExpectedSql};
            CREATE TEMP TABLE stored {Columns} AS {StoredSql};
            CREATE TEMP TABLE expected_procedure {Columns} AS {ExpectedProcedureSql};
            CREATE TEMP TABLE stored_procedure {Columns} AS {StoredProcedureSql};
            """, commandTimeout: 0);
        try
        {
            const string Select = """
                subject::text AS Subject, subject_id::bigint AS SubjectId, period_kind AS PeriodKind, period_start::timestamp AS PeriodStart,
                       criterion, count::bigint AS Count, sum::bigint AS Sum, sum_squares::bigint AS SumSquares,
                       score1::bigint AS Score1, score2::bigint AS Score2, score3::bigint AS Score3, score4::bigint AS Score4,
                       score5::bigint AS Score5
                """;
            var rows = await conn.QueryAsync<Row>($"""
                SELECT 'missing or wrong in rollups'::text AS Side, {Select} FROM (TABLE expected EXCEPT TABLE stored) x
                UNION ALL SELECT 'unexpected in rollups', {Select} FROM (TABLE stored EXCEPT TABLE expected) x
                UNION ALL SELECT 'missing or wrong in procedure_rollups', {Select} FROM (TABLE expected_procedure EXCEPT TABLE stored_procedure) x
                UNION ALL SELECT 'unexpected in procedure_rollups', {Select} FROM (TABLE stored_procedure EXCEPT TABLE expected_procedure) x
                """, commandTimeout: 0);
            return [.. rows.Select(r => r.ToString())];
        }
        finally
        {
            await conn.ExecuteAsync("DROP TABLE expected, stored, expected_procedure, stored_procedure");
        }
    }

    /// <summary>A single number from the database (a count, a sum), for the checks around the oracle.</summary>
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        return await conn.ExecuteScalarAsync<long>(sql);
    }
}
