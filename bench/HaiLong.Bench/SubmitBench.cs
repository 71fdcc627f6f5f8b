using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HaiLong.Api.Features.Invitations;
using Npgsql;
using NpgsqlTypes;

namespace HaiLong.Bench;

/// <summary>
/// Submission throughput: closed-loop POST /api/responses with pre-issued transaction tokens vs pgbench running the same
/// SQL transaction (consume the token, insert the response, its answers and its pending_rollups row) on the same cluster at
/// the same concurrency. The headline's client is wrk (bench/submit.lua), native like pgbench; the same loop from C#
/// HttpClient inside this process is a second line. Then latency at half the wrk peak from an open-loop (fixed arrival
/// schedule) generator in its own process with a fixed number of connections (LoadGen, `bench loadgen`).
/// synchronous_commit stays on (the cluster's default).
/// </summary>
public sealed partial class SubmitBench(BenchDatabase db, Report report)
{
    private Seeder.World _world = null!;

    public async Task<bool> RunAsync(int port, int clients, int seconds, double? fixedRate, int connections, IReadOnlyList<string> generators)
    {
        _world = await new Seeder(db.DataSource).EnsureWorldAsync();
        report.Line($"app connection: Max Auto Prepare = {AppUnderTest.AutoPrepare} (0 = not set by the bench: the app's shipped default, 64)");
        report.Line($"synchronous_commit = {await db.TextAsync("SHOW synchronous_commit")}, "
            + $"PostgreSQL {await db.TextAsync("SHOW server_version")}, {clients} clients, {seconds} s per run");
        // Enough for ~6,000 submissions a second; a thread that runs out sends a refused request and fails the check.
        var perRun = Math.Max(60_000, seconds * 6_000);
        // This run's own label, so that the stored-responses check counts this run's wrk submissions only.
        var wrkLabel = $"wrk{DateTime.UtcNow:HHmmss}";
        var wrkWarmTokens = new List<string>();
        for (var i = 0; i < WarmUp.MaxRounds; i++)
        {
            wrkWarmTokens.Add(await TokenFileAsync(await IssueAsync(WarmUp.RoundSeconds * 6_000, $"{wrkLabel}w{i}-"), $"warm{i}"));
        }
        var wrkTokens = await TokenFileAsync(await IssueAsync(perRun, wrkLabel), "timed");
        var apiTokens = await IssueAsync(perRun, "api");
        var (pgFirst, pgCount) = await IssuePgbenchAsync(150_000);

        await using var app = await AppUnderTest.StartAsync(db.AppConnectionString, port);
        using var http = app.Client(connections: 4096);
        var next = 0;
        string Take() => apiTokens[Interlocked.Increment(ref next) - 1];

        // Warm-up: connection pools, caches, and the JIT's tiers (both clients); wrk then warms until the app's CPU per
        // submission settles (WarmUp).
        await ClosedLoopAsync(http, Take, clients, TimeSpan.FromSeconds(3));
        var curve = await WarmUp.UntilSettledAsync(app.Pid, async i =>
        {
            var warm = await WrkAsync(app.BaseUrl, wrkWarmTokens[i], clients, WarmUp.RoundSeconds);
            return warm.Created + warm.Other;
        });
        report.Line($"warm-up ({WarmUp.RoundSeconds} s wrk rounds), app CPU per submission: {curve}");
        await db.ExecuteAsync("CHECKPOINT");

        // The headline: wrk (C, like pgbench) as the load generator.
        var cpu = new CpuMeter(app.Pid);
        cpu.Start();
        var generator = ProcessCpu.Self();
        var wrk = await WrkAsync(app.BaseUrl, wrkTokens, clients, seconds);
        var wrkCpu = ProcessCpu.Self().Children - generator.Children;
        report.Line(cpu.Per(wrk.Created + wrk.Other, "submission (wrk)") + $"; the load generator (wrk) {1000 * wrkCpu / (wrk.Created + wrk.Other):F2} ms");
        var wrkRate = wrk.Created / wrk.Seconds;
        report.Line($"wrk -t2 -c{clients} -d{seconds}s -s bench/submit.lua POST /api/responses (JSON, 12 Likert answers): {wrk.Created:N0} accepted "
            + $"(201) in {wrk.Seconds:F1} s = {wrkRate:N0}/s; latency p50 {wrk.P50}, p99 {wrk.P99}; {wrk.Other} other outcomes"
            + (wrk.Other > 0 ? $" (first: {wrk.FirstOther})" : ""));

        // The same closed loop from C# HttpClient inside this process, as before (its CPU shares the two cores with the app).
        await db.ExecuteAsync("CHECKPOINT");
        cpu = new CpuMeter(app.Pid);
        cpu.Start();
        generator = ProcessCpu.Self();
        var (apiOk, apiErrors, apiElapsed) = await ClosedLoopAsync(http, Take, clients, TimeSpan.FromSeconds(seconds));
        var clientCpu = ProcessCpu.Self().Own - generator.Own;
        report.Line(cpu.Per(apiOk + apiErrors, "submission (HttpClient)")
            + $"; the load generator (this process) {1000 * clientCpu / (apiOk + apiErrors):F2} ms");
        var apiRate = apiOk / apiElapsed;
        report.Line($"HttpClient POST /api/responses, {clients} tasks: {apiOk:N0} accepted (201) in {apiElapsed:F1} s = {apiRate:N0}/s; "
            + $"{apiErrors} other outcomes");

        await db.ExecuteAsync("CHECKPOINT");
        generator = ProcessCpu.Self();
        var pgRate = await PgbenchAsync(pgFirst, pgCount, clients, seconds);
        var pgbenchCpu = ProcessCpu.Self().Children - generator.Children;
        report.Line($"the load generator (pgbench, warm-up and run) {1000 * pgbenchCpu / (pgRate * (seconds + 3)):F2} ms per transaction");
        report.Line($"RATIO API (wrk) / pgbench = {wrkRate / pgRate:F2} (target ≥ 0.7)");
        report.Line($"RATIO API (HttpClient) / pgbench = {apiRate / pgRate:F2}");

        // Latency at half the peak from an open-loop generator in its own process, with a fixed number of connections
        // (LoadGen: wrk2's model; the earlier in-process generator opened a connection per waiting request, so a hiccup of
        // the app came back as hundreds of new connections and set off the stall it then measured).
        var rate = fixedRate ?? Math.Round(wrkRate / 2);
        long openErrors = 0;
        foreach (var openGenerator in generators)
        {
            var openTokens = await TokenFileAsync(await IssueAsync((int)(rate * (seconds + LoadGen.WarmUpSeconds) * 1.1) + 100, "open"), "open");
            await db.ExecuteAsync("CHECKPOINT");
            cpu = new CpuMeter(app.Pid);
            cpu.Start();
            var open = await LoadGen.RunAsync(app.BaseUrl, openTokens, rate, seconds, connections, openGenerator);
            openErrors += open.Other;
            report.Line(cpu.Per(open.Sent + (long)(rate * LoadGen.WarmUpSeconds), "submission (open loop)"));
            var why = fixedRate is null ? "half the wrk peak" : "--rate";
            // The default generator's line as it always read; another one (`--generator httpclient`) is named in it.
            var name = openGenerator == LoadGen.Sockets ? "bench loadgen" : $"bench loadgen --generator {openGenerator}";
            report.Line($"open loop ({name}, its own process) at a fixed {rate:N0}/s ({why}) for {seconds} s: achieved {open.Achieved:N0}/s, "
                + $"{open.Describe()}; {open.Other} not accepted");
        }

        // What was acknowledged is stored, and no token was consumed without its response.
        var orphans = await db.ScalarAsync("""
            SELECT count(*) FROM invitations i
            WHERE i.used_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id)
            """);
        // wrk may stop with requests in flight (stored, never read), so at least every 201 it counted.
        var wrkStored = await db.ScalarAsync($"""
            SELECT count(*) FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.dossier_reference LIKE 'bench-{wrkLabel}%'
            """);
        var consumed = await db.ScalarAsync("SELECT count(*) FROM invitations WHERE used_at IS NOT NULL AND dossier_reference LIKE 'bench-api-%'");
        var ok = orphans == 0 && wrk.Other == 0 && wrkStored >= wrk.Created + wrk.WarmCreated && apiErrors == 0 && openErrors == 0;
        report.Line($"CHECK consumed API tokens {consumed:N0}, wrk responses stored {wrkStored:N0} for {wrk.Created + wrk.WarmCreated:N0} "
            + $"acknowledged, tokens used without a response {orphans}, refused submissions {wrk.Other + apiErrors + openErrors}: {(ok ? "PASS" : "FAIL")}");
        return ok;
    }

