using HaiLong.Api.Infrastructure.Seeding;
using HaiLong.Data.Entities;
using Npgsql;

namespace HaiLong.IntegrationTests.Scorecards;

/// <summary>One response as the submission stores it: who was rated, when, and 1–5 (or null) per criterion.</summary>
public sealed record ResponseSpec(int UnitId, DateTimeOffset SubmittedAt, IReadOnlyDictionary<string, short?> Scores,
    int? AgencyId = null, int? OfficialId = null, int? ProcedureId = null, string? Comment = null);

/// <summary>
/// Writes responses exactly as the survey submission does (its contract with the rollups): the response, its answers and its
/// pending_rollups row in one transaction. Creates a survey template and version for them when none exists.
/// </summary>
public sealed class ResponseWriter(string connectionString)
{
    public static readonly string[] TestCriteria =
        [Criteria.Overall, Criteria.OfficialAttitude, Criteria.ResultTimeliness, Criteria.ProcedurePublic];

    private int _versionId;
    private readonly Dictionary<string, int> _questions = new();

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async Task<long> InsertAsync(ResponseSpec spec)
    {
        await using var conn = await OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = await InsertAsync(conn, tx, spec);
        await tx.CommitAsync();
        return id;
    }

    public async Task InsertManyAsync(IEnumerable<ResponseSpec> specs)
    {
        foreach (var spec in specs) await InsertAsync(spec);
    }

