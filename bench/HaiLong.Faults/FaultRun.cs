using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace HaiLong.Faults;

public sealed record Outcome(bool Pass, string What)
{
    public static Outcome Check(List<string> broken, string held) => broken.Count == 0 ? new(true, held) : new(false, string.Join("; ", broken));
}

/// <summary>
/// One fault test's world: its own cluster, the published app started as separate processes against it (the first one
/// migrates and seeds the demo world), logs kept in /tmp/hailong-faults-logs/&lt;test&gt; for a failed run to be read.
/// </summary>
public sealed class FaultRun : IAsyncDisposable
{
    private readonly List<AppProcess> _apps = [];
    private readonly PosixSignalRegistration[] _signals;

    private readonly FaultCluster? _cluster;

    private FaultRun(string name, string appDll, FaultCluster? cluster, string connectionString, string logDirectory)
    {
        Name = name;
        AppDll = appDll;
        _cluster = cluster;
        ConnectionString = connectionString;
        Db = FaultCluster.OpenDataSource(connectionString);
        LogDirectory = logDirectory;
        // An interrupted run (Ctrl+C, timeout) still leaves no app process or PostgreSQL cluster behind.
        _signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(s => PosixSignalRegistration.Create(s, _ =>
        {
            Log("interrupted; stopping what this run started");
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }))];
    }

    public string Name { get; }
    public string AppDll { get; }
    /// <summary>The run's own throwaway cluster; a run on an external cluster (<see cref="OnClusterAsync"/>) has none.</summary>
    public FaultCluster Cluster => _cluster ?? throw new InvalidOperationException($"{Name} runs on an external cluster");
    public string ConnectionString { get; }
    public NpgsqlDataSource Db { get; }
    public string LogDirectory { get; }

    public static async Task<FaultRun> StartAsync(string name, string appDll)
    {
        var logs = LogDirectoryFor(name, appDll);
        var cluster = await FaultCluster.StartAsync(name);
        Log($"cluster in {cluster.Root}; app logs in {logs}");
        return new FaultRun(name, appDll, cluster, cluster.ConnectionString, logs);
    }

    /// <summary>A run against a cluster someone else started and stops (bench/faults/patroni.sh); the database exists and is empty.</summary>
    public static Task<FaultRun> OnClusterAsync(string name, string appDll, string connectionString)
    {
        var logs = LogDirectoryFor(name, appDll);
        Log($"external cluster; app logs in {logs}");
        return Task.FromResult(new FaultRun(name, appDll, null, connectionString, logs));
    }

    private static string LogDirectoryFor(string name, string appDll)
    {
        if (!File.Exists(appDll)) throw new FileNotFoundException($"published app not found at {appDll}; run bench/faults/publish.sh", appDll);
        var logs = Path.Combine(Path.GetTempPath(), "hailong-faults-logs", name);
        if (Directory.Exists(logs)) Directory.Delete(logs, recursive: true);
        Directory.CreateDirectory(logs);
        return logs;
    }

    /// <summary>Starts one app process and waits for /health/ready; the first of a run migrates and seeds.</summary>
    public async Task<AppProcess> StartAppAsync(int port, string label, bool hangfireServer, IDictionary<string, string>? settings = null,
        bool prepareDatabase = false)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["HaiLong__Hangfire__Server"] = hangfireServer ? "true" : "false",
        };
        if (prepareDatabase)
        {
            all["HaiLong__Database__Migrate"] = "true";
            all["HaiLong__SeedDemo"] = "true";
        }
        var app = AppProcess.Start(AppDll, port, ConnectionString, Path.Combine(LogDirectory, $"{label}.log"), all);
        _apps.Add(app);
        await app.WaitReadyAsync(TimeSpan.FromSeconds(prepareDatabase ? 180 : 60));
        return app;
    }

    /// <summary>
    /// The app's settings with the citizen rate limits out of the way (the load comes from one address or a few; the limits
    /// are not what these runs test), plus <paramref name="more"/>.
    /// </summary>
    public static Dictionary<string, string> WithoutRateLimits(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["HaiLong__RateLimits__CitizenBurst"] = "100000000",
            ["HaiLong__RateLimits__CitizenPerMinute"] = "100000000",
            ["HaiLong__RateLimits__SignInPerMinute"] = "100000000",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static void Log(string line) => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

    public async ValueTask DisposeAsync()
    {
        foreach (var signal in _signals) signal.Dispose();
        foreach (var app in _apps) await app.DisposeAsync();
        await Db.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
