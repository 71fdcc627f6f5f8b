using System.Data;
using System.Text.Json;
using HaiLong.Api.Features.Registry;
using HaiLong.Api.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace HaiLong.Api.Features.Responses;

/// <summary>What a citizen sent, checked: everything of a submission but the link it is for.</summary>
public sealed record SubmittedAnswers(
    IReadOnlyList<ValidAnswer> Answers,
    string? Comment,
    string Language,
    string? DeviceHash,
    string? IpHash,
    string? IdempotencyKey = null,
    string? RequestHash = null);

/// <summary>Checked answers for the link the caller read (<see cref="Form"/>).</summary>
public sealed record Submission(SurveyForm Form, SubmittedAnswers Checked)
{
    public string? DeviceHash => Checked.DeviceHash;
    public string? IdempotencyKey => Checked.IdempotencyKey;
    public string? RequestHash => Checked.RequestHash;
}

public enum SubmissionStatus
{
    Stored,
    /// <summary>The link could not take this submission; <see cref="SubmissionOutcome.Refusal"/> says why.</summary>
    LinkRefused,
    DeviceAlreadyRated,
    /// <summary>The Idempotency-Key was seen before with this very request: the outcome is the original submission's.</summary>
    Replayed,
    /// <summary>The Idempotency-Key was seen before with a different request.</summary>
    KeyReused,
}

/// <summary>
/// What the store did, as data: the handler (<see cref="ResponsesApi"/>) or the citizen page shapes the answer. A replay
/// carries the original submission's facts, and the handler writes them exactly as it wrote the first answer.
/// </summary>
public sealed record SubmissionOutcome(SubmissionStatus Status, long ResponseId = 0, int UnitId = 0, bool General = false,
    LinkState Refusal = LinkState.Unknown)
{
    public static SubmissionOutcome Refused(LinkState state) => new(SubmissionStatus.LinkRefused, Refusal: state);
}

/// <summary>What <see cref="SubmissionStore.TryStoreSingleUseAsync"/> did: stored, or read the link it did not store for (null: unknown).</summary>
public sealed record FirstAttempt(SubmissionOutcome? Stored, Invitation? Link);

/// <summary>
/// What an idempotency record keeps of a stored submission (its body column, as JSON, written by SubmissionStore's SQL):
/// the facts, not an HTTP body, so a replay is written by the same code as the first answer.
/// </summary>
internal sealed record StoredSubmission(long ResponseId, int UnitId, bool General);

/// <summary>
/// The submission hot path, in plain SQL on one connection and one transaction: consume the link (the database picks the one
/// winner), store the response and its answers, queue it for the rollups, raise a review item for a low rating with a
/// comment, and remember the Idempotency-Key's result. Either all of it happens or none of it.
/// </summary>
public sealed class SubmissionStore(NpgsqlDataSource dataSource, TimeProvider clock, IConfiguration config, PublishedVersions versions)
{
    // The rows a stored response consists of, written by one statement after the `response` CTE: its answers, its place in
    // the rollup queue and, for a low overall rating with a comment, a review item for the inspection board.
    private const string StoreRestSql = $"""
        answers AS (
            INSERT INTO response_answers (response_id, question_id, criterion, score, text)
            SELECT response.id, q, c, s, t FROM response, unnest(@q, @c, @s, @t) AS a(q, c, s, t)
        ),
        queued AS (
            INSERT INTO pending_rollups (response_id) SELECT id FROM response
        ),
        review AS (
            INSERT INTO review_items (kind, unit_id, subject_kind, subject_id, response_id, summary, dedup_key, created_at)
            SELECT 'LowScoreComment', response.unit_id, CASE WHEN response.official_id IS NULL THEN 'Unit' ELSE 'Official' END,
                   coalesce(response.official_id, response.unit_id), response.id, @comment::text, 'comment:' || response.id, @now
            FROM response WHERE @review
            ON CONFLICT (dedup_key) DO NOTHING
        ),
        -- With an Idempotency-Key, the facts a replay answers with (StoredSubmission, as JSON); only a stored submission is
        -- ever recorded, hence the one status.
        remembered AS (
            INSERT INTO idempotency_records (key, scope, created_at, status_code, body, request_hash)
            SELECT @key::text, '{ScopePrefix}' || response.invitation_id, @now, 201,
                   json_build_object('responseId', response.id, 'unitId', response.unit_id, 'general', @general)::text, @request_hash::text
            FROM response WHERE @key::text IS NOT NULL
        )
        """;

