using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace HaiLong.Bench;

/// <summary>
/// The open-loop generator, wrk2's model in its own process (`bench loadgen`, started by the submit bench as a child): a
/// FIXED number of keep-alive connections opened before the clock starts, request i due at start + i/rate whatever happened
/// to the earlier ones, and its latency counted from that due time — so a stall of the app is counted in full for every
/// arrival it held up (no coordinated omission) without the generator answering it with more connections. A request due
/// while every connection is busy waits here, as it would in a client's queue, and the wait is part of its latency; the
/// send lag (due → taken by a connection) is reported apart, so a lagging generator shows as such instead of as a slow app.
/// Its own CPU per request is printed: it shares the machine with the app.
/// </summary>
public static partial class LoadGen
{
    /// <summary>The child's summary line, read back by <see cref="RunAsync"/>.</summary>
    private const string SummaryPrefix = "LOADGEN";

    /// <summary>What one open-loop run measured, from the due time of each request.</summary>
    public sealed record Result(long Sent, long Accepted, long Other, double Achieved, double P50, double P99, double P999, double Max,
        double LagP99, double LagMax, double CpuPerRequest, string WorstSecond, int Connections)
    {
        public string Describe() =>
            $"latency p50 {P50:F1} ms, p99 {P99:F1} ms, p99.9 {P999:F1} ms, max {Max:F1} ms (from the scheduled send time); "
            + $"send lag (due → on a connection) p99 {LagP99:F1} ms, max {LagMax:F1} ms; worst second {WorstSecond}; "
            + $"{Connections} connections; the load generator (own process) {CpuPerRequest:F3} ms CPU a request";
    }

