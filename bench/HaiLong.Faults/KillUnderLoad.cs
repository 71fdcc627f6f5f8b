namespace HaiLong.Faults;

/// <summary>
/// Fault 1: kill -9 the app again and again under submission load, restarting it each time. Every acknowledged response must
/// be stored, no token may be used without its response, and every response must be queued for (and then folded into) the
/// rollups. The app runs without a Hangfire server so the queue can be checked row by row before it is folded.
/// </summary>
public static class KillUnderLoad
{
    public static async Task<Outcome> RunAsync(string appDll, int kills, int workers)
    {
        await using var run = await FaultRun.StartAsync("kill", appDll);
        var port = FaultRun.FreePort();
        var settings = FaultRun.WithoutRateLimits();
        var app = await run.StartAppAsync(port, "app-0", hangfireServer: false, settings, prepareDatabase: true);
        var tokens = await World.IssueTokensAsync(run.Db, 40_000, "kill");
        using var client = Citizens.Client(app.BaseUrl, System.Net.IPAddress.Loopback, TimeSpan.FromSeconds(30));
        var load = new SubmissionLoad(client, tokens);
        load.Start(workers);
        var random = new Random(6);
        for (var kill = 1; kill <= kills; kill++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1000 + random.Next(2000)));
            var before = load.Acknowledged.Count;
            await app.KillAsync();
            FaultRun.Log($"kill -9 #{kill} (pid {app.Pid}); {before} acknowledged so far");
            app = await run.StartAppAsync(port, $"app-{kill}", hangfireServer: false, settings);
        }
        await Task.Delay(2000);
        await load.StopAsync();
        await app.KillAsync();

        var acks = load.Acknowledged.ToList();
        var broken = new List<string>();
        if (acks.Count < kills * 10) broken.Add($"only {acks.Count} submissions were acknowledged; the load did not run");
        if (load.RanOutOfTokens) broken.Add("the load ran out of tokens; the run did not cover every kill");
        await World.CheckExactlyOnceAsync(run.Db, acks, broken);
        var notQueued = await World.WithoutPendingRowAsync(run.Db);
        if (notQueued > 0) broken.Add($"{notQueued} responses have no pending_rollups row");
        var stored = await World.FaultResponsesAsync(run.Db);
        var folded = await World.DrainPendingAsync(run.Db);
        var differences = await FromScratch.DifferencesAsync(run.Db);
        if (differences.Count > 0) broken.Add($"after folding, rollups differ from a full recomputation in {differences.Count} rows, e.g. {differences[0]}");
        var transportErrors = load.Attempts.Count(a => a.Status == 0);
        FaultRun.Log($"{load.Attempts.Count} attempts, {acks.Count} acknowledged, {stored} stored (the rest lost in flight, never acknowledged), " +
            $"{transportErrors} transport errors, {folded} folded");
        return Outcome.Check(broken,
            $"{kills} kill -9s under load: all {acks.Count} acknowledged responses stored ({stored} stored in all), 0 tokens used without " +
            "their response, every response queued for the rollups, rollups equal a full recomputation after folding");
    }
}
