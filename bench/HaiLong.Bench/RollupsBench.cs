using System.Diagnostics;
using HaiLong.Api.Features.Scorecards;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HaiLong.Bench;

/// <summary>
/// Rollups: the real RollupJob folding N pending responses vs the hand-written baseline over the same responses (the two
/// results are compared row for row); then an incremental fold of a 1% delta; then the ward scorecard's read p95 at N and
/// at a small database, through the published app.
/// </summary>
public sealed class RollupsBench(BenchDatabase db, Report report)
{
    /// <param name="batchSize">A fixed batch size, or null for the job's own schedule (500, growing ×4 up to MaxBatchSize while a backlog lasts).</param>
    public async Task<(double FullSeconds, long Differences)> RunAsync(long responses, int? batchSize)
    {
        var delta = Math.Max(responses / 100, 1);
        var (_, cut) = await EnsureResponsesAsync(db, responses + delta, responses);
        var first = await db.ScalarAsync("SELECT min(id) FROM responses");
        var last = await db.ScalarAsync("SELECT max(id) FROM responses");
        var answers = await db.ScalarAsync("SELECT count(*) FROM response_answers");
        report.Line($"database: {last - first + 1:N0} responses, {answers:N0} answers; fold {responses:N0} (ids {first}..{cut}), "
            + $"then a delta of {last - cut:N0}");

        await ResetAsync(cut);
        var job = new RollupJob(db.DataSource, Options.Create(new ScorePolicy()), TimeProvider.System, NullLogger<RollupJob>.Instance);
        var sw = Stopwatch.StartNew();
        var folded = await job.RunAsync(batchSize ?? RollupJob.DefaultBatchSize, CancellationToken.None, growWithBacklog: batchSize is null);
        var full = sw.Elapsed.TotalSeconds;
        var rows = await db.ScalarAsync("SELECT (SELECT count(*) FROM rollups) + (SELECT count(*) FROM procedure_rollups)");
        var batches = batchSize is { } b
            ? $"batches of {b}"
            : $"batches growing {RollupJob.DefaultBatchSize} → {RollupJob.MaxBatchSize:N0}, as scheduled";
        report.Line($"job (RollupJob.RunAsync, {batches}): {folded:N0} responses folded in {full:F2} s ({folded / full:N0}/s) → {rows:N0} rollup rows");

        var baseline = await BaselineAsync(first, cut);
        var differences = await db.ScalarAsync(RollupBaseline.DifferenceSql);
        report.Line($"baseline (one INSERT … SELECT … GROUP BY, RollupBaseline.Sql): {baseline:F2} s; rows differing from the job's: {differences}");
        report.Line($"RATIO job / baseline = {full / baseline:F2} (target ≤ 1.5)");

        await db.ExecuteAsync($"INSERT INTO pending_rollups (response_id) SELECT id FROM responses WHERE id > {cut}; ANALYZE pending_rollups; CHECKPOINT;");
        sw.Restart();
        var incremental = await job.RunAsync(batchSize ?? RollupJob.DefaultBatchSize, CancellationToken.None, growWithBacklog: batchSize is null);
        var delta1 = sw.Elapsed.TotalSeconds;
        report.Line($"incremental: {incremental:N0} responses folded in {delta1:F2} s");
        report.Line($"RATIO incremental / full = {delta1 / full:P2} (target ≤ 5%)");

        var baselineAll = await BaselineAsync(first, last);
        var differencesAll = await db.ScalarAsync(RollupBaseline.DifferenceSql);
        report.Line($"after the delta, baseline over all {last - first + 1:N0} responses: {baselineAll:F2} s; rows differing from the job's: {differencesAll}");
        return (full, differences + differencesAll);
    }

    /// <summary>Seeds (binary COPY) up to <paramref name="total"/> responses; returns the total and the id of the last one before the delta.</summary>
    public static async Task<(long Total, long Cut)> EnsureResponsesAsync(BenchDatabase db, long total, long? foldCount = null)
    {
        var seeder = new Seeder(db.DataSource);
        var world = await seeder.EnsureWorldAsync();
        var have = await db.ScalarAsync("SELECT count(*) FROM responses");
        if (have < total) await seeder.AppendResponsesAsync(world, total - have, DateTimeOffset.UtcNow, pending: false, seed: (int)have + 42);
        var n = foldCount ?? total;
        var cut = await db.ScalarAsync($"SELECT id FROM responses ORDER BY id OFFSET {Math.Max(n - 1, 0)} LIMIT 1");
        return (total, cut);
    }

