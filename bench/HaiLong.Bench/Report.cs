using System.Diagnostics;
using System.Text;

namespace HaiLong.Bench;

/// <summary>
/// What a subcommand measured: printed as it goes and appended as one Markdown block to bench-results.md (or --results),
/// ready to paste into BENCHMARKS.md together with the machine it ran on.
/// </summary>
public sealed class Report(string title, string command, string resultsFile)
{
    private readonly StringBuilder _lines = new();

    public void Line(string text)
    {
        Console.WriteLine($"{title}: {text}");
        _lines.AppendLine($"    {text}");
    }

    public async Task SaveAsync()
    {
        var block = new StringBuilder()
            .AppendLine($"### {title} — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine($"    $ {command}")
            .AppendLine($"    machine: {Machine()}")
            .AppendLine($"    load average (1/5/15 min) at the end: {Load()}")
            .Append(_lines)
            .AppendLine();
        await File.AppendAllTextAsync(resultsFile, block.ToString());
        Console.WriteLine($"{title}: result block appended to {resultsFile}");
    }

    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static string Machine()
    {
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal"))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return $"{Environment.ProcessorCount} cores, {long.Parse(memory ?? "0") / 1024 / 1024} GiB, .NET {Environment.Version}, {Environment.OSVersion}";
    }

    /// <summary>The p-th percentile (0–100) of an ascending-sorted sample.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, IDictionary<string, string>? env = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in time");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