    private const string StoredSql = "SELECT id, unit_id FROM response";

    private const string ResponseColumns = """
        responses (invitation_id, survey_version_id, unit_id, agency_id, official_id, procedure_id, service_point_id,
            is_general_fallback, submitted_at, comment, disappointments, language, device_hash, ip_hash)
        """;

    private const string InsertSql = $"""
        WITH response AS (
            INSERT INTO {ResponseColumns}
            VALUES (@inv, @ver, @unit, @agency, @official, @procedure, @sp, @general, @now, @comment, ARRAY[]::text[], @lang, @device, @ip)
            RETURNING id, official_id, unit_id, invitation_id
        ),
        {StoreRestSql}
        {StoredSql}
        """;

    // A single-use link's whole submission in one statement, hence one round trip and its own transaction: the UPDATE
    // lets exactly one of any number of simultaneous submissions through (the rest block on its row lock, then see used_at),
    // and only that one inserts anything.
    private const string ConsumeAndInsertSql = $"""
        WITH consumed AS (
            UPDATE invitations SET used_at = @now
            WHERE id = @inv AND {LinkRules.SingleUseOpenSql}
            RETURNING id
        ),
        response AS (
            INSERT INTO {ResponseColumns}
            -- A null parameter has no type of its own, and a SELECT list (unlike VALUES) does not lend it the column's.
            SELECT consumed.id, @ver, @unit, @agency::int, @official::int, @procedure::int, @sp::int, @general, @now, @comment::text, ARRAY[]::text[],
                   @lang, @device::text, @ip::text
            FROM consumed
            RETURNING id, official_id, unit_id, invitation_id
        ),
        {StoreRestSql}
        {StoredSql}
        """;

    // The same found by the token instead of an id read before (hence no lookup statement: one round trip for the whole
    // submission), with what the response row takes from the link read from the row it consumes. It consumes only a
    // single-use link that is open and of the survey version the answers were checked against (@ver): any other link is
    // left as it is and nothing is stored; the statement then returns the link's row instead (as of its snapshot), from
    // which the caller goes on as after a lookup (SubmitAsync), and no row at all for an unknown token.
    private static readonly string ConsumeByTokenAndInsertSql = $"""
        WITH consumed AS (
            UPDATE invitations SET used_at = @now
            WHERE token_hash = @hash AND survey_version_id = @ver AND {LinkRules.SingleUseKindSql} AND {LinkRules.SingleUseOpenSql}
            RETURNING id, unit_id, agency_id, official_id, procedure_id, service_point_id
        ),
        response AS (
            INSERT INTO {ResponseColumns}
            SELECT id, @ver, unit_id, agency_id, official_id, procedure_id, service_point_id, false, @now, @comment::text, ARRAY[]::text[],
                   @lang, NULL, @ip::text
            FROM consumed
            RETURNING id, official_id, unit_id, invitation_id
        ),
        {StoreRestSql}
        SELECT id, unit_id, NULL::bigint, NULL::int, NULL::int, NULL::int, NULL::int, NULL::int, NULL::varchar, NULL::timestamptz,
               NULL::timestamptz, NULL::timestamptz, NULL::timestamptz
        FROM response
        UNION ALL
        SELECT NULL, unit_id, id, survey_version_id, agency_id, official_id, procedure_id, service_point_id, {LinkRules.StateColumns}
        FROM invitations WHERE token_hash = @hash AND NOT EXISTS (SELECT 1 FROM response)
        """;

    // A standing link's submission without an Idempotency-Key in one statement after the device's lock (sent together as one
    // batch, hence one round trip and one implicit transaction): it stores only while the link is open and the device has
    // not rated it within the window, with whoever is on shift at a counter now. The lock comes first so that the window
    // check, whose snapshot is taken after it, cannot be raced by the same device.
    private static readonly string StandingInsertSql = $"""
        WITH response AS (
            INSERT INTO {ResponseColumns}
            SELECT i.id, @ver, @unit, @agency::int,
                   CASE WHEN @on_duty THEN {OnDuty.OfficialIdSql("@sp")} ELSE @official::int END,
                   @procedure::int, @sp::int, false, @now, @comment::text, ARRAY[]::text[], @lang, @device::text, @ip::text
            FROM invitations i
            WHERE i.id = @inv AND {LinkRules.StandingOpenSql}
              AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = @inv AND r.device_hash = @device AND r.submitted_at > @since)
            RETURNING id, official_id, unit_id, invitation_id
        ),
        {StoreRestSql}
        {StoredSql}
        """;

