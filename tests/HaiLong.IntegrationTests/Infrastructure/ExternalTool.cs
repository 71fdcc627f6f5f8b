using System.Diagnostics;

namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>Command-line tools the tests run (the OpenAPI linters, Kiota, dotnet): one way to run them.</summary>
internal static class ExternalTool
{
    /// <summary>
    /// Runs a tool in <paramref name="folder"/> without colours, telemetry or banners, and returns what it wrote; a tool
    /// still running after <paramref name="timeout"/> is killed with its children and the test fails with what it wrote.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments, string folder,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in Quiet) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static readonly (string Name, string Value)[] Quiet =
    [
        ("DOTNET_CLI_TELEMETRY_OPTOUT", "1"), ("DOTNET_NOLOGO", "1"), ("KIOTA_TUTORIAL_ENABLED", "false"),
        ("NO_COLOR", "1"), ("REDOCLY_TELEMETRY", "off"), ("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"),
    ];
}
