using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using HaiLong.Api.Features.Invitations;
using Npgsql;

namespace HaiLong.Bench;

/// <summary>
/// QR issuance: POST /api/invitations (token insert + PNG + SVG in one response, as the API issues them) vs issue 20's
/// baseline, QRCoder's PNG + SVG of the same URL plus one INSERT of the invitation row; QRCoder alone (PNG, SVG, both) for
/// information; same concurrency, same run.
/// </summary>
public sealed class QrBench(BenchDatabase db, Report report)
{
    /// <summary>The app and the baseline each take load this long at least before they are measured (WarmUp).</summary>
    private const int WarmUpSeconds = 30;

    public async Task<bool> RunAsync(int port, int clients, int seconds, int slips = 10_000)
    {
        var world = await new Seeder(db.DataSource).EnsureWorldAsync();
        var connection = new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = 100 }.ConnectionString;
        await using var app = await AppUnderTest.StartAsync(connection, port);
        await AppUnderTest.EnsureBenchAdminAsync(connection);
        var bearer = await app.SignInAsync();
        using var http = app.Client(bearer);
        var issuer = new Issuer(http, world);

        var sample = await issuer.SampleAsync() ?? throw new InvalidOperationException("the API refused to issue an invitation");
        var url = sample.GetProperty("url").GetString()!;
        var decoded = await DecodeAsync(Convert.FromBase64String(sample.GetProperty("png").GetString()!));
        var svgOk = sample.GetProperty("svg").GetString()!.Contains("<svg");
        report.Line($"sample: {url} ({url.Length} characters); the PNG decodes (zbarimg) to {(decoded == url ? "the same URL" : $"'{decoded}'")}");

        // The headline's client is wrk (bench/issue.lua), as for `submit`: the C# HttpClient loop below cost 0.3-0.6 ms of
        // CPU an issue on the two cores the app and PostgreSQL use. Warmed until the app's CPU per issue settles (WarmUp).
        var label = $"bench-qr-wrk{DateTime.UtcNow:HHmmss}";
        string WrkArgs(string run) => $"{bearer} {string.Join(',', world.Officials.Select(o => o.Official))} {string.Join(',', world.Procedures)} {run}";
        var curve = await WarmUp.UntilSettledAsync(app.Pid, async i =>
        {
            var warm = await Wrk.RunAsync("issue.lua", app.BaseUrl, clients, WarmUp.RoundSeconds, WrkArgs($"{label}w{i}"));
            return warm.Created + warm.Other;
        }, WarmUpSeconds);
        report.Line($"warm-up ({WarmUp.RoundSeconds} s wrk rounds, at least {WarmUpSeconds} s), app CPU per issue: {curve}");
        var cpu = new CpuMeter(app.Pid);
        cpu.Start();
        var generator = ProcessCpu.Self();
        var wrk = await Wrk.RunAsync("issue.lua", app.BaseUrl, clients, seconds, WrkArgs(label));
        var wrkCpu = ProcessCpu.Self().Children - generator.Children;
        var wrkIssues = Math.Max(1, wrk.Created + wrk.Other);
        report.Line(cpu.Per(wrkIssues, "issue (wrk)") + $"; the load generator (wrk) {1000 * wrkCpu / wrkIssues:F2} ms");
        var apiRate = wrk.Created / wrk.Seconds;
        report.Line($"wrk -t{Wrk.Threads} -c{clients} -d{seconds}s -s bench/issue.lua POST /api/invitations (token + PNG + SVG): {wrk.Created:N0} "
            + $"issued (201) in {wrk.Seconds:F1} s = {apiRate:N0}/s; latency p50 {wrk.P50}, p99 {wrk.P99}; {wrk.Other} other answers"
            + (wrk.Other > 0 ? $" (first: {wrk.FirstOther})" : ""));
        await using var stored = db.DataSource.CreateCommand("SELECT count(*) FROM invitations WHERE dossier_reference LIKE @prefix");
        stored.Parameters.AddWithValue("prefix", $"{label}-%");
        var wrkStored = Convert.ToInt64(await stored.ExecuteScalarAsync());