    /// <summary>
    /// Runs `bench loadgen` as a child process against <paramref name="baseUrl"/>: one fresh token per request from
    /// <paramref name="tokenFile"/>, the JSON body of <see cref="SubmitBench.Body"/>. Its per-second trace goes to the console.
    /// </summary>
    public static async Task<Result> RunAsync(string baseUrl, string tokenFile, double rate, int seconds, int connections, string generator = Sockets)
    {
        var self = Environment.ProcessPath!;
        var dll = typeof(LoadGen).Assembly.Location;
        var info = new ProcessStartInfo(self, [dll, "loadgen", "--url", baseUrl, "--tokens", tokenFile,
            "--rate", rate.ToString(CultureInfo.InvariantCulture), "--seconds", $"{seconds}", "--connections", $"{connections}",
            "--generator", generator])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A generator needs no server GC: workstation GC pauses less and leaves the cores to the app. Without tiered
        // compilation its code is compiled once, optimised, before the clock starts, instead of recompiled during the run.
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_TieredCompilation"] = "0";
        // The raw sockets' continuations run on the socket engine's thread that saw the data, not queued to the thread pool:
        // one thread woken per answer instead of two. The HttpClient path keeps the runtime's default, as it ran before.
        if (generator == Sockets) info.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        using var child = Process.Start(info)!;
        var errors = child.StandardError.ReadToEndAsync();
        string? summary = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(SummaryPrefix, StringComparison.Ordinal)) summary = line;
            else Console.WriteLine($"loadgen: {line}");
        }
        await child.WaitForExitAsync();
        if (child.ExitCode != 0 || summary is null) throw new InvalidOperationException($"loadgen failed ({child.ExitCode}): {await errors}");
        var f = SummaryPattern().Matches(summary).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        double D(string k) => double.Parse(f[k], CultureInfo.InvariantCulture);
        return new Result((long)D("sent"), (long)D("accepted"), (long)D("other"), D("achieved"), D("p50"), D("p99"), D("p999"), D("max"),
            D("lagp99"), D("lagmax"), D("cpu"), f["worst"].Replace('_', ' '), (int)D("connections"));
    }

    /// <summary>Seconds sent at the rate before the measured ones (see <see cref="MainAsync"/>).</summary>
    public const int WarmUpSeconds = 2;

    /// <summary>`loadgen --generator`: raw sockets (<see cref="SocketLoad"/>, the default) or the former HttpClient path.</summary>
    public const string Sockets = "sockets", HttpClientGenerator = "httpclient";

    /// <summary>The child: `loadgen --url U --tokens FILE --rate R --seconds S --connections C [--generator sockets|httpclient]`.</summary>
    public static async Task<int> MainAsync(string url, string tokenFile, double rate, int seconds, int connections, string generator)
    {
        var tokens = await File.ReadAllLinesAsync(tokenFile);
        // The first WarmUpSeconds run at the rate on the same schedule but are not measured, like wrk2's calibration period:
        // in the runs without it the first second alone (the generator's first POSTs, the app's first requests on 64 fresh
        // connections) had p99 ~120 ms and set the p99 of a 15 s run. It is printed, marked, with the other seconds.
        var warm = (int)(rate * WarmUpSeconds);
        var total = warm + (int)(rate * seconds);
        if (tokens.Length < total) throw new InvalidOperationException($"{tokens.Length} tokens for {total} requests");
        var bodies = new byte[total][];
        for (var i = 0; i < total; i++) bodies[i] = Encoding.UTF8.GetBytes(SubmitBench.Body(tokens[i], i));
        var run = new OpenLoop(total, rate);
        IOpenLoopGenerator load = generator switch
        {
            Sockets => new SocketLoad(new Uri(url), bodies, run, connections),
            HttpClientGenerator => new HttpClientLoad(url, bodies, run, connections),
            _ => throw new ArgumentException($"--generator {generator}: {Sockets} or {HttpClientGenerator}"),
        };
        await load.OpenAsync();
        var cpuBefore = ProcessCpu.Self().Own;
        await load.RunAsync();
        var (latency, lag, status, clock) = (run.Latency, run.Lag, run.Status, run.Clock);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = 1000 * (ProcessCpu.Self().Own - cpuBefore) / total;
        var measured = total - warm;

        // Per second of due time: when a stall began, what the send lag was (the generator) against the latency (the app).
        var worst = (Second: 0, P99: 0.0, Max: 0.0);
        for (var s = 0; s * rate < total; s++)
        {
            var from = (int)Math.Ceiling(s * rate);
            var to = Math.Min(total, (int)Math.Ceiling((s + 1) * rate));
            if (to <= from) continue;
            var ms = latency[from..to].Order().ToList();
            var p99 = Report.Percentile(ms, 99);
            if (from >= warm && p99 > worst.P99) worst = (s, p99, ms[^1]);
            var label = from < warm ? " (warm-up, not measured)" : "";
            Console.WriteLine($"second {s,3}{label}: {to - from} due, latency p50 {Report.Percentile(ms, 50),7:F1} p99 {p99,7:F1} max {ms[^1],7:F1} ms, "
                + $"send lag max {lag[from..to].Max(),7:F1} ms, not 201: {Outcomes(status[from..to])}");
        }
        var sorted = latency[warm..].Order().ToList();
        var lags = lag[warm..].Order().ToList();
        var accepted = status[warm..].Count(c => c == 201);
        string N(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
        Console.WriteLine($"{SummaryPrefix} sent={measured} accepted={accepted} other={measured - accepted} achieved={N(total / elapsed)} "
            + $"p50={N(Report.Percentile(sorted, 50))} p99={N(Report.Percentile(sorted, 99))} p999={N(Report.Percentile(sorted, 99.9))} "
            + $"max={N(sorted[^1])} lagp99={N(Report.Percentile(lags, 99))} lagmax={N(lags[^1])} cpu={N(cpu)} connections={connections} "
            + $"worst={worst.Second}_s:_p99_{N(worst.P99)}_ms,_max_{N(worst.Max)}_ms");
        return 0;
    }

    /// <summary>The statuses other than 201 and how often, "no answer" for a failed or timed-out request.</summary>
    private static string Outcomes(int[] statuses)
    {
        var other = statuses.Where(c => c != 201).GroupBy(c => c).Select(g => $"{g.Count()} × {(g.Key < 0 ? "no answer" : g.Key)}").ToList();
        return other.Count == 0 ? "none" : string.Join(", ", other);
    }

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex SummaryPattern();
}

