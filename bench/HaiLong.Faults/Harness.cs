using System.Diagnostics;
using HaiLong.Api.Infrastructure;
using Npgsql;

namespace HaiLong.Faults;

/// <summary>A throwaway PostgreSQL cluster on 127.0.0.1 in its own temp folder; removed when disposed.</summary>
public sealed class FaultCluster : IAsyncDisposable
{
    private readonly string _binaries;
    private EmbeddedPostgres _postgres;

    private FaultCluster(string binaries, string root, EmbeddedPostgres postgres)
    {
        _binaries = binaries;
        Root = root;
        _postgres = postgres;
    }

    public string Root { get; }
    public string ConnectionString => _postgres.ConnectionString("hailong");

    public static async Task<FaultCluster> StartAsync(string name)
    {
        var binaries = EmbeddedPostgres.FindBinaries() ?? throw new InvalidOperationException("PostgreSQL server binaries not found.");
        var root = Path.Combine(Path.GetTempPath(), $"hailong-faults-{name}-{Environment.ProcessId}");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var postgres = await EmbeddedPostgres.StartAsync(binaries, root, port: null);
        await postgres.EnsureDatabaseAsync("hailong");
        return new FaultCluster(binaries, root, postgres);
    }

    /// <summary>pg_ctl stop -m fast: every session is cut, new connections are refused.</summary>
    public Task StopAsync() => _postgres.StopAsync();

    /// <summary>Starts the same cluster again on the same port.</summary>
    public async Task RestartAsync() => _postgres = await EmbeddedPostgres.StartAsync(_binaries, Root, _postgres.Port);

    public NpgsqlDataSource OpenDataSource() => OpenDataSource(ConnectionString);

    /// <summary>The checker's own connections to a run's database: patient commands, a small pool.</summary>
    public static NpgsqlDataSource OpenDataSource(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 600, MaxPoolSize = 20 }.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _postgres.StopAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The published app as a separate process (dotnet HaiLong.Api.dll), its output in a log file.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(Process process, StreamWriter log, string url)
    {
        _process = process;
        _log = log;
        BaseUrl = url;
    }

    public string BaseUrl { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public static AppProcess Start(string appDll, int port, string connectionString, string logFile, IDictionary<string, string>? settings = null)
    {
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(appDll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.GetFullPath(appDll));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__HaiLong"] = connectionString;
        info.Environment["HaiLong__RequireHttps"] = "false";
        info.Environment["HaiLong__SeedDemo"] = "false";
        info.Environment["HaiLong__Database__Migrate"] = "false";
        // One line per request would make the log the bottleneck of a load test.
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, log, url);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"app on {BaseUrl} exited with {_process.ExitCode}; see its log");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"app on {BaseUrl} not ready after {timeout.TotalSeconds} s");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
