using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace HaiLong.Faults;

/// <summary>
/// Fault 4: two API instances, each with its own Hangfire server, on one database. Every token is submitted twice at the same
/// moment, once through each instance, while both servers run rollup jobs side by side. No token may be consumed twice, the
/// responses stored must be exactly the acknowledged ones, and the rollups must equal a full recomputation.
/// </summary>
public static class TwoInstances
{
    public static async Task<Outcome> RunAsync(string appDll, int tokens, int workers)
    {
        await using var run = await FaultRun.StartAsync("two-instances", appDll);
        var settings = FaultRun.WithoutRateLimits(("HaiLong__Hangfire__QueuePollSeconds", "1"));
        var a = await run.StartAppAsync(FaultRun.FreePort(), "instance-a", hangfireServer: true, settings, prepareDatabase: true);
        var b = await run.StartAppAsync(FaultRun.FreePort(), "instance-b", hangfireServer: true, settings);
        var issued = await World.IssueTokensAsync(run.Db, tokens, "two");
        using var clientA = Citizens.Client(a.BaseUrl, IPAddress.Loopback, TimeSpan.FromSeconds(60));
        using var clientB = Citizens.Client(b.BaseUrl, IPAddress.Loopback, TimeSpan.FromSeconds(60));
        using var adminA = await Staff.SignInAsync(a.BaseUrl, Staff.Administrator);
        using var adminB = await Staff.SignInAsync(b.BaseUrl, Staff.Administrator);

        var queue = new ConcurrentQueue<FaultToken>(issued);
        var accepted = new ConcurrentDictionary<long, int>();
        var statuses = new ConcurrentDictionary<int, int>();
        var acks = new ConcurrentBag<(long, long)>();
        var watch = Stopwatch.StartNew();
        async Task Worker(int w)
        {
            while (queue.TryDequeue(out var token))
            {
                var both = await Task.WhenAll(
                    Citizens.SubmitAsync(clientA, token.Token, 1 + w % 5),
                    Citizens.SubmitAsync(clientB, token.Token, 1 + (w + 2) % 5));
                foreach (var response in both)
                {
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (await Citizens.ResponseIdAsync(response) is { } id)
                    {
                        accepted.AddOrUpdate(token.InvitationId, 1, (_, n) => n + 1);
                        acks.Add((token.InvitationId, id));
                    }
                    response.Dispose();
                }
            }
        }
        var load = Enumerable.Range(0, workers).Select(w => Task.Run(() => Worker(w))).ToArray();
        var enqueued = 0;
        while (!load.All(t => t.IsCompleted))
        {
            // Both instances enqueue rollup runs during the load, so both servers fold at the same time as submissions commit.
            foreach (var admin in new[] { adminA, adminB })
            {
                (await admin.PostAsync("/api/scorecards/rollups/run", null)).EnsureSuccessStatusCode();
                enqueued++;
            }
            await Task.WhenAny(Task.WhenAll(load), Task.Delay(1000));
        }
        await Task.WhenAll(load);
        FaultRun.Log($"{tokens} tokens × 2 instances in {watch.Elapsed.TotalSeconds:F1} s; statuses " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")) + $"; {enqueued} rollup runs enqueued");
        (await adminA.PostAsync("/api/scorecards/rollups/run", null)).EnsureSuccessStatusCode();
        (await adminB.PostAsync("/api/scorecards/rollups/run", null)).EnsureSuccessStatusCode();
        long pending;
        watch.Restart();
        while ((pending = await World.PendingAsync(run.Db)) > 0 && watch.Elapsed < TimeSpan.FromSeconds(120)) await Task.Delay(500);
        var servers = await World.ScalarAsync(run.Db, "SELECT count(*) FROM hangfire.server");
        var succeeded = await World.ScalarAsync(run.Db,
            "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded' AND invocationdata::text LIKE '%RollupJob%'");
        var foldingServers = await World.ScalarAsync(run.Db, """
            SELECT count(DISTINCT s.data->>'ServerId') FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
            WHERE s.name = 'Processing' AND j.invocationdata::text LIKE '%RollupJob%'
            """);

        var broken = new List<string>();
        var twiceByClient = accepted.Count(t => t.Value > 1);
        if (twiceByClient > 0) broken.Add($"{twiceByClient} tokens were acknowledged twice");
        var twice = await World.ConsumedTwiceAsync(run.Db);
        if (twice > 0) broken.Add($"{twice} tokens have more than one response");
        var stored = await World.FaultResponsesAsync(run.Db);
        if (stored != acks.Count) broken.Add($"{stored} responses stored but {acks.Count} acknowledged");
        if (acks.Count != tokens) broken.Add($"{acks.Count} of {tokens} tokens were accepted (each should be, exactly once)");
        var missing = await World.MissingAcknowledgedAsync(run.Db, acks.ToList());
        if (missing > 0) broken.Add($"{missing} acknowledged responses are not in the database");
        var conflicts = statuses.GetValueOrDefault(409);
        if (conflicts != tokens * 2 - acks.Count) broken.Add($"{conflicts} submissions refused as used, expected {tokens * 2 - acks.Count}");
        if (servers < 2) broken.Add($"only {servers} Hangfire servers registered");
        if (foldingServers < 2) broken.Add($"rollup jobs ran on {foldingServers} server(s), not on both");
        if (pending > 0) broken.Add($"{pending} responses still pending 120 s after the load");
        var differences = await FromScratch.DifferencesAsync(run.Db);
        if (differences.Count > 0) broken.Add($"rollups differ from a full recomputation in {differences.Count} rows, e.g. {differences[0]}");
        FaultRun.Log($"{succeeded} rollup jobs succeeded across {servers} servers");
        return Outcome.Check(broken,
            $"two instances, two Hangfire servers ({succeeded} rollup runs on {foldingServers} servers): " +
            $"{tokens} tokens each submitted through both at once, " +
            $"{acks.Count} accepted = {stored} stored, 0 tokens consumed twice, rollups equal a full recomputation");
    }

}
