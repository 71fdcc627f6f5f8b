using System.Data;
using System.Text.Json;
using HaiLong.Api.Features.Registry;
using Npgsql;
using NpgsqlTypes;

namespace HaiLong.Api.Features.Responses;

public sealed record Submission(
    SurveyForm Form,
    IReadOnlyList<ValidAnswer> Answers,
    string? Comment,
    string Language,
    string? DeviceHash,
    string? IpHash,
    string? IdempotencyKey = null,
    string? RequestHash = null);

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

/// <summary>What an idempotency record keeps of a stored submission (its body column, as JSON).</summary>
internal sealed record StoredSubmission(long ResponseId, int UnitId, bool General);

/// <summary>
/// The submission hot path, in plain SQL on one connection and one transaction: consume the link (the database picks the one
/// winner), store the response and its answers, queue it for the rollups, raise a review item for a low rating with a
/// comment, and remember the Idempotency-Key's result. Either all of it happens or none of it.
/// </summary>
public sealed class SubmissionStore(NpgsqlDataSource dataSource, TimeProvider clock, IConfiguration config)
{
    // The rows a stored response consists of, written by one statement after the `response` CTE: its answers, its place in
    // the rollup queue and, for a low overall rating with a comment, a review item for the inspection board.
    private const string StoreRestSql = """
        answers AS (
            INSERT INTO response_answers (response_id, question_id, criterion, score, text)
            SELECT response.id, q, c, s, t FROM response, unnest(@q, @c, @s, @t) AS a(q, c, s, t)
        ),
        queued AS (
            INSERT INTO pending_rollups (response_id) SELECT id FROM response
        ),
        review AS (
            INSERT INTO review_items (kind, unit_id, subject_kind, subject_id, response_id, summary, dedup_key, created_at)
            SELECT 'LowScoreComment', @unit, @review_subject_kind, @review_subject_id, response.id, @comment::text, 'comment:' || response.id, @now
            FROM response WHERE @review
            ON CONFLICT (dedup_key) DO NOTHING
        )
        SELECT id FROM response
        """;

    private const string ResponseColumns = """
        responses (invitation_id, survey_version_id, unit_id, agency_id, official_id, procedure_id, service_point_id,
            is_general_fallback, submitted_at, comment, disappointments, language, device_hash, ip_hash)
        """;

    private const string InsertSql = $"""
        WITH response AS (
            INSERT INTO {ResponseColumns}
            VALUES (@inv, @ver, @unit, @agency, @official, @procedure, @sp, @general, @now, @comment, ARRAY[]::text[], @lang, @device, @ip)
            RETURNING id
        ),
        {StoreRestSql}
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
            RETURNING id
        ),
        {StoreRestSql}
        """;

    public async Task<SubmissionOutcome> SubmitAsync(Submission s, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var form = s.Form;
        var scope = $"submission:{form.InvitationId}";
        await using var conn = await dataSource.OpenConnectionAsync(ct);

        if (LinkRules.IsSingleUse(form.Kind) && form.State == LinkState.Open && s.IdempotencyKey is null)
        {
            // The common case, measured in BENCHMARKS.md §2. A refusal falls through to the path below, which works out why.
            if (await StoreAsync(conn, null, ConsumeAndInsertSql, s, form.OfficialId, general: false, now, ct) is { } id)
            {
                return new SubmissionOutcome(SubmissionStatus.Stored, id, form.UnitId, General: false);
            }
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
                await ExecuteAsync(conn, tx, "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", ct, ("k", $"{form.InvitationId}:{s.DeviceHash}"));
                var hours = config.GetValue("HaiLong:Surveys:DeviceWindowHours", 12.0);
                var recent = await ScalarAsync(conn, tx, """
                    SELECT 1 FROM responses WHERE invitation_id = @id AND device_hash = @d AND submitted_at > @since LIMIT 1
                    """, ct, ("id", form.InvitationId), ("d", s.DeviceHash), ("since", now.AddHours(-hours)));
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

        var responseId = (await StoreAsync(conn, tx, InsertSql, s, officialId, general, now, ct))!.Value;

        if (s.IdempotencyKey is not null)
        {
            // The record keeps the facts, not an HTTP body: a replay is written by the same code as the first answer.
            // Only a stored submission is ever recorded, hence the one status.
            var body = JsonSerializer.Serialize(new StoredSubmission(responseId, form.UnitId, general), JsonSerializerOptions.Web);
            await ExecuteAsync(conn, tx, """
                INSERT INTO idempotency_records (key, scope, created_at, status_code, body, request_hash)
                VALUES (@k, @scope, @now, @status, @body, @hash)
                """, ct, ("k", s.IdempotencyKey), ("scope", scope), ("now", now), ("status", StatusCodes.Status201Created), ("body", body),
                ("hash", s.RequestHash));
        }
        await tx.CommitAsync(ct);
        return new SubmissionOutcome(SubmissionStatus.Stored, responseId, form.UnitId, general);
    }

    /// <summary>The stored result of an earlier submission with this key on this invitation, if any.</summary>
    public async Task<SubmissionOutcome?> FindReplayAsync(long invitationId, string key, string requestHash, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await ReplayAsync(conn, null, $"submission:{invitationId}", key, requestHash, ct);
    }

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
    private static async Task<long?> StoreAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, Submission s, int? officialId,
        bool general, DateTimeOffset now, CancellationToken ct)
    {
        var form = s.Form;
        var overall = s.Answers.FirstOrDefault(a => a.Criterion == Criteria.Overall)?.Score;
        var review = overall is 1 or 2 && !string.IsNullOrWhiteSpace(s.Comment);
        await using var cmd = Command(conn, tx, sql, [
            ("inv", form.InvitationId), ("ver", form.SurveyVersionId), ("unit", form.UnitId),
            ("agency", general ? null : form.AgencyId), ("official", officialId), ("procedure", general ? null : form.ProcedureId),
            ("sp", general ? null : form.ServicePointId), ("general", general), ("now", now), ("comment", s.Comment), ("lang", s.Language),
            ("device", s.DeviceHash), ("ip", s.IpHash), ("review", review),
            ("review_subject_kind", officialId is null ? nameof(SubjectKind.Unit) : nameof(SubjectKind.Official)),
            ("review_subject_id", officialId ?? form.UnitId)]);
        cmd.Parameters.Add(new NpgsqlParameter<int[]>("q", s.Answers.Select(a => a.QuestionId).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("c", s.Answers.Select(a => a.Criterion).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = s.Answers.Select(a => a.Score).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = s.Answers.Select(a => a.Text).ToArray() });
        return await cmd.ExecuteScalarAsync(ct) is long id ? id : null;
    }

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
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.Add(value switch
            {
                DateTimeOffset d => new NpgsqlParameter<DateTimeOffset>(name, d.ToUniversalTime()),
                null => new NpgsqlParameter(name, DBNull.Value),
                _ => new NpgsqlParameter(name, value),
            });
        }
        return cmd;
    }
}
