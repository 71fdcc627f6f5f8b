using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HaiLong.Api.Infrastructure.Seeding;

namespace HaiLong.Faults;

/// <summary>
/// Fault 6: the property-based bad-input sweep (InputSweep) at scale against the published app as a real process on a
/// real cluster: as anonymous and as every demo role, with a random seed (printed, so a failure can be replayed with --seed).
/// PASS when no request is a 5xx, every 4xx is a ProblemDetails (citizen pages: a Vietnamese page) and no refused-only batch
/// changed a table.
/// </summary>
public static class BadInputSweep
{
    public static readonly string[] Roles = ["quantri", "lanhdao.phuong", "motcua.phuong", "thanhtra.phuong", "danhgia.phuong"];

    public static async Task<Outcome> RunAsync(string appDll, int requests, int seed)
    {
        FaultRun.Log($"seed {seed} (replay with --seed {seed})");
        await using var run = await FaultRun.StartAsync("sweep", appDll);
        var settings = new Dictionary<string, string>
        {
            // One client address sends everything; the limits are not what is under test here.
            ["HaiLong__RateLimits__CitizenBurst"] = "100000000",
            ["HaiLong__RateLimits__CitizenPerMinute"] = "100000000",
            ["HaiLong__RateLimits__SignInPerMinute"] = "100000000",
        };
        var app = await run.StartAppAsync(FaultRun.FreePort(), "app", hangfireServer: false, settings, prepareDatabase: true);
        var clients = new List<(string, HttpClient)> { ("anonymous", Client(app.BaseUrl)) };
        foreach (var role in Roles)
        {
            var client = Client(app.BaseUrl);
            var token = await client.PostAsJsonAsync("/api/auth/token", new { userName = role, password = Seeder.DemoPassword });
            token.EnsureSuccessStatusCode();
            var body = JsonNode.Parse(await token.Content.ReadAsStringAsync())!;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["accessToken"]!.ToString());
            clients.Add((role, client));
        }
        var document = JsonNode.Parse(await clients[0].Item2.GetStringAsync("/openapi/v1.json"))!;
        var clock = Stopwatch.StartNew();
        var report = await new InputSweep(document, seed).RunAsync(clients, run.Cluster.ConnectionString, requests, r =>
        {
            if (r.Sent % 5000 < 40) FaultRun.Log(r.Summary());
        });
        FaultRun.Log($"{report.Summary()} in {clock.Elapsed.TotalSeconds:F0} s (seed {seed})");
        foreach (var failure in report.Failures.Take(30)) FaultRun.Log("  " + failure);
        foreach (var (_, c) in clients) c.Dispose();
        var broken = report.Failures.Count == 0 ? [] : new List<string> { $"{report.Failures.Count} failures (seed {seed}); the first: {report.Failures[0]}" };
        return Outcome.Check(broken, $"{report.Summary()} (seed {seed})");
    }

    private static HttpClient Client(string baseUrl) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
}