    private async Task ResetAsync(long cut)
    {
        await db.ExecuteAsync($"""
            TRUNCATE rollups, procedure_rollups, pending_rollups;
            DELETE FROM review_items WHERE kind = 'LowScoreAlert';
            INSERT INTO pending_rollups (response_id) SELECT id FROM responses WHERE id <= {cut};
            """);
        // VACUUM refuses to run inside the implicit transaction of a multi-statement command.
        foreach (var table in new[] { "pending_rollups", "rollups", "procedure_rollups" }) await db.ExecuteAsync($"VACUUM ANALYZE {table}");
        await db.ExecuteAsync("CHECKPOINT");
    }

    private async Task<double> BaselineAsync(long lo, long hi)
    {
        await db.ExecuteAsync(RollupBaseline.CreateTables + "CHECKPOINT;");
        await using var cmd = db.DataSource.CreateCommand(RollupBaseline.Sql);
        cmd.Parameters.AddWithValue("lo", lo);
        cmd.Parameters.AddWithValue("hi", hi);
        var sw = Stopwatch.StartNew();
        await cmd.ExecuteScalarAsync();
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// p50/p95 of the ward overview (GET /api/scorecards/units/{id}?period=year) through the published app, every ward in
    /// turn, after a warm-up.
    /// </summary>
    public static async Task<(double P50, double P95, double PublicP95)> ScorecardReadAsync(
        BenchDatabase db, int port, int requests, Report report, string label)
    {
        // A fold leaves dead row versions and stale statistics behind; autovacuum would clean them up during the reads.
        foreach (var table in new[] { "rollups", "procedure_rollups", "review_items" }) await db.ExecuteAsync($"VACUUM ANALYZE {table}");
        await db.ExecuteAsync("CHECKPOINT");
        var connection = new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = 100 }.ConnectionString;
        await using var app = await AppUnderTest.StartAsync(connection, port);
        await AppUnderTest.EnsureBenchAdminAsync(connection);
        using var http = app.Client(await app.SignInAsync());
        var wards = new List<(long Id, string Code)>();
        await using (var cmd = db.DataSource.CreateCommand("SELECT id, code FROM units WHERE code LIKE 'B-W%' ORDER BY id"))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) wards.Add((r.GetInt32(0), r.GetString(1)));
        }
        var rollupRows = await db.ScalarAsync("SELECT count(*) FROM rollups");
        var (p50, p95) = await SequentialAsync(http, requests, i => $"/api/scorecards/units/{wards[i % wards.Count].Id}?period=year");
        report.Line($"scorecard read at {label} ({rollupRows:N0} rollup rows): {requests} sequential GET /api/scorecards/units/{{ward}}?period=year, "
            + $"p50 {p50:F2} ms, p95 {p95:F2} ms");
        // The public page (công khai) reads the same rollups for anyone; anonymous, rendered on every request.
        var (publicP50, publicP95) = await SequentialAsync(http, requests, i => $"/cong-khai/{wards[i % wards.Count].Code}");
        report.Line($"public page read at {label}: {requests} sequential GET /cong-khai/{{ward code}}, p50 {publicP50:F2} ms, p95 {publicP95:F2} ms");
        return (p50, p95, publicP95);
    }

    /// <summary>100 unmeasured reads, then <paramref name="requests"/> measured one after another: their p50 and p95 in ms.</summary>
    private static async Task<(double P50, double P95)> SequentialAsync(HttpClient http, int requests, Func<int, string> path)
    {
        for (var i = 0; i < 100; i++) (await http.GetAsync(path(i))).EnsureSuccessStatusCode();
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            var response = await http.GetAsync(path(i));
            await response.Content.ReadAsByteArrayAsync();
            times.Add(sw.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        times.Sort();
        return (Report.Percentile(times, 50), Report.Percentile(times, 95));
    }
}
