using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using HaiLong.Api.Features.Invitations;
using HaiLong.Api.Features.Scorecards;
using HaiLong.Api.Features.Surveys;
using HaiLong.Api.Infrastructure.Seeding;
using Dapper;
using HaiLong.Data.Entities;
using Npgsql;

namespace HaiLong.Faults;

public sealed record FaultToken(long InvitationId, string Token);

/// <summary>What the fault tests put in the database and read back from it, in plain SQL against the seeded demo world.</summary>
public static class World
{
    public const string DossierPrefix = "FAULT-";

    /// <summary>
    /// Transaction invitations as the issuer makes them (service survey, official's agency and ward, 7 days), written in one
    /// statement so a run can hold tens of thousands; tokens are returned, only their hashes stored.
    /// </summary>
    public static async Task<List<FaultToken>> IssueTokensAsync(NpgsqlDataSource db, int count, string batch)
    {
        var tokens = Enumerable.Range(0, count).Select(_ => InvitationTokens.New()).ToList();
        var byHash = tokens.ToDictionary(t => Convert.ToHexString(t.Hash), t => t.Token);
        await using var cmd = db.CreateCommand("""
            WITH version AS (
                SELECT v.id FROM survey_versions v JOIN survey_templates t ON t.id = v.template_id
                WHERE t.code = @template AND v.published_at IS NOT NULL ORDER BY v.number DESC LIMIT 1),
            staff AS (
                SELECT row_number() OVER (ORDER BY o.id) - 1 AS k, o.id, o.agency_id, a.unit_id
                FROM officials o JOIN agencies a ON a.id = o.agency_id WHERE o.agency_id IS NOT NULL),
            procedure AS (SELECT min(id) AS id FROM procedures)
            INSERT INTO invitations (token_hash, kind, survey_version_id, unit_id, agency_id, official_id, procedure_id,
                dossier_reference, created_at, expires_at)
            SELECT t.h, 'Transaction', (SELECT id FROM version), s.unit_id, s.agency_id, s.id, (SELECT id FROM procedure),
                @prefix || t.n, now(), now() + interval '7 days'
            FROM unnest(@hashes) WITH ORDINALITY AS t(h, n)
            JOIN staff s ON s.k = t.n % (SELECT count(*) FROM staff)
            RETURNING id, token_hash
            """);
        cmd.Parameters.AddWithValue("template", DefaultTemplates.ServiceCode);
        cmd.Parameters.AddWithValue("prefix", $"{DossierPrefix}{batch}-");
        cmd.Parameters.AddWithValue("hashes", tokens.Select(t => t.Hash).ToArray());
        var issued = new List<FaultToken>(count);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            issued.Add(new FaultToken(reader.GetInt64(0), byHash[Convert.ToHexString(reader.GetFieldValue<byte[]>(1))]));
        }
        if (issued.Count != count) throw new InvalidOperationException($"issued {issued.Count} of {count} invitations");
        return issued;
    }

    /// <summary>
    /// A pending backlog written by the one test-side writer of responses (response, Likert answers, pending_rollups row),
    /// spread over the officials and the last 400 days, with scores from a fixed pseudo-random pattern.
    /// </summary>
    public static async Task AddBacklogAsync(NpgsqlDataSource db, int responses)
    {
        await using var conn = await db.OpenConnectionAsync();
        var survey = await SurveyQuestions.LatestAsync(conn, DefaultTemplates.ServiceCode)
            ?? throw new InvalidOperationException("the demo world has no service survey");
        var staff = (await conn.QueryAsync<(int Official, int Agency, int Unit)>(
            "SELECT o.id, o.agency_id, a.unit_id FROM officials o JOIN agencies a ON a.id = o.agency_id ORDER BY o.id")).ToArray();
        var procedure = await conn.ExecuteScalarAsync<int>("SELECT min(id) FROM procedures");
        var criteria = survey.ByCriterion.Keys.ToArray();
        var now = DateTimeOffset.UtcNow;
        var specs = Enumerable.Range(1, responses).Select(g =>
        {
            var (official, agency, unit) = staff[g % staff.Length];
            var scores = criteria.Select((c, q) => (c, (short?)(1 + (g * 7 + q * 13) % 5))).ToDictionary(a => a.c, a => a.Item2);
            return new ResponseSpec(unit, now.AddDays(-(g % 400)).AddMinutes(-(g % 1440)), scores, agency, official, procedure);
        }).ToArray();
        await using var tx = await conn.BeginTransactionAsync();
        await ResponseRows.WriteAsync(conn, survey, specs);
        await tx.CommitAsync();
    }

    public static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Acknowledged (invitation, response) pairs that are not in the database as acknowledged.</summary>
    public static Task<long> MissingAcknowledgedAsync(NpgsqlDataSource db, IReadOnlyCollection<(long InvitationId, long ResponseId)> acks) =>
        ScalarAsync(db, """
            SELECT count(*) FROM unnest(@i, @r) AS a(i, r)
            WHERE NOT EXISTS (SELECT 1 FROM responses x WHERE x.id = a.r AND x.invitation_id = a.i)
            """, ("i", acks.Select(a => a.InvitationId).ToArray()), ("r", acks.Select(a => a.ResponseId).ToArray()));

    /// <summary>
    /// What a fault under submission load must leave, whatever the fault: every acknowledged response stored, no token used
    /// without its response, no response whose token is not used, no token with two responses. What broke goes in <paramref name="broken"/>.
    /// </summary>
    public static async Task CheckExactlyOnceAsync(NpgsqlDataSource db, IReadOnlyCollection<(long InvitationId, long ResponseId)> acks,
        List<string> broken)
    {
        var missing = await MissingAcknowledgedAsync(db, acks);
        if (missing > 0) broken.Add($"{missing} acknowledged responses are not in the database");
        var usedWithout = await UsedWithoutResponseAsync(db);
        if (usedWithout > 0) broken.Add($"{usedWithout} tokens are marked used without a response");
        var responseWithoutUse = await ResponseWithoutUseAsync(db);
        if (responseWithoutUse > 0) broken.Add($"{responseWithoutUse} responses belong to a token not marked used");
        var twice = await ConsumedTwiceAsync(db);
        if (twice > 0) broken.Add($"{twice} tokens have more than one response");
    }

    public static Task<long> UsedWithoutResponseAsync(NpgsqlDataSource db) => ScalarAsync(db, $"""
        SELECT count(*) FROM invitations i
        WHERE i.dossier_reference LIKE '{DossierPrefix}%' AND i.used_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id)
        """);

    public static Task<long> ResponseWithoutUseAsync(NpgsqlDataSource db) => ScalarAsync(db, $"""
        SELECT count(*) FROM responses r JOIN invitations i ON i.id = r.invitation_id
        WHERE i.dossier_reference LIKE '{DossierPrefix}%' AND i.used_at IS NULL
        """);

    public static Task<long> ConsumedTwiceAsync(NpgsqlDataSource db) => ScalarAsync(db, $"""
        SELECT count(*) FROM (
            SELECT r.invitation_id FROM responses r JOIN invitations i ON i.id = r.invitation_id
            WHERE i.dossier_reference LIKE '{DossierPrefix}%' GROUP BY r.invitation_id HAVING count(*) > 1) twice
        """);

    public static Task<long> FaultResponsesAsync(NpgsqlDataSource db) => ScalarAsync(db, $"""
        SELECT count(*) FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.dossier_reference LIKE '{DossierPrefix}%'
        """);

    public static Task<long> WithoutPendingRowAsync(NpgsqlDataSource db) => ScalarAsync(db, $"""
        SELECT count(*) FROM responses r JOIN invitations i ON i.id = r.invitation_id
        WHERE i.dossier_reference LIKE '{DossierPrefix}%' AND NOT EXISTS (SELECT 1 FROM pending_rollups p WHERE p.response_id = r.id)
        """);

    public static Task<long> PendingAsync(NpgsqlDataSource db) => ScalarAsync(db, "SELECT count(*) FROM pending_rollups");

    /// <summary>Folds everything pending with the job's own statement, batch by batch, as the job would.</summary>
    public static async Task<long> DrainPendingAsync(NpgsqlDataSource db)
    {
        long total = 0;
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            var result = await RollupJob.FoldBatchAsync(conn, tx, 5000, CancellationToken.None);
            await tx.CommitAsync();
            total += result.Responses;
            if (result.Responses == 0) return total;
        }
    }
}