    // Sent without Npgsql's rewriting of named parameters (PositionalSql says why).
    private static readonly PositionalSql Insert = new(InsertSql);
    private static readonly PositionalSql ConsumeAndInsert = new(ConsumeAndInsertSql);
    private static readonly PositionalSql ConsumeByTokenAndInsert = new(ConsumeByTokenAndInsertSql);
    private static readonly PositionalSql StandingInsert = new(StandingInsertSql);

    private const string DeviceLockSql = "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))";

    public async Task<SubmissionOutcome> SubmitAsync(Submission s, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await SubmitAsync(conn, s, ct);
    }

    /// <summary>
    /// On the caller's open connection (the API's, which read the link on it): one pooled connection a submission instead of
    /// two, and so one reset of its session state in PostgreSQL instead of two.
    /// </summary>
    public async Task<SubmissionOutcome> SubmitAsync(NpgsqlConnection conn, Submission s, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var form = s.Form;
        var scope = Scope(form.InvitationId);

        if (LinkRules.IsSingleUse(form.Kind) && form.State == LinkState.Open)
        {
            // The common case, measured in BENCHMARKS.md §2, with or without an Idempotency-Key (a stored key means a used
            // link, so the consuming UPDATE refuses it). A refusal falls through to the path below, which works out why.
            if (await StoreAsync(conn, null, ConsumeAndInsert, s, form.OfficialId, general: false, now, ct) is { } id)
            {
                versions.NoteSingleUseAnswered(form.SurveyVersionId);
                return new SubmissionOutcome(SubmissionStatus.Stored, id, form.UnitId, General: false);
            }
        }

        else if (form.State == LinkState.Open && s.IdempotencyKey is null)
        {
            // A standing link (a counter's, a meeting's, a year's QR): BENCHMARKS.md §2's round trips. A refusal falls through too.
            if (await StoreStandingAsync(conn, s, now, ct) is { } id) return new SubmissionOutcome(SubmissionStatus.Stored, id, form.UnitId, General: false);
        }

        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

        if (s.IdempotencyKey is not null && await ReplayAsync(conn, tx, scope, s, ct) is { } replay) return replay;

        var general = false;
        int? officialId = form.OfficialId;
        if (LinkRules.IsSingleUse(form.Kind))
        {
            // Exactly one of any number of simultaneous submissions gets the row back; the rest block on its lock, then see used_at.
            var consumed = await ScalarAsync(conn, tx, $"""
                UPDATE invitations SET used_at = @now
                WHERE id = @id AND {LinkRules.SingleUseOpenSql}
                RETURNING id
                """, ct, ("now", now), ("id", form.InvitationId));
            if (consumed is null && form.Kind == InvitationKind.Transaction)
            {
                // An expired transaction link nobody used still takes one general rating of the ward; it is consumed the same way.
                // A yearly slip has no such fallback: after its window it is closed like the yearly QR.
                consumed = await ScalarAsync(conn, tx, $"""
                    UPDATE invitations SET used_at = @now
                    WHERE id = @id AND {LinkRules.TransactionGeneralFallbackSql}
                    RETURNING id
                    """, ct, ("now", now), ("id", form.InvitationId));
                general = consumed is not null;
            }
            if (consumed is null)
            {
                await tx.RollbackAsync(ct);
                return await ReplayAfterLossAsync(s, scope, ct)
                    ?? SubmissionOutcome.Refused(RefusalOfSingleUse(await StateAsync(conn, null, form.InvitationId, now, ct)));
            }
            if (general != (form.State == LinkState.GeneralFallback))
            {
                // The link expired (or was found valid) between reading the form and submitting: the answers were checked for the other mode.
                await tx.RollbackAsync(ct);
                return SubmissionOutcome.Refused(LinkState.GeneralFallback);
            }
            if (general) officialId = null;
        }
        else
        {
            var state = await StateAsync(conn, tx, form.InvitationId, now, ct);
            if (state != LinkState.Open)
            {
                await tx.RollbackAsync(ct);
                return SubmissionOutcome.Refused(state);
            }
            if (s.DeviceHash is not null)
            {
                // Serialises two submissions of the same device on the same QR, so the window check below cannot be raced.
                await ExecuteAsync(conn, tx, DeviceLockSql, ct, ("k", DeviceLockKey(s)));
                var recent = await ScalarAsync(conn, tx, """
                    SELECT 1 FROM responses WHERE invitation_id = @id AND device_hash = @d AND submitted_at > @since LIMIT 1
                    """, ct, ("id", form.InvitationId), ("d", s.DeviceHash), ("since", DeviceWindowStart(now)));
                if (recent is not null)
                {
                    await tx.RollbackAsync(ct);
                    return await ReplayAfterLossAsync(s, scope, ct) ?? new SubmissionOutcome(SubmissionStatus.DeviceAlreadyRated);
                }
            }
            if (form.Kind == InvitationKind.Counter && form.ServicePointId is { } sp)
            {
                officialId = (int?)await ScalarAsync(conn, tx, OnDutySql, ct, ("sp", sp), ("now", now));
            }
        }

        var responseId = (await StoreAsync(conn, tx, Insert, s, officialId, general, now, ct))!.Value;
        await tx.CommitAsync(ct);
        return new SubmissionOutcome(SubmissionStatus.Stored, responseId, form.UnitId, general);
    }

