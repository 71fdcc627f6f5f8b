using Npgsql;

namespace HaiLong.Faults;

/// <summary>
/// The rollups recomputed from scratch from the raw responses, written independently of the job's SQL (ancestors by parent_id,
/// periods by extract), mirroring the scorecard tests' FromScratch; any row on one side only is a difference.
/// </summary>
public static class Recomputation
{
    private const string ExpectedSql = """
        WITH RECURSIVE ancestors(unit_id, ancestor_id) AS (
            SELECT id, id FROM units
            UNION ALL
            SELECT a.unit_id, u.parent_id FROM ancestors a JOIN units u ON u.id = a.ancestor_id WHERE u.parent_id IS NOT NULL
        ),
        f AS (
            SELECT r.unit_id, r.agency_id, r.official_id, r.procedure_id, a.criterion, a.score::bigint AS score,
                   ((r.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date AS d
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
        SELECT k, id, pk, ps, criterion::text, count(*)::bigint, sum(score)::bigint, sum(score * score)::bigint,
               count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
               count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5)
        FROM p GROUP BY k, id, pk, ps, criterion
        """;

    private const string StoredSql = """
        SELECT subject_kind::text, subject_id, period_kind::text, period_start, criterion::text, count, sum, sum_squares,
               score1, score2, score3, score4, score5
        FROM rollups WHERE count <> 0
        """;

    private const string ExpectedProcedureSql = """
        WITH RECURSIVE ancestors(unit_id, ancestor_id) AS (
            SELECT id, id FROM units
            UNION ALL
            SELECT a.unit_id, u.parent_id FROM ancestors a JOIN units u ON u.id = a.ancestor_id WHERE u.parent_id IS NOT NULL
        ),
        f AS (
            SELECT an.ancestor_id AS unit_id, r.procedure_id, a.criterion, a.score::bigint AS score,
                   ((r.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date AS d
            FROM responses r JOIN response_answers a ON a.response_id = r.id JOIN ancestors an ON an.unit_id = r.unit_id
            WHERE a.score IS NOT NULL AND r.procedure_id IS NOT NULL
        ),
        p AS (
            SELECT unit_id, procedure_id, 'Month'::text AS pk, make_date(extract(year FROM d)::int, extract(month FROM d)::int, 1) AS ps, criterion, score FROM f
            UNION ALL SELECT unit_id, procedure_id, 'Quarter', make_date(extract(year FROM d)::int, (extract(quarter FROM d)::int - 1) * 3 + 1, 1), criterion, score FROM f
            UNION ALL SELECT unit_id, procedure_id, 'Year', make_date(extract(year FROM d)::int, 1, 1), criterion, score FROM f
        )
        SELECT unit_id, procedure_id, pk, ps, criterion::text, count(*)::bigint, sum(score)::bigint, sum(score * score)::bigint,
               count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
               count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5)
        FROM p GROUP BY unit_id, procedure_id, pk, ps, criterion
        """;

    private const string StoredProcedureSql = """
        SELECT unit_id, procedure_id, period_kind::text, period_start, criterion::text, count, sum, sum_squares,
               score1, score2, score3, score4, score5
        FROM procedure_rollups WHERE count <> 0
        """;

    private const string Columns = "(subject, subject_id, period_kind, period_start, criterion, count, sum, sum_squares, score1, score2, score3, score4, score5)";

    /// <summary>Rows that are in one side and not the other; empty when the rollups equal the from-scratch aggregation.</summary>
    public static async Task<List<string>> DifferencesAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        // Each side is computed once into a temp table; comparing both ways straight from the queries would compute it twice.
        await using (var setup = new NpgsqlCommand($"""
            CREATE TEMP TABLE expected {Columns} AS {ExpectedSql};
            CREATE TEMP TABLE stored {Columns} AS {StoredSql};
            CREATE TEMP TABLE expected_procedure {Columns} AS {ExpectedProcedureSql};
            CREATE TEMP TABLE stored_procedure {Columns} AS {StoredProcedureSql};
            """, conn) { CommandTimeout = 0 })
        {
            await setup.ExecuteNonQueryAsync();
        }
        var differences = new List<string>();
        foreach (var (label, sql) in new[]
        {
            ("missing or wrong in rollups", "TABLE expected EXCEPT TABLE stored"),
            ("unexpected in rollups", "TABLE stored EXCEPT TABLE expected"),
            ("missing or wrong in procedure_rollups", "TABLE expected_procedure EXCEPT TABLE stored_procedure"),
            ("unexpected in procedure_rollups", "TABLE stored_procedure EXCEPT TABLE expected_procedure"),
        })
        {
            await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                differences.Add($"{label}: {string.Join(" ", values)}");
            }
        }
        await using (var cleanup = new NpgsqlCommand("DROP TABLE expected, stored, expected_procedure, stored_procedure", conn))
        {
            await cleanup.ExecuteNonQueryAsync();
        }
        return differences;
    }
}
