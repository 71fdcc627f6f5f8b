using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HaiLong.Faults;

/// <summary>One member of the Patroni cluster as its REST API reports it (GET /cluster).</summary>
public sealed record PatroniMember(string Name, string Role, string State, int Port, long? Lag);

/// <summary>The Patroni cluster bench/faults/patroni.sh started: its REST APIs and the folder holding each node's data directory.</summary>
public sealed class PatroniCluster(IReadOnlyList<string> apis, string dataRoot) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };

    /// <summary>The members as the first answering node sees them; empty when none answers.</summary>
    public async Task<List<PatroniMember>> MembersAsync()
    {
        foreach (var api in apis)
        {
            try
            {
                var cluster = await _http.GetFromJsonAsync<JsonElement>($"{api}/cluster");
                return [.. cluster.GetProperty("members").EnumerateArray().Select(m => new PatroniMember(
                    m.GetProperty("name").GetString()!, m.GetProperty("role").GetString()!, m.GetProperty("state").GetString()!,
                    m.GetProperty("port").GetInt32(),
                    m.TryGetProperty("lag", out var lag) && lag.ValueKind == JsonValueKind.Number ? lag.GetInt64() : null))];
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException) { }
        }
        return [];
    }

    /// <summary>
    /// A leader, every node running and streaming, and a synchronous standby: only then is a crash of the primary failed over
    /// without losing an acknowledged commit, so no fault is injected before.
    /// </summary>
    public async Task<PatroniMember> WaitHealthyAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var members = await MembersAsync();
            var leader = members.SingleOrDefault(m => m.Role == "leader" && m.State == "running");
            var replicas = members.Where(m => m.Role != "leader" && m.State is "running" or "streaming" && m.Lag is < 1024 * 1024).ToList();
            if (leader is not null && replicas.Count == apis.Count - 1 && replicas.Any(m => m.Role == "sync_standby")) return leader;
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"the cluster was not healthy within {timeout.TotalSeconds} s: " +
                    string.Join(", ", members.Select(m => $"{m.Name} {m.Role} {m.State} lag {m.Lag?.ToString() ?? "?"}")));
            }
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// SIGKILL to the leader's postmaster (its pid is the first line of postmaster.pid): a crash of PostgreSQL, not of Patroni.
    /// False when that node's PostgreSQL is not running after all (the members' states are a loop old).
    /// </summary>
    public bool TryKillPostmaster(PatroniMember leader)
    {
        var pidFile = Path.Combine(dataRoot, leader.Name, "postmaster.pid");
        if (!File.Exists(pidFile)) return false;
        var pid = int.Parse(File.ReadLines(pidFile).First(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var postmaster = Process.GetProcessById(pid);
            postmaster.Kill();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// A planned switchover through the REST API; Patroni picks the synchronous standby and answers once it is done. Null when
    /// Patroni refused (the leader named is a loop old, or no standby is ready).
    /// </summary>
    public async Task<string?> TrySwitchoverAsync(PatroniMember leader)
    {
        // Buffered, not streamed: Patroni's HTTP server wants a Content-Length (a chunked body is answered 411).
        using var body = new StringContent(JsonSerializer.Serialize(new { leader = leader.Name }), System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync($"{apis[0]}/switchover", body);
        var said = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode) return said.Trim();
        FaultRun.Log($"switchover away from {leader.Name} refused ({(int)response.StatusCode}): {said.Trim()}");
        return null;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// The high-availability fault test: the app (with its Hangfire server) on a multi-host connection string to a Patroni cluster
/// in synchronous mode, under submission load; the primary's postmaster is killed -9 again and again and planned switchovers
/// are interleaved. Afterwards every acknowledged response is stored once, no token is used without its response, and the
/// rollups equal a recomputation. The time from each fault to the first acknowledged submission started after it is reported.
/// </summary>
public static class PatroniFailover
{
    /// <summary>One injected fault: when it was started (At) and when the injection returned (Done; a switchover takes seconds).</summary>
    public sealed record Fault(int Number, string Kind, string From, double At, double Done);

    public static async Task<Outcome> RunAsync(string appDll, string connectionString, PatroniCluster patroni, int kills, int switchovers,
        int workers, int tokens)
    {
        await using var run = await FaultRun.OnClusterAsync("patroni", appDll, connectionString);
        await patroni.WaitHealthyAsync(TimeSpan.FromMinutes(2));
        var port = FaultRun.FreePort();
        var settings = FaultRun.WithoutRateLimits();
        var app = await run.StartAppAsync(port, "app-0", hangfireServer: true, settings, prepareDatabase: true);
        var issued = await World.IssueTokensAsync(run.Db, tokens, "patroni");
        using var client = Citizens.Client(app.BaseUrl, IPAddress.Loopback, TimeSpan.FromSeconds(30));
        var load = new SubmissionLoad(client, issued);
        load.Start(workers);

        var broken = new List<string>();
        var faults = new List<Fault>();
        var random = new Random(21);
        // A switchover after every second kill while any are left, so both kinds meet a cluster that has just changed primary.
        var plan = new List<string>();
        for (int k = 0, s = 0; k < kills || s < switchovers;)
        {
            for (var pair = 0; pair < 2 && k < kills; pair++, k++) plan.Add("kill");
            if (s++ < switchovers) plan.Add("switchover");
        }
        for (var i = 0; i < plan.Count; i++)
        {
            // The load first: the members' states lag a Patroni loop, so "healthy" alone could still describe the last fault.
            await WaitForAcknowledgementsAsync(load, faults.LastOrDefault()?.Done ?? 0, broken);
            await patroni.WaitHealthyAsync(TimeSpan.FromMinutes(3));
            if (app.HasExited)
            {
                broken.Add($"the app process exited before fault {i + 1}; restarted");
                app = await run.StartAppAsync(port, $"app-{i + 1}", hangfireServer: true, settings);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(1000 + random.Next(2000)));
            for (var attempt = 1; ; attempt++)
            {
                var leader = await patroni.WaitHealthyAsync(TimeSpan.FromMinutes(3));
                var at = load.Clock.Elapsed.TotalSeconds;
                var done = plan[i] == "kill"
                    ? patroni.TryKillPostmaster(leader) ? $"kill -9 of {leader.Name}'s postmaster" : null
                    : await patroni.TrySwitchoverAsync(leader) is { } said ? $"switchover away from {leader.Name}: {said}" : null;
                if (done is not null)
                {
                    FaultRun.Log($"fault {i + 1}: {done}; {load.Acknowledged.Count} acknowledged so far");
                    faults.Add(new Fault(i + 1, plan[i], leader.Name, at, load.Clock.Elapsed.TotalSeconds));
                    break;
                }
                if (attempt == 20) throw new InvalidOperationException($"fault {i + 1} ({plan[i]}) could not be injected in 20 attempts");
                await Task.Delay(500);
            }
        }
        await patroni.WaitHealthyAsync(TimeSpan.FromMinutes(3));
        await WaitForAcknowledgementsAsync(load, faults.LastOrDefault()?.Done ?? 0, broken);
        await Task.Delay(2000);
        await load.StopAsync();
        // The app's own Hangfire server would keep folding while the checker does; it is stopped so the comparison is exact.
        await app.KillAsync();
        run.Db.Clear();

        // A kill is measured from the kill; a switchover from its request, by the longest stretch without an acknowledgement
        // (the old primary serves until it is demoted, so its first acknowledgement after the request says nothing).
        var recoveries = faults.Select(f => (Fault: f, Seconds: f.Kind == "kill" ? FirstAcknowledgedAfter(load, f.At) : LongestGap(load, f)))
            .ToList();
        foreach (var (fault, seconds) in recoveries)
        {
            FaultRun.Log($"fault {fault.Number} ({fault.Kind} of {fault.From}, {fault.Done - fault.At:F1} s to inject): " +
                (fault.Kind == "kill" ? "first acknowledged submission after " : "longest stretch without an acknowledgement ") +
                (seconds is { } s ? $"{s:F2} s" : "never") + "; answers in the 30 s after: " + Statuses(load, fault.At, fault.At + 30));
        }
        var acks = load.Acknowledged.ToList();
        if (load.RanOutOfTokens) broken.Add("the load ran out of tokens; the run did not cover every fault");
        if (recoveries.Any(r => r.Seconds is null)) broken.Add("after some faults no submission was ever acknowledged again");
        await World.CheckExactlyOnceAsync(run.Db, acks, broken);
        var stored = await World.FaultResponsesAsync(run.Db);
        var folded = await World.DrainPendingAsync(run.Db);
        var differences = await FromScratch.DifferencesAsync(run.Db);
        if (differences.Count > 0) broken.Add($"rollups differ from a full recomputation in {differences.Count} rows, e.g. {differences[0]}");

        var summary = string.Join("; ", recoveries.GroupBy(r => r.Fault.Kind)
            .Select(g => Percentiles(g.Key == "kill" ? "kill → first acknowledged" : "switchover, longest gap", g.Select(r => r.Seconds))));
        FaultRun.Log($"{load.Attempts.Count} attempts ({Statuses(load, 0, double.MaxValue)}), {acks.Count} acknowledged, {stored} stored " +
            $"({stored - acks.Count} committed without their 201 reaching the client: the connection went down during COMMIT or the " +
            $"answer was cut; a retry of the same link finds it used), {folded} left to fold at the end; recovery {summary}");
        return Outcome.Check(broken,
            $"{plan.Count(p => p == "kill")} kill -9s of the primary and {plan.Count(p => p == "switchover")} switchovers under load: " +
            $"all {acks.Count} acknowledged responses stored once ({stored} stored in all), 0 tokens used without their response, " +
            $"rollups equal a full recomputation; {summary}");
    }

    /// <summary>Waits until the load has had 20 submissions acknowledged that started after <paramref name="since"/>.</summary>
    private static async Task WaitForAcknowledgementsAsync(SubmissionLoad load, double since, List<string> broken)
    {
        var waited = Stopwatch.StartNew();
        while (load.Attempts.Count(a => a.StartedAt > since && a.Status == 201) < 20)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                broken.Add($"fewer than 20 submissions were acknowledged in the 90 s after the fault at {since:F1} s");
                return;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Seconds from the fault to the end of the first acknowledged submission that started at or after it.</summary>
    private static double? FirstAcknowledgedAfter(SubmissionLoad load, double at)
    {
        var after = load.Attempts.Where(a => a.StartedAt >= at && a.Status == 201).Select(a => a.StartedAt + a.Seconds - at).ToList();
        return after.Count == 0 ? null : after.Min();
    }

    /// <summary>
    /// The longest time without an acknowledged submission from the fault's request until 20 had been acknowledged after it
    /// returned: the old primary serves until Patroni demotes it somewhere inside that window.
    /// </summary>
    private static double? LongestGap(SubmissionLoad load, Fault fault)
    {
        var ends = load.Attempts.Where(a => a.Status == 201 && a.StartedAt + a.Seconds >= fault.At).Select(a => a.StartedAt + a.Seconds)
            .Order().ToList();
        var afterDone = ends.Where(e => e >= fault.Done).Take(20).ToList();
        if (afterDone.Count < 20) return null;
        var window = ends.Where(e => e <= afterDone[^1]).Prepend(fault.At).ToList();
        return window.Zip(window.Skip(1), (a, b) => b - a).Max();
    }

    private static string Statuses(SubmissionLoad load, double from, double to) => string.Join(", ", load.Attempts
        .Where(a => a.StartedAt >= from && a.StartedAt < to)
        .GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key.ToString())}×{g.Count()}"));

    private static string Percentiles(string kind, IEnumerable<double?> seconds)
    {
        var sorted = seconds.OfType<double>().Order().ToList();
        return sorted.Count == 0 ? $"{kind}: none"
            : $"{kind} (n={sorted.Count}) p50 {sorted[(sorted.Count - 1) / 2]:F2} s, max {sorted[^1]:F2} s";
    }
}