    /// <summary>
    /// The common submission in one statement, before anything is read (<see cref="ConsumeByTokenAndInsertSql"/>): a
    /// single-use link found by its token's hash, the answers already checked against survey version
    /// <paramref name="versionId"/> as an open link's full form (null: checked against none, so only the link is read).
    /// When it stored nothing — another kind of link, another version, a link that is not open — nothing of the link changed
    /// and the result carries the link as read, for <see cref="SubmitAsync(NpgsqlConnection, Submission, CancellationToken)"/>
    /// to store it or say why not; neither for an unknown token.
    /// </summary>
    public async Task<FirstAttempt> TryStoreSingleUseAsync(NpgsqlConnection conn, byte[] tokenHash, int? versionId, SubmittedAnswers s,
        CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(ConsumeByTokenAndInsert.Sql, conn);
        var parameters = ConsumeByTokenAndInsert.Start(cmd.Parameters);
        parameters.Add("hash", new NpgsqlParameter<byte[]> { TypedValue = tokenHash });
        parameters.Add("ver", Int(versionId));
        AddAnswerParameters(parameters, s, general: false, clock.GetUtcNow());
        parameters.Complete();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return new FirstAttempt(null, null);
        if (!r.IsDBNull(0)) return new FirstAttempt(new SubmissionOutcome(SubmissionStatus.Stored, r.GetInt64(0), r.GetInt32(1), General: false), null);
        int? Number(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        DateTimeOffset? Time(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
        return new FirstAttempt(null, new Invitation
        {
            Id = r.GetInt64(2), TokenHash = tokenHash, SurveyVersionId = r.GetInt32(3), UnitId = r.GetInt32(1), AgencyId = Number(4),
            OfficialId = Number(5), ProcedureId = Number(6), ServicePointId = Number(7), Kind = Enum.Parse<InvitationKind>(r.GetString(8)),
            RevokedAt = Time(9), UsedAt = Time(10), ValidFrom = Time(11), ExpiresAt = Time(12),
        });
    }

    private DateTimeOffset DeviceWindowStart(DateTimeOffset now) => now.AddHours(-config.GetValue("HaiLong:Surveys:DeviceWindowHours", 12.0));

    private static string DeviceLockKey(Submission s) => $"{s.Form.InvitationId}:{s.DeviceHash}";

    /// <summary>Runs <see cref="StandingInsertSql"/> (after the device's lock, when there is a device); null when it stored nothing.</summary>
    private async Task<long?> StoreStandingAsync(NpgsqlConnection conn, Submission s, DateTimeOffset now, CancellationToken ct)
    {
        var form = s.Form;
        await using var batch = new NpgsqlBatch(conn);
        if (s.DeviceHash is not null)
        {
            var lockCommand = new NpgsqlBatchCommand(DeviceLockSql);
            lockCommand.Parameters.Add(new NpgsqlParameter<string>("k", DeviceLockKey(s)));
            batch.BatchCommands.Add(lockCommand);
        }
        var insert = new NpgsqlBatchCommand(StandingInsert.Sql);
        var parameters = StandingInsert.Start(insert.Parameters);
        AddStoreParameters(parameters, s, form.OfficialId, general: false, now);
        parameters.Add("on_duty", new NpgsqlParameter<bool> { TypedValue = form.Kind == InvitationKind.Counter && form.ServicePointId is not null });
        parameters.Add("since", new NpgsqlParameter<DateTimeOffset> { TypedValue = DeviceWindowStart(now).ToUniversalTime() });
        parameters.Complete();
        batch.BatchCommands.Add(insert);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (s.DeviceHash is not null) await reader.NextResultAsync(ct);
        return await reader.ReadAsync(ct) ? reader.GetInt64(0) : null;
    }

    /// <summary>The stored result of an earlier submission with this key on this invitation, if any.</summary>
    public Task<SubmissionOutcome?> FindReplayAsync(NpgsqlConnection conn, long invitationId, string key, string requestHash, CancellationToken ct) =>
        ReplayAsync(conn, null, Scope(invitationId), key, requestHash, ct);

    /// <summary>An Idempotency-Key is remembered per invitation: the same key on two links is two submissions.</summary>
    private static string Scope(long invitationId) => ScopePrefix + invitationId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><see cref="Scope"/> before the invitation's id; <see cref="StoreRestSql"/> appends the id in SQL.</summary>
    private const string ScopePrefix = "submission:";

    /// <summary>Records the criteria a citizen named as disappointing, once, on their own fresh response.</summary>
    public async Task<bool> RecordDisappointmentsAsync(long responseId, string[] criteria, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "UPDATE responses SET disappointments = @d WHERE id = @id AND cardinality(disappointments) = 0", conn);
        cmd.Parameters.AddWithValue("id", responseId);
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("d", criteria));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private static Task<SubmissionOutcome?> ReplayAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string scope, Submission s, CancellationToken ct) =>
        ReplayAsync(conn, tx, scope, s.IdempotencyKey!, s.RequestHash, ct);