/// <summary>Staff API clients of an app under fault.</summary>
public static class Staff
{
    /// <summary>The demo world's users, one of each role (see Seeder).</summary>
    public static readonly string[] DemoRoles = ["quantri", "lanhdao.phuong", "motcua.phuong", "thanhtra.phuong", "danhgia.phuong"];

    public const string Administrator = "quantri";

    /// <summary>A plain client of the app: no cookies, no redirects followed, a minute's patience.</summary>
    public static HttpClient Client(string baseUrl) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>A client signed in with a bearer token as a demo user.</summary>
    public static async Task<HttpClient> SignInAsync(string baseUrl, string userName)
    {
        var client = Client(baseUrl);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = Seeder.DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>A citizen's HTTP client whose connections leave from a chosen loopback address, so the app sees it as its own IP.</summary>
public static class Citizens
{
    public static HttpClient Client(string baseUrl, IPAddress source, TimeSpan timeout, int connections = 64) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri(baseUrl), Timeout = timeout };

    /// <summary>A complete, valid set of answers to the default service survey.</summary>
    public static object Submission(string token, int overall) => new
    {
        token,
        answers = new object[]
        {
            new { criterion = Criteria.AccessLocation, score = 4 }, new { criterion = Criteria.AccessFacilities, score = 4 },
            new { criterion = Criteria.ProcedurePublic, score = 4 }, new { criterion = Criteria.ProcedureRequirements, score = 4 },
            new { criterion = Criteria.ProcedureFees, score = 4 }, new { criterion = Criteria.OfficialAttitude, score = 4 },
            new { criterion = Criteria.OfficialCompetence, score = 4 }, new { criterion = Criteria.OfficialGuidance, score = 4 },
            new { criterion = Criteria.ResultCorrect, score = 4 }, new { criterion = Criteria.ResultTimeliness, score = 4 },
            new { criterion = Criteria.FeedbackHandling, notApplicable = true },
            new { criterion = "info.revisits", text = "no" },
            new { criterion = Criteria.Overall, score = overall },
        },
        language = "vi",
    };

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string token, int overall, CancellationToken ct = default) =>
        client.PostAsJsonAsync("/api/responses", Submission(token, overall), ct);

    public static async Task<long?> ResponseIdAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Created) return null;
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("responseId").GetInt64();
    }
}
