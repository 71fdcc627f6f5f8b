using System.Collections.Concurrent;
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
/// the same concurrency; then latency at half the API's peak from an open-loop (fixed arrival schedule) generator.
/// synchronous_commit stays on (the cluster's default).
/// </summary>
public sealed partial class SubmitBench(BenchDatabase db, Report report)
{
    private Seeder.World _world = null!;

    public async Task<bool> RunAsync(int port, int clients, int seconds, double? fixedRate)
    {
        _world = await new Seeder(db.DataSource).EnsureWorldAsync();
        report.Line($"app connection: Max Auto Prepare = {AppUnderTest.AutoPrepare} (0 = not set by the bench: the app's shipped default, 64)");
        report.Line($"synchronous_commit = {await db.TextAsync("SHOW synchronous_commit")}, "
            + $"PostgreSQL {await db.TextAsync("SHOW server_version")}, {clients} clients, {seconds} s per run");
        var apiTokens = await IssueAsync(Math.Max(60_000, clients * 4000), "api");
        var (pgFirst, pgCount) = await IssuePgbenchAsync(150_000);

        await using var app = await AppUnderTest.StartAsync(db.ConnectionStringWithPool(100), port);
        using var http = app.Client(connections: 4096);
        var next = 0;
        string Take() => apiTokens[Interlocked.Increment(ref next) - 1];

        // Warm-up: JIT, connection pools, caches.
        await ClosedLoopAsync(http, Take, clients, TimeSpan.FromSeconds(3));
        await db.ExecuteAsync("CHECKPOINT");
        var cpu = new CpuMeter(app.Pid);
        cpu.Start();
        var (apiOk, apiErrors, apiElapsed) = await ClosedLoopAsync(http, Take, clients, TimeSpan.FromSeconds(seconds));
        report.Line(cpu.Per(apiOk + apiErrors, "submission"));
        var apiRate = apiOk / apiElapsed;
        report.Line($"API POST /api/responses (JSON, 12 Likert answers): {apiOk:N0} accepted (201) in {apiElapsed:F1} s = {apiRate:N0}/s; "
            + $"{apiErrors} other outcomes");

        await db.ExecuteAsync("CHECKPOINT");
        var pgRate = await PgbenchAsync(pgFirst, pgCount, clients, seconds);
        report.Line($"RATIO API / pgbench = {apiRate / pgRate:F2} (target ≥ 0.5)");

        var rate = fixedRate ?? Math.Round(apiRate / 2);
        var openTokens = await IssueAsync((int)(rate * seconds * 1.1) + 100, "open");
        var openNext = 0;
        await db.ExecuteAsync("CHECKPOINT");
        var (latencies, openErrors, achieved) =
            await OpenLoopAsync(http, () => openTokens[Interlocked.Increment(ref openNext) - 1], rate, TimeSpan.FromSeconds(seconds));
        report.Line($"open loop at a fixed {rate:N0}/s (half the peak) for {seconds} s: achieved {achieved:N0}/s, "
            + $"latency p50 {Report.Percentile(latencies, 50):F1} ms, p99 {Report.Percentile(latencies, 99):F1} ms, max {latencies[^1]:F1} ms "
            + $"(from the scheduled send time); {openErrors} not accepted");

        // What was acknowledged is stored, and no token was consumed without its response.
        var orphans = await db.ScalarAsync("""
            SELECT count(*) FROM invitations i
            WHERE i.used_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id)
            """);
        var consumed = await db.ScalarAsync("SELECT count(*) FROM invitations WHERE used_at IS NOT NULL AND dossier_reference LIKE 'bench-api-%'");
        var ok = orphans == 0 && apiErrors == 0 && openErrors == 0;
        report.Line($"CHECK consumed API tokens {consumed:N0}, tokens used without a response {orphans}, "
            + $"refused submissions {apiErrors + openErrors}: {(ok ? "PASS" : "FAIL")}");
        return ok;
    }

    private string Body(string token, int i)
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

    /// <summary>
    /// Request i is due at start + i/rate whether or not earlier ones have finished, so a slow response cannot hold back the
    /// next arrivals (no coordinated omission); latency is measured from the due time.
    /// </summary>
    public static async Task<(List<double> Latencies, long Errors, double Achieved)> OpenLoopAsync(HttpClient http, Func<string> take, double rate,
        TimeSpan duration, Func<string, int, string>? body = null, Func<string, string>? path = null)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new ConcurrentBag<double>();
        long errors = 0;
        var inflight = new List<Task>(total);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = i / rate;
            while (sw.Elapsed.TotalSeconds < due)
            {
                var wait = due - sw.Elapsed.TotalSeconds;
                if (wait > 0.002) await Task.Delay(TimeSpan.FromSeconds(wait - 0.001));
                else Thread.SpinWait(50);
            }
            var token = take();
            var n = i;
            inflight.Add(Task.Run(async () =>
            {
                try
                {
                    using var content = new StringContent(body?.Invoke(token, n) ?? "", Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync(path?.Invoke(token) ?? "/api/responses", content);
                    await response.Content.ReadAsByteArrayAsync();
                    latencies.Add((sw.Elapsed.TotalSeconds - due) * 1000);
                    if ((int)response.StatusCode != 201) Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }));
        }
        await Task.WhenAll(inflight);
        var elapsed = sw.Elapsed.TotalSeconds;
        var sorted = latencies.OrderBy(l => l).ToList();
        return (sorted, errors, total / elapsed);
    }

    private Task<(List<double>, long, double)> OpenLoopAsync(HttpClient http, Func<string> take, double rate, TimeSpan duration) =>
        OpenLoopAsync(http, take, rate, duration, Body);

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

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex FailedPattern();
}