        // The same loop from C# HttpClient in this process: the earlier headline, kept as a second line.
        var api = await TimedIssuesAsync(app, issuer, clients, seconds, "issue (HttpClient)");
        report.Line($"HttpClient POST /api/invitations, {clients} clients: {api.Ok:N0} issued in {api.Seconds:F1} s = {api.Rate:N0}/s; "
            + $"latency p50 {api.P50:F1} ms, p99 {api.P99:F1} ms; {api.Failed} refused");

        var (baseline, baselineOk) = await QrCoderAndInsertAsync(clients, seconds, url, sample.GetProperty("id").GetInt64());
        var png = await QrCoderAsync(clients, seconds, "PNG", () => QrCodes.Png(url).Length > 0);
        var svg = await QrCoderAsync(clients, seconds, "SVG", () => QrCodes.Svg(url).Length > 0);
        var both = await QrCoderAsync(clients, seconds, "PNG + SVG", () => QrCodes.Png(url).Length > 0 && QrCodes.Svg(url).Length > 0);
        report.Line($"RATIO API issuance (wrk) / (QRCoder PNG + SVG + one INSERT) = {apiRate / baseline:F2} (target ≥ 0.5); "
            + $"with HttpClient as the generator: {api.Rate / baseline:F2}");
        report.Line($"(for information: API / QRCoder PNG + SVG alone = {apiRate / both:F2}; PNG alone {png:N0}/s, SVG alone {svg:N0}/s)");
        var batchOk = await SlipBatchesAsync(http, app, world.Officials[0].Ward, slips);
        // wrk counts the answers it read before its time ran out; the issues still in flight then (at most one a connection)
        // are stored but not counted.
        var ok = decoded == url && svgOk && api.Failed == 0 && wrk.Other == 0 && wrkStored >= wrk.Created && wrkStored <= wrk.Created + clients;
        report.Line($"CHECK issued PNG decodes to its URL, SVG present, nothing refused, every wrk issue stored ({wrkStored:N0} stored for "
            + $"{wrk.Created:N0} answered and at most {clients} in flight): {(ok ? "PASS" : "FAIL")}");
        report.Line($"CHECK every baseline INSERT stored: {(baselineOk ? "PASS" : "FAIL")}");
        report.Line($"CHECK every slip of each batch stored once with its audit entry, codes distinct: {(batchOk ? "PASS" : "FAIL")}");
        return ok && batchOk && baselineOk;
    }

    /// <summary>
    /// Printed slips: three batches of 10,000 yearly-survey slips (POST /api/invitations/annual-sample), each timed from the
    /// request to the last byte of its answer (target: under 10 s), and checked in the database.
    /// </summary>
    private async Task<bool> SlipBatchesAsync(HttpClient http, AppUnderTest app, int ward, int count)
    {
        var ok = true;
        var times = new List<double>();
        for (var run = 1; run <= 3; run++)
        {
            var cpu = new CpuMeter(app.Pid);
            cpu.Start();
            var sw = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("/api/invitations/annual-sample", new { unitId = ward, count });
            var body = await response.Content.ReadAsByteArrayAsync();
            sw.Stop();
            times.Add(sw.Elapsed.TotalSeconds);
            if ((int)response.StatusCode != 201)
            {
                report.Line($"batch {run}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
                ok = false;
                continue;
            }
            using var json = JsonDocument.Parse(body);
            var slips = json.RootElement.GetProperty("slips").EnumerateArray().ToList();
            var ids = slips.Select(s => s.GetProperty("id").GetInt64()).ToArray();
            var codes = slips.Select(s => s.GetProperty("code").GetString()).Distinct().Count();
            await using var check = db.DataSource.CreateCommand("""
                SELECT (SELECT count(*) FROM invitations WHERE id = ANY(@ids) AND kind = 'AnnualSample' AND used_at IS NULL),
                       (SELECT count(DISTINCT entity_id) FROM audit_entries WHERE entity_type = 'Invitation'
                            AND action = 'Invitation.created' AND entity_id = ANY(@texts))
                """);
            check.Parameters.AddWithValue("ids", ids);
            check.Parameters.AddWithValue("texts", ids.Select(i => i.ToString()).ToArray());
            await using var reader = await check.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (stored, audited) = (reader.GetInt64(0), reader.GetInt64(1));
            var good = slips.Count == count && codes == count && stored == count && audited == count;
            ok &= good;
            report.Line($"batch {run}: {count:N0} slips in {sw.Elapsed.TotalSeconds:F2} s ({body.Length / 1024:N0} KiB answer); "
                + $"{stored:N0} stored, {audited:N0} audited, {codes:N0} distinct codes; {cpu.Per(count, "slip")}");
        }
        times.Sort();
        report.Line($"{count:N0}-slip batch: median {times[1]:F2} s (spread {times[0]:F2}–{times[2]:F2} s; target < 10 s)");
        return ok;
    }

    /// <summary>
    /// Issue 20's baseline: what an issue cannot do without, on the same threads — QRCoder's PNG and SVG of the same URL
    /// (<see cref="QrCodes.PngAndSvg"/>, one encoding for both, as the app renders them) and ONE INSERT of an invitation row
    /// with the columns the app writes for a transaction QR (a fresh token hash each), through Npgsql with pooled
    /// connections, a prepared statement and autocommit. The connections skip Npgsql's reset on return (the baseline keeps
    /// no session state), so the baseline is the leanest such INSERT, not a handicapped one. The bench process's own CPU
    /// per baseline issue is printed beside the app's CPU per issue: on a shared machine that pair, not the rates, compares.
    /// </summary>
    private async Task<(double Rate, bool Stored)> QrCoderAndInsertAsync(int clients, int seconds, string url, long sampleId)
    {
        await using var source = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = clients * 2, NoResetOnClose = true }.ConnectionString);
        const string columns = "survey_version_id, unit_id, agency_id, official_id, procedure_id, created_by";
        object?[] shape;
        await using (var read = db.DataSource.CreateCommand($"SELECT {columns} FROM invitations WHERE id = @id"))
        {
            read.Parameters.AddWithValue("id", sampleId);
            await using var reader = await read.ExecuteReaderAsync();
            await reader.ReadAsync();
            shape = Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue).ToArray();
        }
        const string insert = $"""
            INSERT INTO invitations (token_hash, kind, dossier_reference, expires_at, created_at, {columns})
            VALUES (@hash, 'Transaction', @dossier, @until, @now, @version, @unit, @agency, @official, @procedure, @by)
            """;
        var run = Guid.NewGuid().ToString("N")[..8];
        var n = 0;
        async Task<bool> IssueAsync()
        {
            var (png, svg) = QrCodes.PngAndSvg(url);
            var now = DateTimeOffset.UtcNow;
            await using var connection = await source.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(insert, connection);
            command.Parameters.AddWithValue("hash", InvitationTokens.New().Hash);
            command.Parameters.AddWithValue("dossier", $"bench-qr-base-{run}-{Interlocked.Increment(ref n)}");
            command.Parameters.AddWithValue("until", now.AddDays(7));
            command.Parameters.AddWithValue("now", now);
            foreach (var (name, value) in new[] { "version", "unit", "agency", "official", "procedure", "by" }.Zip(shape))
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
            await command.PrepareAsync();
            return await command.ExecuteNonQueryAsync() == 1 && png.Length > 0 && svg.Length > 0;
        }

        // Warmed like the app (WarmUp, on this process's CPU): its QRCoder and Npgsql code climb the same JIT tiers.
        var curve = await WarmUp.UntilSettledAsync(Environment.ProcessId, async _ =>
        {
            var (done, failures, _) = await ClosedLoopAsync(clients, TimeSpan.FromSeconds(WarmUp.RoundSeconds), IssueAsync);
            return done + failures;
        }, WarmUpSeconds);
        report.Line($"baseline warm-up ({WarmUp.RoundSeconds} s rounds, at least {WarmUpSeconds} s), bench process CPU per issue: {curve}");
        var cpu = new CpuMeter(Environment.ProcessId);
        cpu.Start();
        var (ok, failed, elapsed) = await ClosedLoopAsync(clients, TimeSpan.FromSeconds(seconds), IssueAsync);
        report.Line(cpu.Per(ok + failed, "baseline issue").Replace("app ", "bench process ", StringComparison.Ordinal));
        report.Line($"BASELINE QRCoder PNG + SVG + one INSERT (prepared, pooled, autocommit), {clients} threads: {ok / elapsed:N0}/s");
        await using var count = db.DataSource.CreateCommand("SELECT count(*) FROM invitations WHERE dossier_reference LIKE @prefix");
        count.Parameters.AddWithValue("prefix", $"bench-qr-base-{run}-%");
        var stored = Convert.ToInt64(await count.ExecuteScalarAsync());
        return (ok / elapsed, failed == 0 && stored == n);
    }

    private async Task<double> QrCoderAsync(int clients, int seconds, string label, Func<bool> render)
    {
        await ClosedLoopAsync(clients, TimeSpan.FromSeconds(1), () => Task.FromResult(render()));
        var (ok, _, elapsed) = await ClosedLoopAsync(clients, TimeSpan.FromSeconds(seconds), () => Task.FromResult(render()));
        report.Line($"QRCoder alone, {label} of the same URL, {clients} threads: {ok / elapsed:N0}/s");
        return ok / elapsed;
    }

    private static async Task<(long Ok, long Failed, double Seconds)> ClosedLoopAsync(int clients, TimeSpan duration, Func<Task<bool>> work)
    {
        var (ok, failed, seconds, _) = await TimedLoopAsync(clients, duration, work);
        return (ok, failed, seconds);
    }

    /// <summary>The closed loop, with every operation's latency (ms, sorted) for the p50/p99 the issue asks of each row.</summary>
    private static async Task<(long Ok, long Failed, double Seconds, List<double> Latencies)> TimedLoopAsync(
        int clients, TimeSpan duration, Func<Task<bool>> work)
    {
        long ok = 0, failed = 0;
        var sw = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            while (sw.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if (await work()) Interlocked.Increment(ref ok);
                else Interlocked.Increment(ref failed);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return latencies;
        })));
        var all = perClient.SelectMany(l => l).Order().ToList();
        return (ok, failed, sw.Elapsed.TotalSeconds, all);
    }

    private sealed record TimedIssues(long Ok, long Failed, double Seconds, double P50, double P99)
    {
        public double Rate => Ok / Seconds;
    }

    /// <summary>
    /// One metered phase of issues against <paramref name="app"/>: the app's CPU, allocation and peak memory per issue, and
    /// the load generator's own CPU per issue (this process: HttpClient and the JSON of the answer share the two cores).
    /// </summary>
    private async Task<TimedIssues> TimedIssuesAsync(AppUnderTest app, Issuer issuer, int clients, int seconds, string what)
    {
        var cpu = new CpuMeter(app.Pid);
        cpu.Start();
        var generator = ProcessCpu.Self().Own;
        var (ok, failed, elapsed, latencies) = await TimedLoopAsync(clients, TimeSpan.FromSeconds(seconds), issuer.IssueAsync);
        var generatorCpu = ProcessCpu.Self().Own - generator;
        var timed = new TimedIssues(ok, failed, elapsed, Report.Percentile(latencies, 50), Report.Percentile(latencies, 99));
        report.Line(cpu.Per(ok + failed, what) + $"; the load generator (this process) {1000 * generatorCpu / Math.Max(1, ok + failed):F2} ms");
        return timed;
    }

    /// <summary>
    /// Two apps side by side — A as published, B from <paramref name="bFolder"/> and/or with <paramref name="bEnvironment"/> —
    /// and the closed loop of issues against A, B, A, B… (<paramref name="rounds"/> each after one unmetered warm-up each):
    /// a before/after pair that meets the same neighbours on a shared machine (as <c>submit --ab</c>).
    /// </summary>
    public async Task<bool> CompareAsync(int port, int clients, int seconds, int rounds, Dictionary<string, string> bEnvironment, string? bFolder)
    {
        var world = await new Seeder(db.DataSource).EnsureWorldAsync();
        var connection = new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = 100 }.ConnectionString;
        await AppUnderTest.EnsureBenchAdminAsync(connection);
        await using var a = await AppUnderTest.StartAsync(connection, port);
        var folder = AppUnderTest.PublishFolder;
        if (bFolder is not null) AppUnderTest.PublishFolder = bFolder;
        await using var b = await AppUnderTest.StartAsync(connection, port + 2, bEnvironment);
        AppUnderTest.PublishFolder = folder;
        report.Line($"A/B: A {folder}; B {bFolder ?? folder} with {string.Join(' ', bEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
        using var httpA = a.Client(await a.SignInAsync());
        using var httpB = b.Client(await b.SignInAsync());
        var apps = new[] { ("A", a, new Issuer(httpA, world)), ("B", b, new Issuer(httpB, world)) };
        var ok = true;
        foreach (var (_, _, issuer) in apps) await ClosedLoopAsync(clients, TimeSpan.FromSeconds(10), issuer.IssueAsync);
        var rates = new Dictionary<string, List<double>> { ["A"] = [], ["B"] = [] };
        for (var i = 0; i < 2 * rounds; i++)
        {
            var (name, app, issuer) = apps[i % 2];
            var run = await TimedIssuesAsync(app, issuer, clients, seconds, $"issue ({name})");
            ok &= run.Failed == 0;
            rates[name].Add(run.Rate);
            report.Line($"  {name}: {run.Rate:N0}/s, p50 {run.P50:F1} ms, p99 {run.P99:F1} ms; load {Report.Load()}");
        }
        report.Line($"A/B issues per second, median of {rounds}: A {rates["A"].Order().ElementAt(rounds / 2):N0}, "
            + $"B {rates["B"].Order().ElementAt(rounds / 2):N0}; refused issues: {(ok ? "none" : "SOME (FAIL)")}");
        return ok;
    }

    /// <summary>
    /// The load generator's request: a transaction QR for the next official and procedure of the bench world, its body sent
    /// with a Content-Length (as a counter's client would); an issue counts when it answers 201 with both images.
    /// </summary>
    private sealed class Issuer(HttpClient http, Seeder.World world)
    {
        private int _n;

        public async Task<bool> IssueAsync()
        {
            using var response = await SendAsync();
            if ((int)response.StatusCode != 201) return false;
            await response.Content.LoadIntoBufferAsync();
            return true;
        }

        public async Task<JsonElement?> SampleAsync()
        {
            using var response = await SendAsync();
            if ((int)response.StatusCode != 201) return null;
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            return json.RootElement.Clone();
        }

        private Task<HttpResponseMessage> SendAsync()
        {
            var i = Interlocked.Increment(ref _n);
            var (official, _, _) = world.Officials[i % world.Officials.Length];
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                kind = "Transaction", officialId = official, procedureId = world.Procedures[i % world.Procedures.Length], dossierReference = $"bench-qr-{i}",
            });
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return http.PostAsync("/api/invitations", content);
        }
    }

    private static async Task<string> DecodeAsync(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), "hailong-perf-qr.png");
        await File.WriteAllBytesAsync(file, png);
        var (_, output) = await Report.RunAsync("zbarimg", $"-q --raw {file}");
        return output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("http")) ?? output.Trim();
    }
}
