using System.Diagnostics;
using System.Net;

namespace HaiLong.Faults;

/// <summary>
/// Fault 2: stop PostgreSQL for a while under submission load, then start it again. While it is down every failing request
/// must answer 503 with Retry-After within <see cref="FailFastSeconds"/> (never hang for a connect timeout); once it is back the
/// same app process must report ready again and accept submissions, without a restart.
/// </summary>
public static class DatabaseOutage
{
    public const double FailFastSeconds = 2.0;

    public static async Task<Outcome> RunAsync(string appDll, TimeSpan outage, int workers)
    {
        await using var run = await FaultRun.StartAsync("pg-outage", appDll);
        var settings = FaultRun.WithoutRateLimits();
        var app = await run.StartAppAsync(FaultRun.FreePort(), "app", hangfireServer: true, settings, prepareDatabase: true);
        var pid = app.Pid;
        var tokens = await World.IssueTokensAsync(run.Db, 40_000, "outage");
        // A generous client timeout, so a hanging request is measured as hanging instead of being cut short.
        using var client = Citizens.Client(app.BaseUrl, IPAddress.Loopback, TimeSpan.FromSeconds(60));
        var load = new SubmissionLoad(client, tokens);
        load.Start(workers);

        await Task.Delay(4000);
        var down = load.Clock.Elapsed.TotalSeconds;
        FaultRun.Log("stopping PostgreSQL");
        await run.Cluster.StopAsync();
        var stopped = load.Clock.Elapsed.TotalSeconds;
        FaultRun.Log($"PostgreSQL stopped after {stopped - down:F1} s; keeping it down for {outage.TotalSeconds} s");
        using var probe = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var readyWhileDown = (await probe.GetAsync("/health/ready")).StatusCode;
        await Task.Delay(outage);
        var up = load.Clock.Elapsed.TotalSeconds;
        await run.Cluster.RestartAsync();
        // The checker's own pooled connections died with the server; the app's are its own business.
        run.Db.Clear();
        FaultRun.Log("PostgreSQL started again");

        var broken = new List<string>();
        var recovery = Stopwatch.StartNew();
        HttpStatusCode ready = 0;
        while (recovery.Elapsed < TimeSpan.FromSeconds(30) && ready != HttpStatusCode.OK)
        {
            ready = (await probe.GetAsync("/health/ready")).StatusCode;
            if (ready != HttpStatusCode.OK) await Task.Delay(200);
        }
        var readyAfter = recovery.Elapsed.TotalSeconds;
        var acceptedAfter = 0;
        while (recovery.Elapsed < TimeSpan.FromSeconds(45) && acceptedAfter < 20)
        {
            await Task.Delay(500);
            acceptedAfter = load.Attempts.Count(a => a.StartedAt > up && a.Status == 201);
        }
        await Task.Delay(2000);
        await load.StopAsync();

        var during = load.Attempts.Where(a => a.StartedAt >= down && a.StartedAt < up).ToList();
        var failures = during.Where(a => a.Status != 201).ToList();
        var notProblem = failures.Where(a => a.Status != 503 || !a.RetryAfter).ToList();
        var slowest = failures.Count == 0 ? 0 : failures.Max(a => a.Seconds);
        if (readyWhileDown != HttpStatusCode.ServiceUnavailable) broken.Add($"/health/ready answered {(int)readyWhileDown} while PostgreSQL was down");
        if (failures.Count < 10) broken.Add($"only {failures.Count} requests failed during the outage; the outage was not exercised");
        if (notProblem.Count > 0)
        {
            broken.Add($"{notProblem.Count} failing requests during the outage were not 503 with Retry-After (statuses: " +
                string.Join(", ", notProblem.GroupBy(a => a.Status).Select(g => $"{g.Key}×{g.Count()}")) + ")");
        }
        if (slowest > FailFastSeconds) broken.Add($"the slowest failing request took {slowest:F2} s (limit {FailFastSeconds} s)");
        if (ready != HttpStatusCode.OK) broken.Add("/health/ready did not return to 200 within 30 s of PostgreSQL's restart");
        if (acceptedAfter < 20) broken.Add($"only {acceptedAfter} submissions were accepted after PostgreSQL came back");
        if (app.HasExited || app.Pid != pid) broken.Add("the app process did not survive the outage");
        var acks = load.Acknowledged.ToList();
        var missing = await World.MissingAcknowledgedAsync(run.Db, acks);
        if (missing > 0) broken.Add($"{missing} acknowledged responses are not in the database");
        var usedWithout = await World.UsedWithoutResponseAsync(run.Db);
        if (usedWithout > 0) broken.Add($"{usedWithout} tokens are marked used without a response");
        var p99 = failures.Count == 0 ? 0 : failures.Select(a => a.Seconds).Order().ElementAt((int)(failures.Count * 0.99));
        FaultRun.Log($"outage: {during.Count} requests, {failures.Count} failed (p99 {p99 * 1000:F0} ms, max {slowest * 1000:F0} ms); " +
            $"ready again {readyAfter:F1} s after restart; {acceptedAfter} accepted after; {acks.Count} acknowledged in all");
        return Outcome.Check(broken,
            $"PostgreSQL down {outage.TotalSeconds:F0} s under load: all {failures.Count} failing requests were 503 + Retry-After within " +
            $"{slowest:F2} s (limit {FailFastSeconds} s); same process ready again {readyAfter:F1} s after restart and accepting submissions; " +
            $"all {acks.Count} acknowledged responses stored");
    }
}
