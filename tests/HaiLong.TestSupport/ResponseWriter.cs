using Dapper;
using HaiLong.Data.Entities;
using Npgsql;
using NpgsqlTypes;

namespace HaiLong.TestSupport;

/// <summary>One response as the submission stores it: who was rated, when, and 1–5 (or null, "không áp dụng") per criterion.</summary>
public sealed record ResponseSpec(int UnitId, DateTimeOffset SubmittedAt, IReadOnlyDictionary<string, short?> Scores,
    int? AgencyId = null, int? OfficialId = null, int? ProcedureId = null, string? Comment = null);

/// <summary>A published survey version and its question id per criterion, which every answer row must name.</summary>
public sealed record SurveyQuestions(int VersionId, IReadOnlyDictionary<string, int> ByCriterion)
{
    /// <summary>
    /// The latest published version of the template <paramref name="code"/>, creating the template with one Likert question
    /// per criterion (in this order) when it does not exist yet.
    /// </summary>
    public static async Task<SurveyQuestions> EnsureAsync(NpgsqlConnection conn, string code, IReadOnlyList<string> criteria,
        bool required = false)
    {
        if (await LatestAsync(conn, code) is { } existing) return existing;
        await using var tx = await conn.BeginTransactionAsync();
        var version = await conn.ExecuteScalarAsync<int>("""
            WITH t AS (INSERT INTO survey_templates (code, name_vi, name_en, purpose) VALUES (@code, 'Phiếu thử', 'Test form', 'Service') RETURNING id)
            INSERT INTO survey_versions (template_id, number, published_at) SELECT id, 1, now() FROM t RETURNING id
            """, new { code }, tx);
        var questions = new Dictionary<string, int>();
        for (var i = 0; i < criteria.Count; i++)
        {
            questions[criteria[i]] = await conn.ExecuteScalarAsync<int>("""
                INSERT INTO survey_questions (version_id, "order", criterion, criterion_group, kind, text_vi, text_en, required, allow_not_applicable)
                VALUES (@version, @order, @criterion, split_part(@criterion, '.', 1), 'Likert', @criterion, @criterion, @required, true)
                RETURNING id
                """, new { version, order = i + 1, criterion = criteria[i], required }, tx);
        }
        await tx.CommitAsync();
        return new SurveyQuestions(version, questions);
    }

    /// <summary>The latest published version of an existing template (its Likert questions), or null.</summary>
    public static async Task<SurveyQuestions?> LatestAsync(NpgsqlConnection conn, string code)
    {
        var rows = (await conn.QueryAsync<(int Version, string Criterion, int Question)>("""
            SELECT v.id, q.criterion, q.id FROM survey_versions v
            JOIN survey_templates t ON t.id = v.template_id JOIN survey_questions q ON q.version_id = v.id
            WHERE t.code = @code AND q.kind = 'Likert'
              AND v.id = (SELECT v2.id FROM survey_versions v2 WHERE v2.template_id = t.id AND v2.published_at IS NOT NULL
                          ORDER BY v2.number DESC LIMIT 1)
            ORDER BY q."order"
            """, new { code })).ToList();
        return rows.Count == 0 ? null : new SurveyQuestions(rows[0].Version, rows.ToDictionary(r => r.Criterion, r => r.Question));
    }
}

/// <summary>
/// The one writer of responses outside production, for the tests, the bench seeder and the fault tool: the response, its
/// answers and its pending_rollups row, exactly as the submission's contract with the rollups says (see docs/DEVELOPING.md,
/// "Rollups and scorecards"), in the caller's transaction. A new NOT NULL column of responses is added here, once.
/// Binary COPY, so a bench can write millions; ids come from the table's own sequence, so writers never collide.
/// </summary>
public static class ResponseRows
{
    private const string ResponseColumns = "id, survey_version_id, unit_id, agency_id, official_id, procedure_id, is_general_fallback, " +
        "submitted_at, comment, disappointments, language";

