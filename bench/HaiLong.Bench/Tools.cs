namespace HaiLong.Bench;

/// <summary>
/// The programs a bench command runs besides the app: each is checked before anything starts, and a missing one is named
/// with the command that installs it, instead of a crash halfway through a run.
/// </summary>
public static class Tools
{
    private static readonly Dictionary<string, string> Install = new(StringComparer.Ordinal)
    {
        ["wrk"] = "apt-get install -y wrk",
        ["pgbench"] = "apt-get install -y postgresql-contrib (Debian: pgbench comes with postgresql-client-15)",
        ["zbarimg"] = "apt-get install -y zbar-tools",
    };

    /// <summary>False (and what to install printed) when any of <paramref name="names"/> is not on the PATH.</summary>
    public static bool Present(params string[] names)
    {
        var missing = names.Where(n => !OnPath(n)).ToList();
        foreach (var name in missing)
        {
            Console.Error.WriteLine($"bench: '{name}' is not installed; install it with: {Install.GetValueOrDefault(name, $"your package manager ({name})")}");
        }
        return missing.Count == 0;
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
}

/// <summary>
/// CPU seconds a process (and, for PostgreSQL, every backend of the postmaster) used, from /proc: per request it is a
/// figure that holds on a shared machine, where rates do not (other work takes cores, not this request's CPU time).
/// </summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>utime + stime of the process and, with <paramref name="children"/>, of its live child processes.</summary>
    public static double Seconds(int pid, bool children = false)
    {
        var total = Ticks(pid);
        if (children)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var child) && Parent(child) == pid) total += Ticks(child);
            }
        }
        return total / TicksPerSecond;
    }

    /// <summary>
    /// This process's own CPU seconds, and those of the child processes it has waited for (a load generator such as wrk or
    /// pgbench, once its run is over): the difference around a run is the generator's CPU.
    /// </summary>
    public static (double Own, double Children) Self() =>
        Stat(Environment.ProcessId) is { } f
            ? ((long.Parse(f[11]) + long.Parse(f[12])) / TicksPerSecond, (long.Parse(f[13]) + long.Parse(f[14])) / TicksPerSecond)
            : (0, 0);

    /// <summary>The postmaster of a cluster's data folder (first line of postmaster.pid), or null.</summary>
    public static int? Postmaster(string dataFolder)
    {
        var file = Path.Combine(dataFolder, "postmaster.pid");
        try
        {
            return File.Exists(file) && int.TryParse(File.ReadLines(file).First(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(int pid) => Stat(pid) is { } f ? long.Parse(f[11]) + long.Parse(f[12]) : 0;

    private static int Parent(int pid) => Stat(pid) is { } f ? int.Parse(f[1]) : -1;
}

/// <summary>
/// CPU milliseconds per operation of the app and of the bench cluster's PostgreSQL between Start and Per, and the app's
/// memory: bytes allocated per operation (the runtime's own cumulative counter, <c>dotnet.gc.heap.total_allocated</c>, read
/// by the repository's pinned dotnet-counters while the phase runs) and its peak resident memory (VmHWM, /proc).
/// </summary>
public sealed class CpuMeter(int appPid)
{
    private readonly int? _postmaster = ProcessCpu.Postmaster("/tmp/hailong-bench/data");
    private readonly string _counterFile = $"/tmp/hailong-bench-counters-{appPid}.csv";
    private (double App, double Db) _start;

    /// <summary>How long a timed phase runs (the command's --seconds): the allocation counter is read for its last 3 s less.</summary>
    public static TimeSpan Phase { get; set; } = TimeSpan.FromSeconds(15);
    private System.Diagnostics.Process? _counters;
    private Task<string[]>? _countersOutput;
    private DateTime _startedAt;

    public void Start()
    {
        _startedAt = DateTime.UtcNow;
        _start = Now();
        File.Delete(_counterFile);
        if (CountersTool() is not { } tool) return;
        var info = new System.Diagnostics.ProcessStartInfo("dotnet",
            [tool, "collect", "-p", $"{appPid}", "--counters", "System.Runtime[dotnet.gc.heap.total_allocated]",
             "--format", "csv", "-o", _counterFile, "--refresh-interval", "1",
             "--duration", (Phase - TimeSpan.FromSeconds(3)).ToString(@"dd\:hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = Repository.Path(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _counters = System.Diagnostics.Process.Start(info);
        _countersOutput = _counters is null ? null : Task.WhenAll(_counters.StandardOutput.ReadToEndAsync(), _counters.StandardError.ReadToEndAsync());
    }

    public string Per(long operations, string what)
    {
        var (app, db) = Now();
        var seconds = (DateTime.UtcNow - _startedAt).TotalSeconds;
        var dbText = _postmaster is null ? "PostgreSQL ? (not the embedded bench cluster)" : $"PostgreSQL {1000 * (db - _start.Db) / operations:F2} ms";
        return $"CPU per {what}: app {1000 * (app - _start.App) / operations:F2} ms, {dbText} (from /proc, holds on a shared machine); "
            + $"app memory: {Allocated(operations / seconds, seconds)} per {what}, peak resident {PeakResidentMegabytes(appPid)}";
    }

    private string Allocated(double operationsPerSecond, double seconds)
    {
        if (_counters is null) return "allocated ? (dotnet-counters is not restored: dotnet tool restore)";
        if (seconds < Phase.TotalSeconds - 1)
        {
            _counters.Kill(entireProcessTree: true);
            return "allocated ? (a phase shorter than --seconds)";
        }
        // The tool writes its file when its --duration ends (a "q" on its stdin was not read reliably when redirected).
        if (!_counters.WaitForExit(Phase + TimeSpan.FromSeconds(30))) _counters.Kill(entireProcessTree: true);
        _counters.WaitForExit();
        var increments = File.Exists(_counterFile)
            ? File.ReadLines(_counterFile).Skip(1).Select(l => l.Split(','))
                .Where(f => f.Length >= 5 && f[2].StartsWith("dotnet.gc.heap.total_allocated", StringComparison.Ordinal))
                .Select(f => double.Parse(f[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList()
            : [];
        // The first row can cover the tool's own start and the last the load's end: the median second is this load's.
        var full = increments.Skip(1).Order().ToList();
        var said = _countersOutput is { IsCompleted: true } o ? string.Join(' ', o.Result).ReplaceLineEndings(" ").Trim() : "";
        return full.Count == 0
            ? $"allocated ? (no counter rows: {said[..Math.Min(said.Length, 300)]})"
            : $"allocated {full[full.Count / 2] / operationsPerSecond / 1024:F1} KB";
    }

    /// <summary>
    /// The dotnet-counters the repository's tool manifest pins, as its own dll: `dotnet tool run` would start it as a child
    /// that a SIGINT to the runner does not reach, and the tool writes its file only when it stops.
    /// </summary>
    private static string? CountersTool()
    {
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.Path("dotnet-tools.json")));
        var version = manifest?["tools"]?["dotnet-counters"]?["version"]?.GetValue<string>();
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var folder = Path.Combine(packages, "dotnet-counters", version ?? "?", "tools");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "dotnet-counters.dll", SearchOption.AllDirectories).FirstOrDefault() : null;
    }

    private static string PeakResidentMegabytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? "?" : $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024} MB";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private (double App, double Db) Now() =>
        (ProcessCpu.Seconds(appPid), _postmaster is { } pm ? ProcessCpu.Seconds(pm, children: true) : 0);
}

/// <summary>
/// Warm-up until a process's CPU per operation settles: rounds of load, at least <see cref="MinRounds"/> (and, when asked, at
/// least a number of seconds), until the last three rounds' CPU per operation lie within 5 % of one another. Tiered
/// compilation with dynamic PGO keeps recompiling for tens of seconds under load (the app's CPU per submission fell from
/// ~1.4 to ~0.5 ms over 30 s, 7 Dec; per QR issue from 4.3 to 2.2 ms over three 8 s rounds after a 10 s warm-up), so a
/// fixed short warm-up measured the JIT too. A loaded machine
/// starves the JIT's background thread, so two early rounds can agree while it is still at work: hence the minimum.
/// </summary>
public static class WarmUp
{
    public const int RoundSeconds = 3;
    public const int MinRounds = 5;
    public const int MaxRounds = 12;

    /// <param name="pid">The process whose CPU is watched (the app, or this process for an in-process baseline).</param>
    /// <param name="round">One round of load, given its number (0 to <see cref="MaxRounds"/> − 1); returns the operations done.</param>
    /// <param name="minSeconds">
    /// Load for at least this long, settled or not: a round's fixed costs (wrk's start, fresh connections) hide a slower
    /// descent. `qr` settled at 2.4–2.7 ms an issue in 3 s rounds, then read 1.4–1.6 ms in its 15 s wrk phase and 1.0–1.1 ms
    /// in the phase after it (7 Dec): the headline was measured while the app was still getting cheaper.
    /// </param>
    /// <returns>The curve of CPU per operation, for the report ("1.41 → 0.62 → … ms").</returns>
    public static async Task<string> UntilSettledAsync(int pid, Func<int, Task<long>> round, int minSeconds = 0)
    {
        var curve = new List<double>();
        var loaded = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Math.Max(MaxRounds, 2 * minSeconds / RoundSeconds); i++)
        {
            var before = ProcessCpu.Seconds(pid);
            var done = await round(i);
            curve.Add(1000 * (ProcessCpu.Seconds(pid) - before) / Math.Max(done, 1));
            if (Settled(curve) && loaded.Elapsed.TotalSeconds >= minSeconds) break;
        }
        return string.Join(" → ", curve.Select(c => c.ToString("F2", System.Globalization.CultureInfo.InvariantCulture))) + " ms";
    }

    /// <summary>
    /// The last three rounds within 5 % of one another (at least <see cref="MinRounds"/>): two could agree on a plateau the
    /// app then leaves (`qr`, 8 Dec: 1.30 → 1.11 → 1.08 ms an issue settled by the two-round rule, measured at 1.12; another
    /// run fell to 0.83 after its 30 s).
    /// </summary>
    private static bool Settled(List<double> curve) =>
        curve.Count >= MinRounds && curve[^3..].Max() <= 1.05 * curve[^3..].Min();
}

/// <summary>
/// wrk, closed loop, with one of the bench's Lua scripts (bench/*.lua), each of which prints one summary line
/// "HAILONG created=N other=M exhausted=K first_other=…": the native load generator of `submit` and `qr`.
/// </summary>
public static partial class Wrk
{
    public const int Threads = 2;

    /// <param name="Other">Every answer but the one expected (with the script's "exhausted": requests it had no token for).</param>
    public sealed record Run(long Created, long Other, double Seconds, string P50, string P99, string FirstOther);

    /// <param name="scriptArgs">What follows "--": the script's own arguments.</param>
    public static async Task<Run> RunAsync(string script, string baseUrl, int clients, int seconds, string scriptArgs)
    {
        var args = $"-t{Threads} -c{clients} -d{seconds}s --latency -s {Repository.Path("bench", script)} {baseUrl} -- {scriptArgs}";
        var (code, output) = await Report.RunAsync("wrk", args, timeout: TimeSpan.FromSeconds(seconds + 60));
        var summary = SummaryPattern().Match(output);
        var total = TotalPattern().Match(output);
        if (code != 0 || !summary.Success || !total.Success) throw new InvalidOperationException($"wrk failed ({code}):\n{output}");
        var elapsed = double.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * (total.Groups[2].Value == "m" ? 60 : 1);
        string Percentile(string p) =>
            System.Text.RegularExpressions.Regex.Match(output, $@"^\s+{p}%\s+(\S+)", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
        return new Run(long.Parse(summary.Groups[1].Value), long.Parse(summary.Groups[2].Value) + long.Parse(summary.Groups[3].Value), elapsed,
            Percentile("50"), Percentile("99"), summary.Groups[4].Value);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"HAILONG created=(\d+) other=(\d+) exhausted=(\d+) first_other=(.*)")]
    private static partial System.Text.RegularExpressions.Regex SummaryPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+ requests in ([0-9.]+)(m|s)")]
    private static partial System.Text.RegularExpressions.Regex TotalPattern();
}