    /// <summary>Inside the caller's transaction, so a test can hold it open and commit late.</summary>
    public async Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ResponseSpec spec)
    {
        await EnsureSurveyAsync();
        long id;
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO responses (survey_version_id, unit_id, agency_id, official_id, procedure_id, is_general_fallback, submitted_at,
                                   comment, disappointments, language)
            VALUES (@version, @unit, @agency, @official, @procedure, false, @at, @comment, '{}', 'vi')
            RETURNING id
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("version", _versionId);
            cmd.Parameters.AddWithValue("unit", spec.UnitId);
            cmd.Parameters.AddWithValue("agency", (object?)spec.AgencyId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("official", (object?)spec.OfficialId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("procedure", (object?)spec.ProcedureId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("at", spec.SubmittedAt.ToUniversalTime());
            cmd.Parameters.AddWithValue("comment", (object?)spec.Comment ?? DBNull.Value);
            id = (long)(await cmd.ExecuteScalarAsync())!;
        }
        foreach (var (criterion, score) in spec.Scores)
        {
            await using var answer = new NpgsqlCommand(
                "INSERT INTO response_answers (response_id, question_id, criterion, score) VALUES (@r, @q, @c, @s)", conn, tx);
            answer.Parameters.AddWithValue("r", id);
            answer.Parameters.AddWithValue("q", _questions[criterion]);
            answer.Parameters.AddWithValue("c", criterion);
            answer.Parameters.AddWithValue("s", score is { } s ? s : DBNull.Value);
            await answer.ExecuteNonQueryAsync();
        }
        await using (var pending = new NpgsqlCommand("INSERT INTO pending_rollups (response_id) VALUES (@r)", conn, tx))
        {
            pending.Parameters.AddWithValue("r", id);
            await pending.ExecuteNonQueryAsync();
        }
        return id;
    }

    private async Task EnsureSurveyAsync()
    {
        if (_versionId != 0) return;
        await using var conn = await OpenAsync();
        await using (var existing = new NpgsqlCommand("""
            SELECT q.version_id, q.criterion, q.id FROM survey_questions q
            JOIN survey_versions v ON v.id = q.version_id JOIN survey_templates t ON t.id = v.template_id
            WHERE t.code = 'test-scorecards'
            """, conn))
        await using (var reader = await existing.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                _versionId = reader.GetInt32(0);
                _questions[reader.GetString(1)] = reader.GetInt32(2);
            }
        }
        if (_versionId != 0) return;
        await using var tx = await conn.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO survey_templates (code, name_vi, name_en, purpose) VALUES ('test-scorecards', 'Phiếu thử', 'Test form', 'Service')
            """, conn, tx)) await cmd.ExecuteNonQueryAsync();
        await using (var cmd = new NpgsqlCommand("""
            WITH t AS (SELECT id FROM survey_templates WHERE code = 'test-scorecards')
            INSERT INTO survey_versions (template_id, number, published_at) SELECT id, 1, now() FROM t
            RETURNING id
            """, conn, tx)) _versionId = (int)(await cmd.ExecuteScalarAsync())!;
        var order = 0;
        foreach (var criterion in TestCriteria)
        {
            await using var q = new NpgsqlCommand("""
                INSERT INTO survey_questions (version_id, "order", criterion, criterion_group, kind, text_vi, text_en, required, allow_not_applicable)
                VALUES (@v, @o, @c, split_part(@c, '.', 1), 'Likert', @c, @c, false, true) RETURNING id
                """, conn, tx);
            q.Parameters.AddWithValue("v", _versionId);
            q.Parameters.AddWithValue("o", ++order);
            q.Parameters.AddWithValue("c", criterion);
            _questions[criterion] = (int)(await q.ExecuteScalarAsync())!;
        }
        await tx.CommitAsync();
    }
}

/// <summary>Ids of the seeded demo world the scorecard tests rate.</summary>
public sealed record DemoIds(int ProvinceId, int WardA, int WardB, int[] OfficialsA, int[] OfficialsB, int CentreA, int CentreB, int[] Procedures)
{
    public static async Task<DemoIds> LoadAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        async Task<int> One(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            return (int)(await cmd.ExecuteScalarAsync())!;
        }
        async Task<int[]> Many(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            var ids = new List<int>();
            while (await reader.ReadAsync()) ids.Add(reader.GetInt32(0));
            return [.. ids];
        }
        string OfficialsOf(string code) => $"""
            SELECT o.id FROM officials o JOIN agencies a ON a.id = o.agency_id JOIN units u ON u.id = a.unit_id
            WHERE u.code = '{code}' AND a.kind = 'ServiceCentre' ORDER BY o.staff_code
            """;
        return new DemoIds(
            await One($"SELECT id FROM units WHERE code = '{DemoWorld.ProvinceCode}'"),
            await One($"SELECT id FROM units WHERE code = '{DemoWorld.WardACode}'"),
            await One($"SELECT id FROM units WHERE code = '{DemoWorld.WardBCode}'"),
            await Many(OfficialsOf(DemoWorld.WardACode)),
            await Many(OfficialsOf(DemoWorld.WardBCode)),
            await One($"SELECT id FROM agencies WHERE code = '{DemoWorld.WardACode}-TTPVHCC'"),
            await One($"SELECT id FROM agencies WHERE code = '{DemoWorld.WardBCode}-TTPVHCC'"),
            await Many("SELECT id FROM procedures ORDER BY code"));
    }
}

/// <summary>An aggregation of the raw responses written independently of the job's SQL (ancestors by parent_id, periods by extract).</summary>
public static class FromScratch
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

    /// <summary>Rows that are in one side and not the other; empty when the rollups equal the from-scratch aggregation.</summary>
    public static async Task<List<string>> DifferencesAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var differences = new List<string>();
        foreach (var (label, sql) in new[]
        {
            ("missing or wrong in rollups", $"({ExpectedSql}) EXCEPT ({StoredSql})"),
            ("unexpected in rollups", $"({StoredSql}) EXCEPT ({ExpectedSql})"),
            ("missing or wrong in procedure_rollups", $"({ExpectedProcedureSql}) EXCEPT ({StoredProcedureSql})"),
            ("unexpected in procedure_rollups", $"({StoredProcedureSql}) EXCEPT ({ExpectedProcedureSql})"),
        })
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                differences.Add($"{label}: {string.Join(" ", values)}");
            }
        }
        return differences;
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