/// <summary>One open-loop generator: its connections opened and warmed, then the run on <see cref="OpenLoop"/>'s schedule.</summary>
internal interface IOpenLoopGenerator
{
    /// <summary>Every connection open, and the sending code compiled, before the clock starts.</summary>
    Task OpenAsync();

    /// <summary>Starts the clock and sends every request at its due time; returns when each has its outcome.</summary>
    Task RunAsync();
}

/// <summary>What an open-loop run records per request (latency and send lag from its due time, status; -1 no answer), and its schedule.</summary>
internal sealed class OpenLoop(int total, double rate)
{
    public int Total => total;
    public double[] Latency { get; } = new double[total];
    public double[] Lag { get; } = new double[total];
    public int[] Status { get; } = new int[total];
    public Stopwatch Clock { get; } = new();

    /// <summary>Seconds since the clock started.</summary>
    public double Now => Clock.Elapsed.TotalSeconds;

    /// <summary>Request <paramref name="i"/> taken by a connection now: its send lag (due → on a connection).</summary>
    public void Taken(int i) => Lag[i] = (Now - i / rate) * 1000;

    /// <summary>Request <paramref name="i"/> answered (or failed, -1) now.</summary>
    public void Done(int i, int status)
    {
        Status[i] = status;
        Latency[i] = (Now - i / rate) * 1000;
    }

    /// <summary>
    /// Starts the clock and the schedule on its own thread, so that nothing queued on the thread pool can delay an arrival:
    /// <paramref name="release"/> gets the count of requests due so far, at most ~1 ms after a due time, and that delay
    /// counts in the request's latency; the last call has <see cref="Total"/>. The thread sleeps until the next due time
    /// but wakes at most once a millisecond: a fixed 1 ms tick (Thread.Sleep's resolution) was a thousand wake-ups a second
    /// whatever the rate, ~30 ms of CPU a second on the busy machine — 0.1 ms a request at 300/s.
    /// </summary>
    public void Start(Action<int> release)
    {
        Clock.Start();
        var scheduler = new Thread(() =>
        {
            var next = 0;
            while (next < total)
            {
                var now = Now;
                var due = next;
                while (due < total && due / rate <= now) due++;
                if (due > next) release(next = due);
                if (next < total) Sleep(Math.Max(next / rate, now + 0.001) - Now);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
    }

    /// <summary>nanosleep(2): Thread.Sleep rounds to whole milliseconds. Interrupted, it returns early; the loop sleeps again.</summary>
    private static void Sleep(double seconds)
    {
        if (seconds <= 0) return;
        var request = new Timespec { Seconds = (long)seconds, Nanoseconds = (long)(seconds % 1 * 1e9) };
        _ = NanoSleep(ref request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "nanosleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NanoSleep(ref Timespec request, IntPtr remaining);
}

/// <summary>
/// The former generator (`--generator httpclient`), kept for one release so that a before/after runs on the same build:
/// HttpClient with at most <c>connections</c> pooled connections, each due request written to a channel that the
/// connections' tasks read. It costs 0.7–1.9 ms of CPU a request.
/// </summary>
internal sealed class HttpClientLoad(string url, byte[][] bodies, OpenLoop run, int connections) : IOpenLoopGenerator
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    {
        BaseAddress = new Uri(url),
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task OpenAsync()
    {
        // The liveness probe touches no database.
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ => (await _http.GetAsync("/health/live")).EnsureSuccessStatusCode()));
        }
    }

    public async Task RunAsync()
    {
        var due = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleWriter = true });
        var written = 0;
        run.Start(upTo =>
        {
            while (written < upTo) due.Writer.TryWrite(written++);
            if (upTo == run.Total) due.Writer.Complete();
        });
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            await foreach (var i in due.Reader.ReadAllAsync())
            {
                run.Taken(i);
                var status = -1;
                try
                {
                    using var content = new ByteArrayContent(bodies[i]);
                    content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
                    using var response = await _http.PostAsync("/api/responses", content);
                    await response.Content.LoadIntoBufferAsync();
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = -1;
                }
                run.Done(i, status);
            }
        })));
        _http.Dispose();
    }
}

