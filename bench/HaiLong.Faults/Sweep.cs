using System.Diagnostics;
using System.Text.Json.Nodes;

namespace HaiLong.Faults;

/// <summary>
/// Fault 6: the property-based bad-input sweep (InputSweep) at scale against the published app as a real process on a
/// real cluster: as anonymous and as every demo role, with a random seed (printed, so a failure can be replayed with --seed).
/// PASS when no request is a 5xx, every 4xx is a ProblemDetails (citizen pages: a Vietnamese page) and no refused-only batch
/// changed a table.
/// </summary>
public static class BadInputSweep
{
    public static async Task<Outcome> RunAsync(string appDll, int requests, int seed)
    {
        FaultRun.Log($"seed {seed} (replay with --seed {seed})");
        await using var run = await FaultRun.StartAsync("sweep", appDll);
        var app = await run.StartAppAsync(FaultRun.FreePort(), "app", hangfireServer: false, FaultRun.WithoutRateLimits(), prepareDatabase: true);
        var clients = new List<(string, HttpClient)> { ("anonymous", Staff.Client(app.BaseUrl)) };
        foreach (var role in Staff.DemoRoles) clients.Add((role, await Staff.SignInAsync(app.BaseUrl, role)));
        var document = JsonNode.Parse(await clients[0].Item2.GetStringAsync("/openapi/v1.json"))!;
        var clock = Stopwatch.StartNew();
        var report = await new InputSweep(document, seed).RunAsync(clients, run.ConnectionString, requests, r =>
        {
            if (r.Sent % 5000 < 40) FaultRun.Log(r.Summary());
        });
        FaultRun.Log($"{report.Summary()} in {clock.Elapsed.TotalSeconds:F0} s (seed {seed})");
        foreach (var failure in report.Failures.Take(30)) FaultRun.Log("  " + failure);
        foreach (var (_, c) in clients) c.Dispose();
        var broken = report.Failures.Count == 0
            ? []
            : new List<string> { $"{report.Failures.Count} failures (seed {seed}); the first: {report.Failures[0]}" };
        return Outcome.Check(broken, $"{report.Summary()} (seed {seed})");
    }
}
