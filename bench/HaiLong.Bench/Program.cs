using System.Diagnostics;
using HaiLong.Api.Features.Scorecards;
using HaiLong.Bench;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var command = args.FirstOrDefault() ?? "help";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
bool Flag(string name) => args.Contains(name);
int Number(string name, int fallback) => Option(name) is { } value ? int.Parse(value) : fallback;
var connection = Option("--connection");
var database = Option("--database") ?? "hailong_bench";
var resultsFile = Option("--results") ?? Path.Combine(Environment.CurrentDirectory, "bench-results.md");
var port = Number("--port", 5187);
AppUnderTest.AutoPrepare = Number("--auto-prepare", 0);
CpuMeter.Phase = TimeSpan.FromSeconds(Number("--seconds", command == "submit" ? 20 : 15));
if (Option("--publish-folder") is { } publishFolder) AppUnderTest.PublishFolder = publishFolder;
foreach (var setting in args.Zip(args.Skip(1)).Where(p => p.First == "--app-env").Select(p => p.Second.Split('=', 2)))
{
    AppUnderTest.ExtraEnvironment[setting[0]] = setting[1];
}
// --b-env K=V (repeatable): the environment of the B app of an --ab comparison.
var bEnvironment = args.Zip(args.Skip(1)).Where(p => p.First == "--b-env").Select(p => p.Second.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
double? Rate() => Option("--rate") is { } value ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;
// --generator sockets|httpclient (or both, comma-separated, for submit: one open loop each, a before/after in one run).
var generators = (Option("--generator") ?? LoadGen.Sockets).Split(',');
var commandLine = "dotnet run -c Release --project bench/HaiLong.Bench -- " + string.Join(' ', args);

// A load bench against the published app: its report block, the bench database, the app published once; 1 when it failed.
async Task<int> LoadBenchAsync(string name, Func<BenchDatabase, Report, Task<bool>> run, params string[] tools)
{
    if (!Tools.Present(tools)) return 2;
    var report = new Report(name, commandLine, resultsFile);
    await using var db = await BenchDatabase.OpenAsync(connection, database);
    await AppUnderTest.PublishAsync(Flag("--publish"));
    var ok = await run(db, report);
    await report.SaveAsync();
    return ok ? 0 : 1;
}

switch (command)
{
    case "seed":
    {
        await using var db = await BenchDatabase.OpenAsync(connection, database);
        var seeder = new Seeder(db.DataSource);
        var world = await seeder.EnsureWorldAsync();
        var responses = long.Parse(Option("--responses") ?? "1000000");
        await seeder.AppendResponsesAsync(world, responses, DateTimeOffset.UtcNow, pending: Flag("--pending"),
            seed: Number("--seed", 42), days: Number("--days", 365));
        Console.WriteLine($"seed: database now holds {await db.ScalarAsync("SELECT count(*) FROM responses"):N0} responses");
        break;
    }
    case "rollup-baseline":
    {
        await using var db = await BenchDatabase.OpenAsync(connection, database);
        await db.ExecuteAsync(RollupBaseline.CreateTables);
        var sw = Stopwatch.StartNew();
        await using (var cmd = db.DataSource.CreateCommand(RollupBaseline.Sql))
        {
            cmd.Parameters.AddWithValue("lo", 0L);
            cmd.Parameters.AddWithValue("hi", long.MaxValue);
            await cmd.ExecuteScalarAsync();
        }
        var rows = await db.ScalarAsync("SELECT (SELECT count(*) FROM bench_rollups) + (SELECT count(*) FROM bench_procedure_rollups)");
        Console.WriteLine($"rollup-baseline: {rows:N0} rollup rows in {sw.Elapsed.TotalSeconds:F2} s");
        break;
    }
    case "rollups":
    {
        var report = new Report("rollups", commandLine, resultsFile);
        var responses = long.Parse(Option("--responses") ?? "1000000");
        var small = long.Parse(Option("--small") ?? "10000");
        var batch = Option("--batch") is { } b ? int.Parse(b) : (int?)null;
        var reads = Number("--reads", 500);
        long differences;
        double bigP95;
        await using (var db = await BenchDatabase.OpenAsync(connection, database))
        {
            (_, differences) = await new RollupsBench(db, report).RunAsync(responses, batch);
            await AppUnderTest.PublishAsync(Flag("--publish"));
            (_, bigP95, _) = await RollupsBench.ScorecardReadAsync(db, port, reads, report, $"{responses:N0}+ responses");
        }
        await using (var db = await BenchDatabase.OpenAsync(connection, Option("--small-database") ?? database + "_small"))
        {
            var (total, _) = await RollupsBench.EnsureResponsesAsync(db, small);
            await db.ExecuteAsync("TRUNCATE rollups, procedure_rollups, pending_rollups; INSERT INTO pending_rollups SELECT id FROM responses;");
            await new RollupJob(db.DataSource, Options.Create(new ScorePolicy()), TimeProvider.System, NullLogger<RollupJob>.Instance)
                .RunAsync(batch ?? RollupJob.DefaultBatchSize, CancellationToken.None, growWithBacklog: batch is null);
            var (_, smallP95, _) = await RollupsBench.ScorecardReadAsync(db, port, reads, report, $"{total:N0} responses");
            report.Line($"RATIO scorecard read p95 at {responses:N0} / at {total:N0} = {bigP95 / smallP95:F2} (target ≤ 1.2)");
        }
        report.Line(differences == 0 ? "CHECK job = baseline: PASS" : $"CHECK job = baseline: FAIL ({differences} rows differ)");
        await report.SaveAsync();
        return differences == 0 ? 0 : 1;
    }
    case "fold":
    {
        // What is pending in --database folded by the real RollupJob on its own schedule, by --workers runs at once (the job
        // is safe to run concurrently: SKIP LOCKED). How a database too big for `rollups` (its baseline alone takes hours at
        // 10M) is brought to a folded state before `reads`, and how a delta is timed on it.
        var report = new Report("fold", commandLine, resultsFile);
        await using var db = await BenchDatabase.OpenAsync(connection, database);
        var pending = await db.ScalarAsync("SELECT count(*) FROM pending_rollups");
        var workers = Number("--workers", 1);
        var job = new RollupJob(db.DataSource, Options.Create(new ScorePolicy()), TimeProvider.System, NullLogger<RollupJob>.Instance);
        var sw = Stopwatch.StartNew();
        var folded = (await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => job.RunAsync(CancellationToken.None)))).Sum();
        var seconds = sw.Elapsed.TotalSeconds;
        var responses = await db.ScalarAsync("SELECT count(*) FROM responses");
        var rows = await db.ScalarAsync("SELECT (SELECT count(*) FROM rollups) + (SELECT count(*) FROM procedure_rollups)");
        report.Line($"{pending:N0} pending of {responses:N0} responses; {folded:N0} folded by {workers} RollupJob run(s) in {seconds:F2} s "
            + $"({folded / Math.Max(seconds, 0.001):N0}/s) → {rows:N0} rollup rows");
        await report.SaveAsync();
        return folded == pending ? 0 : 1;
    }
    case "reads":
    {
        // The scorecard read comparison alone, on databases already folded by `rollups`.
        var report = new Report("reads", commandLine, resultsFile);
        var reads = Number("--reads", 500);
        await AppUnderTest.PublishAsync(Flag("--publish"));
        await using var big = await BenchDatabase.OpenAsync(connection, database);
        await using var small = await BenchDatabase.OpenAsync(connection, Option("--small-database") ?? database + "_small");
        var bigCount = await big.ScalarAsync("SELECT count(*) FROM responses");
        var smallCount = await small.ScalarAsync("SELECT count(*) FROM responses");
        var (_, smallP95, smallPublicP95) = await RollupsBench.ScorecardReadAsync(small, port, reads, report, $"{smallCount:N0} responses");
        var (_, bigP95, bigPublicP95) = await RollupsBench.ScorecardReadAsync(big, port, reads, report, $"{bigCount:N0} responses");
        report.Line($"RATIO scorecard read p95 at {bigCount:N0} / at {smallCount:N0} = {bigP95 / smallP95:F2} (target ≤ 1.2)");
        report.Line($"(for information: public page p95 at {bigCount:N0} / at {smallCount:N0} = {bigPublicP95 / smallPublicP95:F2})");
        await report.SaveAsync();
        break;
    }
    case "submit" when Flag("--ab"):
    {
        // --ab [--b-env K=V]… [--b-folder DIR] [--rounds 3]: interleaved wrk runs against two apps (SubmitBench.CompareAsync).
        return await LoadBenchAsync("submit A/B", (db, report) => new SubmitBench(db, report).CompareAsync(port, Number("--clients", 16),
            Number("--seconds", 6), Number("--rounds", 3), bEnvironment, Option("--b-folder"),
            Rate(), Number("--connections", 64), generators[0]), "wrk");
    }
    case "submit" when Flag("--round-trips"):
        return await LoadBenchAsync("round trips", (db, report) => new SubmitBench(db, report).RoundTripsAsync(port));
    case "submit":
        return await LoadBenchAsync("submit", (db, report) => new SubmitBench(db, report)
            .RunAsync(port, Number("--clients", 16), Number("--seconds", 20),
            Rate(), Number("--connections", 64), generators), "pgbench", "wrk");
    case "loadgen":
        // The submit bench's open-loop generator, started by it as a child process (LoadGen.RunAsync).
        return await LoadGen.MainAsync(Option("--url")!, Option("--tokens")!, Rate()!.Value, Number("--seconds", 15), Number("--connections", 64),
            generators[0]);
    case "form":
        return await LoadBenchAsync("form", (db, report) => new FormBench(db, report).RunAsync(port, Number("--clients", 32), Number("--seconds", 15)), "wrk");
    case "qr" when Flag("--ab"):
    {
        // --ab [--b-env K=V]… [--b-folder DIR] [--rounds 3] [--seconds 6]: interleaved issues against two apps (QrBench.CompareAsync).
        return await LoadBenchAsync("qr A/B", (db, report) => new QrBench(db, report).CompareAsync(port, Number("--clients", 8),
            Number("--seconds", 6), Number("--rounds", 3), bEnvironment, Option("--b-folder")));
    }
    case "qr":
        return await LoadBenchAsync("qr", (db, report) => new QrBench(db, report)
            .RunAsync(port, Number("--clients", 8), Number("--seconds", 15), Number("--slips", 10_000)), "zbarimg");
    case "stop":
    {
        // EmbeddedPostgres.StopAsync stops only a cluster its own process started; the bench cluster outlives every command.
        var pgCtl = Path.Combine(HaiLong.Api.Infrastructure.EmbeddedPostgres.FindBinaries() ?? "/usr/lib/postgresql/15/bin", "pg_ctl");
        var stopArgs = "stop -w -m fast -D /tmp/hailong-bench/data";
        var (code, output) = Environment.UserName == "root"
            ? await Report.RunAsync("runuser", $"-u postgres -- {pgCtl} {stopArgs}")
            : await Report.RunAsync(pgCtl, stopArgs);
        Console.WriteLine($"stop: {output.Trim()}");
        return code;
    }
    default:
        Console.WriteLine("""
            HaiLong benchmarks (see BENCHMARKS.md). Each measuring command prints its ratio and appends a block to bench-results.md.
              seed --responses N [--pending] [--seed S] [--days 365]
                                                         add N responses (binary COPY), in time order over the last --days
              fold [--workers 1]                         fold what is pending with RollupJob (its own schedule), timed
              rollup-baseline                            the hand-written INSERT … SELECT … GROUP BY over all responses
              rollups [--responses 1000000] [--small 10000] [--batch B] [--reads 500]
                                                         RollupJob vs the baseline (checked equal), a 1% incremental fold,
                                                         scorecard read p95 at N vs at --small responses
              submit [--clients 16] [--seconds 20] [--rate R] [--connections 64] [--generator sockets|httpclient|httpclient,sockets]
                                                         POST /api/responses vs pgbench of the same transaction; latency at half the peak
                                                         (or at --rate R) from the open-loop generator on --connections connections
                                                         (raw sockets; httpclient: the former generator; both: one open loop each)
              submit --ab [--b-env K=V]… [--b-folder DIR] [--rounds 3] [--seconds 6] [--rate R] [--generator sockets|httpclient]
                                                         two apps, wrk (or with --rate the open loop) against A, B, A, B…
              loadgen --url U --tokens FILE --rate R [--seconds 15] [--connections 64] [--generator sockets|httpclient]
                                                         the open-loop generator alone (submit starts it as a child process)
              form [--clients 32] [--seconds 15]         GET /s/{counter token} vs a bare Kestrel endpoint serving the same bytes (wrk)
              qr [--clients 8] [--seconds 15] [--slips 10000]
                                                         POST /api/invitations (token + PNG + SVG) vs QRCoder + one INSERT;
                                                         three batches of --slips yearly slips (POST /api/invitations/annual-sample)
              qr --ab [--b-folder DIR] [--b-env K=V]… [--rounds 3] [--seconds 6]
                                                         issues against two apps in turn (A, B, A, B…): a before/after pair
              stop                                       stop the embedded bench cluster
            Options: --database NAME (default hailong_bench; rollups also uses NAME_small)  --connection "Host=…"
                     --auto-prepare N (the app's connection string gets Max Auto Prepare=N; default: not set, so the app uses its own default of 64)
                     --port P (the app's port, default 5187)  --publish (publish the app again)  --results FILE
            """);
        break;
}
return 0;