    /// <summary>Writes the responses (and, with <paramref name="pending"/>, their pending_rollups rows); returns their ids in order.</summary>
    public static async Task<long[]> WriteAsync(NpgsqlConnection conn, SurveyQuestions survey, IReadOnlyList<ResponseSpec> specs,
        bool pending = true)
    {
        var ids = (await conn.QueryAsync<long>(
            "SELECT nextval(pg_get_serial_sequence('responses', 'id')) FROM generate_series(1, @n)", new { n = specs.Count })).ToArray();
        await using (var w = await conn.BeginBinaryImportAsync($"COPY responses ({ResponseColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < specs.Count; i++)
            {
                var spec = specs[i];
                await w.StartRowAsync();
                await w.WriteAsync(ids[i], NpgsqlDbType.Bigint);
                await w.WriteAsync(survey.VersionId, NpgsqlDbType.Integer);
                await w.WriteAsync(spec.UnitId, NpgsqlDbType.Integer);
                await WriteNullableAsync(w, spec.AgencyId);
                await WriteNullableAsync(w, spec.OfficialId);
                await WriteNullableAsync(w, spec.ProcedureId);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(spec.SubmittedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                if (spec.Comment is { } comment) await w.WriteAsync(comment, NpgsqlDbType.Text);
                else await w.WriteNullAsync();
                await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await w.WriteAsync("vi", NpgsqlDbType.Varchar);
            }
            await w.CompleteAsync();
        }
        await using (var w = await conn.BeginBinaryImportAsync(
            "COPY response_answers (response_id, question_id, criterion, score) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < specs.Count; i++)
            {
                foreach (var (criterion, score) in specs[i].Scores)
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(ids[i], NpgsqlDbType.Bigint);
                    await w.WriteAsync(survey.ByCriterion[criterion], NpgsqlDbType.Integer);
                    await w.WriteAsync(criterion, NpgsqlDbType.Varchar);
                    if (score is { } s) await w.WriteAsync(s, NpgsqlDbType.Smallint);
                    else await w.WriteNullAsync();
                }
            }
            await w.CompleteAsync();
        }
        if (pending)
        {
            await using var w = await conn.BeginBinaryImportAsync("COPY pending_rollups (response_id) FROM STDIN (FORMAT BINARY)");
            foreach (var id in ids)
            {
                await w.StartRowAsync();
                await w.WriteAsync(id, NpgsqlDbType.Bigint);
            }
            await w.CompleteAsync();
        }
        return ids;
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter w, int? value)
    {
        if (value is { } v) await w.WriteAsync(v, NpgsqlDbType.Integer);
        else await w.WriteNullAsync();
    }
}

/// <summary>
/// The tests' handle on <see cref="ResponseRows"/>: a survey of its own (template <c>test-scorecards</c>, four criteria) and
/// one committed transaction per call, or the caller's transaction so a test can hold it open and commit late.
/// </summary>
public sealed class ResponseWriter(string connectionString)
{
    public static readonly string[] TestCriteria =
        [Criteria.Overall, Criteria.OfficialAttitude, Criteria.ResultTimeliness, Criteria.ProcedurePublic];

    private SurveyQuestions? _survey;

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async Task<long> InsertAsync(ResponseSpec spec) => (await InsertManyAsync([spec]))[0];

    public async Task<long[]> InsertManyAsync(IEnumerable<ResponseSpec> specs)
    {
        await using var conn = await OpenAsync();
        var survey = await SurveyAsync(conn);
        await using var tx = await conn.BeginTransactionAsync();
        var ids = await ResponseRows.WriteAsync(conn, survey, [.. specs]);
        await tx.CommitAsync();
        return ids;
    }

    /// <summary>Inside the caller's transaction (on <paramref name="conn"/>), so a test can hold it open and commit late.</summary>
    public async Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ResponseSpec spec)
    {
        // COPY runs in the connection's open transaction; tx names the one the caller means. The survey is made on a
        // connection of its own, so it is there whether or not the caller's transaction commits.
        if (tx.Connection != conn) throw new ArgumentException("The transaction belongs to another connection.", nameof(tx));
        if (_survey is null)
        {
            await using var own = await OpenAsync();
            await SurveyAsync(own);
        }
        return (await ResponseRows.WriteAsync(conn, _survey!, [spec]))[0];
    }

    private async Task<SurveyQuestions> SurveyAsync(NpgsqlConnection conn) =>
        _survey ??= await SurveyQuestions.EnsureAsync(conn, "test-scorecards", TestCriteria);
}
