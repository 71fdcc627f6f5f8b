using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace HaiLong.Faults;

/// <summary>
/// Fault 5: one client (127.0.0.2) floods the citizen API while the others (127.0.0.3, .4, …) take surveys at a steady pace
/// (open the form, submit it). The flooder must get 429 with Retry-After; the others must keep at least 95% of the
/// throughput they had alone, measured first without the flood and then with it, in the same run.
/// </summary>
public static class Flood
{
    public const double Required = 0.95;
    private const int SurveysPerSecondPerClient = 4;

    public static async Task<Outcome> RunAsync(string appDll, double seconds, int others)
    {
        await using var run = await FaultRun.StartAsync("flood", appDll);
        // A survey is two requests, so each paced client stays well inside its own limit while the flooder is far beyond it.
        var settings = new Dictionary<string, string>
        {
            ["HaiLong__RateLimits__CitizenBurst"] = "100",
            ["HaiLong__RateLimits__CitizenPerMinute"] = $"{SurveysPerSecondPerClient * 2 * 60 * 2}",
        };
        var app = await run.StartAppAsync(FaultRun.FreePort(), "app", hangfireServer: false, settings, prepareDatabase: true);
        var window = TimeSpan.FromSeconds(seconds);
        var perPhase = (int)(SurveysPerSecondPerClient * seconds * 1.5) + 10;
        var tokens = new ConcurrentQueue<FaultToken>(await World.IssueTokensAsync(run.Db, perPhase * others * 2 + 10, "flood"));
        var floodToken = tokens.TryDequeue(out var t) ? t.Token : throw new InvalidOperationException("no token");
        var clients = Enumerable.Range(0, others)
            .Select(i => Citizens.Client(app.BaseUrl, IPAddress.Parse($"127.0.0.{3 + i}"), TimeSpan.FromSeconds(30))).ToList();
        using var flooder = Citizens.Client(app.BaseUrl, IPAddress.Parse("127.0.0.2"), TimeSpan.FromSeconds(30), connections: 64);

        // Warm up both paths once per client so the first phase does not pay for JIT and connection setup.
        await PacedAsync(clients, tokens, TimeSpan.FromSeconds(2));
        var alone = await PacedAsync(clients, tokens, window);
        FaultRun.Log($"alone: {alone.Completed / seconds:F1} surveys/s, {alone.Failed} failed, p99 {alone.P99 * 1000:F0} ms");

        using var stopFlood = new CancellationTokenSource();
        var flood = new FloodCounts();
        var flooding = Enumerable.Range(0, 48).Select(_ => Task.Run(() => FloodAsync(flooder, floodToken, flood, stopFlood.Token))).ToArray();
        await Task.Delay(1000);
        var withFlood = await PacedAsync(clients, tokens, window);
        stopFlood.Cancel();
        await Task.WhenAll(flooding);
        FaultRun.Log($"with flood: {withFlood.Completed / seconds:F1} surveys/s, {withFlood.Failed} failed, p99 {withFlood.P99 * 1000:F0} ms; " +
            $"flooder sent {flood.Total}, got {flood.Limited} × 429 " +
            $"({flood.LimitedWithRetryAfter} with Retry-After, {flood.LimitedAsProblem} as problem+json), " +
            $"{flood.Total - flood.Limited} others");
        foreach (var c in clients) c.Dispose();

        var ratio = alone.Completed == 0 ? 0 : (double)withFlood.Completed / alone.Completed;
        var broken = new List<string>();
        if (alone.Completed == 0) broken.Add("the other clients completed nothing on their own");
        if (alone.Failed + withFlood.Failed > 0) broken.Add($"{alone.Failed + withFlood.Failed} of the other clients' surveys failed");
        if (flood.Limited < flood.Total / 2) broken.Add($"only {flood.Limited} of the flooder's {flood.Total} requests were limited");
        if (flood.LimitedWithRetryAfter != flood.Limited) broken.Add($"{flood.Limited - flood.LimitedWithRetryAfter} 429s had no Retry-After");
        if (flood.LimitedAsProblem != flood.Limited) broken.Add($"{flood.Limited - flood.LimitedAsProblem} 429s were not application/problem+json");
        if (ratio < Required) broken.Add($"the other clients kept only {ratio:P1} of their throughput ({withFlood.Completed} vs {alone.Completed} surveys)");
        return Outcome.Check(broken,
            $"the flooder got {flood.Limited} × 429 with Retry-After ({flood.Total / (seconds + 1):F0} req/s); {others} other clients kept {ratio:P1} " +
            $"of their throughput ({withFlood.Completed} vs {alone.Completed} surveys in {seconds} s, " +
            $"p99 {withFlood.P99 * 1000:F0} vs {alone.P99 * 1000:F0} ms)");
    }

    private sealed record Phase(int Completed, int Failed, double P99);

    /// <summary>
    /// Each client starts a survey (GET its form, POST its answers) every 1/rate seconds on a fixed schedule, whatever the
    /// earlier ones are doing; a survey counts if it is accepted before the window ends.
    /// </summary>
    private static async Task<Phase> PacedAsync(List<HttpClient> clients, ConcurrentQueue<FaultToken> tokens, TimeSpan window)
    {
        var clock = Stopwatch.StartNew();
        var completed = 0;
        var failed = 0;
        var latencies = new ConcurrentBag<double>();
        var surveys = new List<Task>();
        var per = TimeSpan.FromSeconds(1.0 / SurveysPerSecondPerClient);
        for (var n = 0; clock.Elapsed + per <= window; n++)
        {
            foreach (var client in clients)
            {
                if (!tokens.TryDequeue(out var token)) throw new InvalidOperationException("out of tokens");
                surveys.Add(Task.Run(async () =>
                {
                    var started = clock.Elapsed;
                    try
                    {
                        using var form = await client.GetAsync($"/api/responses/forms/{token.Token}");
                        using var submitted = await Citizens.SubmitAsync(client, token.Token, 4);
                        if (form.StatusCode == HttpStatusCode.OK && submitted.StatusCode == HttpStatusCode.Created)
                        {
                            latencies.Add((clock.Elapsed - started).TotalSeconds);
                            if (clock.Elapsed <= window) Interlocked.Increment(ref completed);
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }));
            }
            var next = per * (n + 1);
            if (next > clock.Elapsed) await Task.Delay(next - clock.Elapsed);
        }
        await Task.WhenAll(surveys);
        var sorted = latencies.Order().ToList();
        return new Phase(completed, failed, sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.99))]);
    }

    private sealed class FloodCounts
    {
        public int Total;
        public int Limited;
        public int LimitedWithRetryAfter;
        public int LimitedAsProblem;
    }

    private static async Task FloodAsync(HttpClient flooder, string token, FloodCounts counts, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await flooder.GetAsync($"/api/responses/forms/{token}", stop);
                Interlocked.Increment(ref counts.Total);
                if (response.StatusCode != HttpStatusCode.TooManyRequests) continue;
                Interlocked.Increment(ref counts.Limited);
                if (response.Headers.RetryAfter is { Delta.TotalSeconds: >= 1 }) Interlocked.Increment(ref counts.LimitedWithRetryAfter);
                if (response.Content.Headers.ContentType?.MediaType == "application/problem+json") Interlocked.Increment(ref counts.LimitedAsProblem);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