    private static async Task<SubmissionOutcome?> ReplayAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string scope, string key,
        string? requestHash, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT body, request_hash FROM idempotency_records WHERE scope = @scope AND key = @k", conn, tx);
        cmd.Parameters.AddWithValue("scope", scope);
        cmd.Parameters.AddWithValue("k", key);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var hash = reader.IsDBNull(1) ? null : reader.GetString(1);
        if (hash != requestHash) return new SubmissionOutcome(SubmissionStatus.KeyReused);
        var stored = JsonSerializer.Deserialize<StoredSubmission>(reader.GetString(0), JsonSerializerOptions.Web)!;
        return new SubmissionOutcome(SubmissionStatus.Replayed, stored.ResponseId, stored.UnitId, stored.General);
    }

    /// <summary>A retry that raced its own first attempt loses the link to it; it still gets the first attempt's result.</summary>
    private async Task<SubmissionOutcome?> ReplayAfterLossAsync(Submission s, string scope, CancellationToken ct)
    {
        if (s.IdempotencyKey is null) return null;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await ReplayAsync(conn, null, scope, s, ct);
    }

    private static readonly string OnDutySql = $"SELECT {OnDuty.OfficialIdSql("@sp")}";

    /// <summary>The link's state as the database has it now (inside the caller's transaction, if any); a vanished row counts as revoked.</summary>
    private static async Task<LinkState> StateAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {LinkRules.StateColumns} FROM invitations WHERE id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return LinkState.Revoked;
        DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        return LinkRules.StateOf(Enum.Parse<InvitationKind>(reader.GetString(0)), Time(1), Time(2), Time(3), Time(4), now);
    }

    /// <summary>
    /// Why no consuming UPDATE took a single-use link. They refuse a used or revoked link (and a slip outside its year), so a
    /// state that still looks usable means it changed under us (expired between the two): refused as a link that changed, like
    /// the general fallback.
    /// </summary>
    private static LinkState RefusalOfSingleUse(LinkState state) => LinkRules.IsAnswerable(state) ? LinkState.GeneralFallback : state;

    /// <summary>Runs <see cref="InsertSql"/> or <see cref="ConsumeAndInsertSql"/>; null when the link could not be consumed.</summary>
    private static async Task<long?> StoreAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, PositionalSql sql, Submission s, int? officialId,
        bool general, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql.Sql, conn, tx);
        var parameters = sql.Start(cmd.Parameters);
        AddStoreParameters(parameters, s, officialId, general, now);
        parameters.Complete();
        return await cmd.ExecuteScalarAsync(ct) is long id ? id : null;
    }

    /// <summary>The parameters of <see cref="StoreRestSql"/> and of the response row before it.</summary>
    private static void AddStoreParameters(PositionalSql.Parameters parameters, Submission s, int? officialId, bool general, DateTimeOffset now)
    {
        var form = s.Form;
        parameters.Add("inv", new NpgsqlParameter<long> { TypedValue = form.InvitationId });
        parameters.Add("ver", new NpgsqlParameter<int> { TypedValue = form.SurveyVersionId });
        parameters.Add("unit", new NpgsqlParameter<int> { TypedValue = form.UnitId });
        parameters.Add("agency", Int(general ? null : form.AgencyId));
        parameters.Add("official", Int(officialId));
        parameters.Add("procedure", Int(general ? null : form.ProcedureId));
        parameters.Add("sp", Int(general ? null : form.ServicePointId));
        AddAnswerParameters(parameters, s.Checked, general, now);
    }

    /// <summary>
    /// The parameters that do not come from the link: the answers, as four arrays for unnest, and the rest of the response
    /// row and its companions. Typed, so nothing is boxed and Npgsql needs no type inference.
    /// </summary>
    private static void AddAnswerParameters(PositionalSql.Parameters parameters, SubmittedAnswers s, bool general, DateTimeOffset now)
    {
        var answers = s.Answers;
        var questions = new int[answers.Count];
        var criteria = new string[answers.Count];
        var scores = new short?[answers.Count];
        var texts = new string?[answers.Count];
        short? overall = null;
        var overallSeen = false;
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            (questions[i], criteria[i], scores[i], texts[i]) = (a.QuestionId, a.Criterion, a.Score, a.Text);
            if (!overallSeen && a.Criterion == Criteria.Overall) (overallSeen, overall) = (true, a.Score);
        }
        parameters.Add("general", new NpgsqlParameter<bool> { TypedValue = general });
        parameters.Add("now", new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
        parameters.Add("comment", Text(s.Comment));
        parameters.Add("lang", new NpgsqlParameter<string> { TypedValue = s.Language });
        parameters.Add("device", Text(s.DeviceHash));
        parameters.Add("ip", Text(s.IpHash));
        parameters.Add("review", new NpgsqlParameter<bool> { TypedValue = overall is 1 or 2 && !string.IsNullOrWhiteSpace(s.Comment) });
        parameters.Add("key", Text(s.IdempotencyKey));
        parameters.Add("request_hash", Text(s.RequestHash));
        parameters.Add("q", new NpgsqlParameter<int[]> { TypedValue = questions });
        parameters.Add("c", new NpgsqlParameter<string[]> { TypedValue = criteria });
        parameters.Add("s", new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint, Value = scores });
        parameters.Add("t", new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = texts });
    }

    private static NpgsqlParameter Int(int? value) =>
        value is { } v ? new NpgsqlParameter<int> { TypedValue = v } : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = DBNull.Value };

    private static NpgsqlParameter Text(string? value) =>
        value is not null ? new NpgsqlParameter<string> { TypedValue = value } : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value };

    private static async Task<object?> ScalarAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(conn, tx, sql, parameters);
        var result = await cmd.ExecuteScalarAsync(ct);
        return result is DBNull ? null : result;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(conn, tx, sql, parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var p in Parameters(parameters)) cmd.Parameters.Add(p);
        return cmd;
    }

    private static IEnumerable<NpgsqlParameter> Parameters((string Name, object? Value)[] parameters) =>
        parameters.Select(p => p.Value switch
        {
            DateTimeOffset d => new NpgsqlParameter<DateTimeOffset>(p.Name, d.ToUniversalTime()),
            null => new NpgsqlParameter(p.Name, DBNull.Value),
            _ => new NpgsqlParameter(p.Name, p.Value),
        });
}