    /// <summary>
    /// Two apps side by side — A as configured, B with <paramref name="bEnvironment"/> and/or from <paramref name="bFolder"/> —
    /// and wrk against A, B, A, B… (<paramref name="rounds"/> each), the app's and PostgreSQL's CPU per submission of every
    /// run printed: a before/after pair on a shared machine, where one run after another meets different neighbours. With
    /// <paramref name="rate"/>, each run after the warm-up is the open loop (LoadGen) at that rate and its latency is compared.
    /// </summary>
    public async Task<bool> CompareAsync(int port, int clients, int seconds, int rounds, Dictionary<string, string> bEnvironment, string? bFolder,
        double? rate = null, int connections = 64, string generator = LoadGen.Sockets)
    {
        _world = await new Seeder(db.DataSource).EnsureWorldAsync();
        var label = $"ab{DateTime.UtcNow:HHmmss}";
        var runs = new List<string>();
        for (var i = 0; i < 2 * rounds + 2; i++) runs.Add(await TokenFileAsync(await IssueAsync(Math.Max(30_000, seconds * 4_000), $"{label}-{i}-"), $"ab{i}"));
        await using var a = await AppUnderTest.StartAsync(db.AppConnectionString, port);
        var folder = AppUnderTest.PublishFolder;
        if (bFolder is not null) AppUnderTest.PublishFolder = bFolder;
        await using var b = await AppUnderTest.StartAsync(db.AppConnectionString, port + 2, bEnvironment);
        AppUnderTest.PublishFolder = folder;
        report.Line($"A/B: A {folder}; B {bFolder ?? folder} with {string.Join(' ', bEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
        var per = new Dictionary<string, List<double>> { ["A"] = [], ["B"] = [] };
        var ok = true;
        for (var i = 0; i < runs.Count; i++)
        {
            var (name, app) = i % 2 == 0 ? ("A", a) : ("B", b);
            var cpu = new CpuMeter(app.Pid);
            // The first run of each is its warm-up, unmetered (a meter also starts dotnet-counters on the app).
            if (i >= 2) cpu.Start();
            if (rate is { } r && i >= 2)
            {
                // --rate: the open loop (LoadGen) at that rate instead of wrk, its p99 compared (the first runs, wrk, warm up).
                var open = await LoadGen.RunAsync(app.BaseUrl, runs[i], r, seconds, connections, generator);
                ok &= open.Other == 0;
                report.Line($"open loop ({name}) at {r:N0}/s: achieved {open.Achieved:N0}/s, {open.Describe()}; {open.Other} not accepted; "
                    + $"load {Report.Load()}");
                report.Line(cpu.Per(open.Sent, $"submission ({name})"));
                per[name].Add(open.P99);
                continue;
            }
            var run = await WrkAsync(app.BaseUrl, runs[i], clients, seconds);
            ok &= run.Other == 0;
            if (i < 2) continue;
            var line = cpu.Per(run.Created + run.Other, $"submission ({name})");
            per[name].Add(double.Parse(AppCpuPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture));
            report.Line($"{line}; {run.Created / run.Seconds:N0}/s; load {Report.Load()}");
        }
        if (rate is not null)
        {
            report.Line($"A/B open-loop p99 at {rate:N0}/s, median of {rounds}: A {per["A"].Order().ElementAt(rounds / 2):F1} ms, "
                + $"B {per["B"].Order().ElementAt(rounds / 2):F1} ms (each run, A/B: "
                + $"{string.Join(", ", per["A"].Zip(per["B"]).Select(p => $"{p.First:F0}/{p.Second:F0}"))} ms); "
                + $"refused submissions: {(ok ? "none" : "SOME (FAIL)")}");
            return ok;
        }
        report.Line($"A/B app CPU per submission, median of {rounds}: A {per["A"].Order().ElementAt(rounds / 2):F2} ms, "
            + $"B {per["B"].Order().ElementAt(rounds / 2):F2} ms; refused submissions: {(ok ? "none" : "SOME (FAIL)")}");
        return ok;
    }

    /// <summary>
    /// The statements each submission path sends, from PostgreSQL's own log (<c>log_statement = all</c> on the bench database
    /// for the run, the app's backends told apart by their application name): a transaction QR without and with an
    /// Idempotency-Key, its idempotent retry, a standing (counter) link, and the HTML form POST /s/{token}. Each path runs
    /// once first, so the published version is cached as in production. A batch is one round trip for several statements.
    /// </summary>
    public async Task<bool> RoundTripsAsync(int port)
    {
        _world = await new Seeder(db.DataSource).EnsureWorldAsync();
        var tokens = await IssueAsync(10, $"rt{DateTime.UtcNow:HHmmss}");
        var counter = InvitationTokens.New();
        var (official, agency, ward) = _world.Officials[7];
        await db.ExecuteAsync($"""
            INSERT INTO service_points (agency_id, code, name) SELECT {agency}, 'B-SP-RT', 'Quầy số 2'
            WHERE NOT EXISTS (SELECT 1 FROM service_points WHERE code = 'B-SP-RT');
            INSERT INTO service_point_shifts (service_point_id, official_id, starts_at)
                SELECT id, {official}, now() - interval '1 day' FROM service_points p WHERE code = 'B-SP-RT'
                AND NOT EXISTS (SELECT 1 FROM service_point_shifts s WHERE s.service_point_id = p.id);
            INSERT INTO invitations (token_hash, kind, survey_version_id, unit_id, agency_id, service_point_id, created_at)
                SELECT '\x{Convert.ToHexStringLower(counter.Hash)}'::bytea, 'Counter', {_world.Survey.VersionId}, {ward}, {agency}, p.id, now()
                FROM service_points p WHERE p.code = 'B-SP-RT';
            """);
        var database = new NpgsqlConnectionStringBuilder(db.ConnectionString).Database;
        const string application = "hailong-round-trips";
        await db.ExecuteAsync($"ALTER DATABASE \"{database}\" SET log_statement = 'all'");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(db.AppConnectionString) { ApplicationName = application };
            await using var app = await AppUnderTest.StartAsync(connection.ConnectionString, port);
            // The API's clients keep no cookie (each submission a new device); the browser keeps its antiforgery cookie.
            using var api = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(app.BaseUrl) };
            using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
            var next = 0;
            async Task<HttpResponseMessage> Json(string token, string? key = null)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/responses")
                {
                    Content = new StringContent(Body(token, 0), Encoding.UTF8, "application/json"),
                };
                if (key is not null) request.Headers.Add("Idempotency-Key", key);
                return await api.SendAsync(request);
            }
            var formToken = "";
            var formField = "";
            async Task ViewForm()
            {
                formToken = tokens[next++];
                var page = await (await browser.GetAsync(InvitationTokens.SurveyPath(formToken))).Content.ReadAsStringAsync();
                formField = Regex.Match(page, "name=\"__af\" value=\"([^\"]+)\"").Groups[1].Value;
            }
            Task<HttpResponseMessage> PostForm() => browser.PostAsync(InvitationTokens.SurveyPath(formToken), new FormUrlEncodedContent(
                _world.Survey.ByCriterion.Values.Select(q => new KeyValuePair<string, string>($"q{q}", "4"))
                    .Append(new("__af", formField)).Append(new("lang", "vi"))));
            var paths = new (string Name, Func<Task>? Before, Func<Task<HttpResponseMessage>> Send)[]
            {
                ("transaction QR, POST /api/responses", null, () => Json(tokens[next++])),
                ("transaction QR with an Idempotency-Key", null, () => Json(tokens[next++], $"rt-{next}")),
                ("its idempotent retry (same key, same body)", null, () => Json(tokens[next - 1], $"rt-{next}")),
                ("standing (counter) link, POST /api/responses", null, () => Json(counter.Token)),
                ("HTML form POST /s/{token} (transaction QR, after its GET)", ViewForm, PostForm),
            };
            var ok = true;
            foreach (var warm in new[] { true, false })
            {
                foreach (var (name, before, send) in paths)
                {
                    if (before is not null) await before();
                    var log = "/tmp/hailong-bench/postgres.log";
                    var from = new FileInfo(log).Length;
                    using var response = await send();
                    if (warm) continue;
                    var backends = (await db.TextAsync($"""
                        SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE application_name = '{application}'
                        """)).Split(',');
                    var statements = Statements(log, from).Where(l => backends.Contains(l.Pid)).Select(l => l.Text).ToList();
                    var reset = statements.Count(IsPoolReset);
                    report.Line($"ROUND TRIPS {name}: {(int)response.StatusCode}, {statements.Count - reset} statements "
                        + $"(+{reset} of Npgsql's pooled-connection reset, sent with the next statement): "
                        + string.Join(" | ", statements.Where(t => !IsPoolReset(t)).Select(t => t.Length > 70 ? t[..70] + "…" : t)));
                    ok &= (int)response.StatusCode is 201 or 302;
                }
            }
            return ok;
        }
        finally
        {
            await db.ExecuteAsync($"ALTER DATABASE \"{database}\" RESET log_statement");
        }
    }

    private static bool IsPoolReset(string statement) =>
        statement.StartsWith("SET SESSION AUTHORIZATION DEFAULT", StringComparison.Ordinal) || statement is "DISCARD ALL" or "RESET ALL";

    /// <summary>The statements PostgreSQL logged after <paramref name="from"/> bytes of its log, with the backend's pid.</summary>
    private static IEnumerable<(string Pid, string Text)> Statements(string log, long from)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = from;
        using var reader = new StreamReader(stream);
        var lines = new List<(string, string)>();
        while (reader.ReadLine() is { } line)
        {
            var m = LoggedStatementPattern().Match(line);
            if (m.Success) lines.Add((m.Groups[1].Value, m.Groups[2].Value.Trim()));
        }
        return lines;
    }

    /// <summary>What one wrk run counted (its script's summary line) and its latency percentiles.</summary>
    private sealed record WrkRun(long Created, long Other, double Seconds, string P50, string P99, string FirstOther, long WarmCreated);

    private long _wrkCreated;

    private static async Task<string> TokenFileAsync(string[] tokens, string label)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hailong-submit-tokens-{Environment.ProcessId}-{label}.txt");
        await File.WriteAllLinesAsync(file, tokens);
        return file;
    }

    /// <summary>
    /// wrk with bench/submit.lua: a fresh token per request from <paramref name="tokenFile"/>, each of its two threads its own
    /// slice of the file. The 201s of every run so far (warm-up included) are kept for the stored-responses check.
    /// </summary>
    private async Task<WrkRun> WrkAsync(string baseUrl, string tokenFile, int clients, int seconds)
    {
        var run = await Wrk.RunAsync("submit.lua", baseUrl, clients, seconds, $"{tokenFile} {string.Join(',', Seeder.ServiceCriteria)} {Wrk.Threads}");
        var warm = _wrkCreated;
        _wrkCreated += run.Created;
        return new WrkRun(run.Created, run.Other, run.Seconds, run.P50, run.P99, run.FirstOther, warm);
    }

    /// <summary>A submission of <paramref name="token"/> with 12 Likert answers varied by <paramref name="i"/>.</summary>
    internal static string Body(string token, int i)
    {
        var sb = new StringBuilder(700).Append("{\"token\":\"").Append(token).Append("\",\"language\":\"vi\",\"answers\":[");
        for (var q = 0; q < Seeder.ServiceCriteria.Length; q++)
        {
            if (q > 0) sb.Append(',');
            sb.Append("{\"criterion\":\"").Append(Seeder.ServiceCriteria[q]).Append("\",\"score\":").Append(1 + (i + q) % 5 / 2 + 2).Append('}');
        }
        return sb.Append("]}").ToString();
    }

    private async Task<(long Ok, long Errors, double Seconds)> ClosedLoopAsync(HttpClient http, Func<string> take, int clients, TimeSpan duration)
    {
        long ok = 0, errors = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var i = c;
            while (sw.Elapsed < duration)
            {
                using var content = new StringContent(Body(take(), i++), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/responses", content);
                await response.Content.ReadAsByteArrayAsync();
                if ((int)response.StatusCode == 201) Interlocked.Increment(ref ok);
                else if (Interlocked.Increment(ref errors) <= 3)
                {
                    Console.WriteLine($"submit: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        return (ok, errors, sw.Elapsed.TotalSeconds);
    }

    /// <summary>Transaction invitations with known tokens, written straight into the table (binary COPY).</summary>
    private async Task<string[]> IssueAsync(int count, string label)
    {
        var tokens = new string[count];
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY invitations (token_hash, kind, survey_version_id, unit_id, agency_id, official_id, procedure_id, dossier_reference, created_at, expires_at)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            var now = DateTime.UtcNow;
            for (var i = 0; i < count; i++)
            {
                var (token, hash) = InvitationTokens.New();
                tokens[i] = token;
                await WriteInvitationAsync(w, hash, i, $"bench-{label}-{i}", now);
            }
            await w.CompleteAsync();
        }
        await db.ExecuteAsync("ANALYZE invitations");
        return tokens;
    }

    private async Task WriteInvitationAsync(NpgsqlBinaryImporter w, byte[] hash, int i, string dossier, DateTime now)
    {
        var (official, agency, ward) = _world.Officials[i % _world.Officials.Length];
        await w.StartRowAsync();
        await w.WriteAsync(hash, NpgsqlDbType.Bytea);
        await w.WriteAsync("Transaction", NpgsqlDbType.Varchar);
        await w.WriteAsync(_world.Survey.VersionId, NpgsqlDbType.Integer);
        await w.WriteAsync(ward, NpgsqlDbType.Integer);
        await w.WriteAsync(agency, NpgsqlDbType.Integer);
        await w.WriteAsync(official, NpgsqlDbType.Integer);
        await w.WriteAsync(_world.Procedures[i % _world.Procedures.Length], NpgsqlDbType.Integer);
        await w.WriteAsync(dossier, NpgsqlDbType.Varchar);
        await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
        await w.WriteAsync(now.AddDays(7), NpgsqlDbType.TimestampTz);
    }

    /// <summary>pgbench's tokens: a contiguous id range handed out by a sequence, one per transaction.</summary>
    private async Task<(long First, long Count)> IssuePgbenchAsync(int count)
    {
        var before = await db.ScalarAsync("SELECT coalesce(max(id), 0) FROM invitations");
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY invitations (token_hash, kind, survey_version_id, unit_id, agency_id, official_id, procedure_id, dossier_reference, created_at, expires_at)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            var now = DateTime.UtcNow;
            for (var i = 0; i < count; i++) await WriteInvitationAsync(w, InvitationTokens.New().Hash, i, $"bench-pg-{i}", now);
            await w.CompleteAsync();
        }
        var first = await db.ScalarAsync($"SELECT min(id) FROM invitations WHERE id > {before}");
        await db.ExecuteAsync($"DROP SEQUENCE IF EXISTS bench_pgbench_next; CREATE SEQUENCE bench_pgbench_next START {first}; ANALYZE invitations;");
        return (first, count);
    }

    /// <summary>The same transaction as SubmissionStore.SubmitAsync for a transaction QR, as a pgbench script.</summary>
    public string PgbenchScript()
    {
        var questions = string.Join(",", Seeder.ServiceCriteria.Select(c => _world.Survey.ByCriterion[c]));
        var criteria = string.Join(',', Seeder.ServiceCriteria);
        var scores = string.Join(',', Seeder.ServiceCriteria.Select((_, q) => 1 + q % 5 / 2 + 2));
        // The app's own condition for a consumable link (LinkRules), at the server's now().
        var consumable = HaiLong.Api.Features.Responses.LinkRules.SingleUseOpenSql.Replace("@now", "now()");
        return $$"""
            BEGIN;
            UPDATE invitations SET used_at = now() WHERE id = (SELECT nextval('bench_pgbench_next')) AND {{consumable}}
                RETURNING id AS inv, survey_version_id AS ver, unit_id AS unit, agency_id AS agency, official_id AS official, procedure_id AS proc \gset
            INSERT INTO responses (invitation_id, survey_version_id, unit_id, agency_id, official_id, procedure_id, service_point_id,
                                   is_general_fallback, submitted_at, comment, disappointments, language, device_hash, ip_hash)
                VALUES (:inv, :ver, :unit, :agency, :official, :proc, NULL, false, now(), NULL, '{}', 'vi', NULL, 'c0ffee') RETURNING id AS rid \gset
            INSERT INTO response_answers (response_id, question_id, criterion, score, text)
                SELECT :rid, q, c, s, NULL FROM unnest('{{{questions}}}'::int[], '{{{criteria}}}'::text[], '{{{scores}}}'::smallint[]) AS a(q, c, s);
            INSERT INTO pending_rollups (response_id) VALUES (:rid);
            END;

            """;
    }

    private async Task<double> PgbenchAsync(long first, long count, int clients, int seconds)
    {
        var script = Path.Combine(Path.GetTempPath(), "hailong-perf-submit.sql");
        await File.WriteAllTextAsync(script, PgbenchScript());
        var cs = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        var env = new Dictionary<string, string> { ["PGPASSWORD"] = cs.Password ?? "" };
        var args = $"-n -M prepared -c {clients} -j 2 -T {seconds} -f {script} -h {cs.Host} -p {cs.Port} -U {cs.Username} {cs.Database}";
        // Warm-up like the API's.
        await Report.RunAsync("pgbench", args.Replace($"-T {seconds}", "-T 3"), env);
        var (code, output) = await Report.RunAsync("pgbench", args, env, TimeSpan.FromSeconds(seconds + 120));
        var tps = TpsPattern().Match(output);
        var failed = FailedPattern().Match(output);
        if (code != 0 || !tps.Success) throw new InvalidOperationException($"pgbench failed ({code}):\n{output}");
        var rate = double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
        var used = await db.ScalarAsync($"SELECT count(*) FROM invitations WHERE id BETWEEN {first} AND {first + count - 1} AND used_at IS NOT NULL");
        var failures = failed.Success ? $", {failed.Groups[1].Value} failed" : "";
        report.Line($"pgbench {args.Replace(script, "submit.sql")}: {rate:N0} tps ({used:N0} tokens consumed incl. warm-up{failures})");
        // One statement a line (pgbench reads a statement's indented continuation lines as part of it).
        var statements = Regex.Replace(PgbenchScript(), @"\n\s+", " ").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        report.Line("pgbench script (per transaction): " + string.Join(" | ", statements.Select(l => l.Length > 90 ? l[..90] + "…" : l)));
        return rate;
    }

    [GeneratedRegex(@"\[(\d+)\] LOG:  (?:statement|execute [^:]*): (.*)")]
    private static partial Regex LoggedStatementPattern();

    [GeneratedRegex(@"app ([0-9.]+) ms")]
    private static partial Regex AppCpuPattern();

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex FailedPattern();
}
