namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster per test run, started from the machine's binaries. A template database is migrated and
/// seeded once; each test class gets its own copy with CREATE DATABASE … TEMPLATE, which takes a fraction of a second.
/// </summary>
public static class TestCluster
{
    public const string TemplateDatabase = "hailong_template";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgres? _cluster;
    private static bool _templateReady;
    private static int _counter;

    public static async Task<EmbeddedPostgres> ClusterAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_cluster is not null) return _cluster;
            var binaries = EmbeddedPostgres.FindBinaries(Environment.GetEnvironmentVariable("HAILONG_PG_BIN"))
                ?? throw new InvalidOperationException("PostgreSQL server binaries not found; install postgresql (see README).");
            SweepAbandonedClusters();
            var root = Path.Combine(Path.GetTempPath(), $"hailong-tests-{Environment.ProcessId}");
            _cluster = await EmbeddedPostgres.StartAsync(binaries, root, port: null);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                _cluster.StopAsync().GetAwaiter().GetResult();
                try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
            return _cluster;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The test host is often ended before its ProcessExit clean-up has run, which left a stopped 65 MB cluster in the temp
    /// folder per run. Removes those of earlier runs: folders whose test process is gone and whose server is not running.
    /// </summary>
    private static void SweepAbandonedClusters()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "hailong-tests-*"))
        {
            if (!int.TryParse(Path.GetFileName(dir)["hailong-tests-".Length..], out var pid) || pid == Environment.ProcessId) continue;
            if (File.Exists(Path.Combine(dir, "data", "postmaster.pid")) || IsRunning(pid)) continue;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A fresh database holding the migrated schema, reference data and the demo world.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var cluster = await ClusterAsync();
        await EnsureTemplateAsync(cluster);
        var name = $"hailong_t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await ExecuteAsync(cluster, $"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateDatabase}\"");
        return cluster.ConnectionString(name);
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var cluster = await ClusterAsync();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(cluster, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task EnsureTemplateAsync(EmbeddedPostgres cluster)
    {
        await Gate.WaitAsync();
        try
        {
            if (_templateReady) return;
            await ExecuteAsync(cluster, $"DROP DATABASE IF EXISTS \"{TemplateDatabase}\" WITH (FORCE)");
            await ExecuteAsync(cluster, $"CREATE DATABASE \"{TemplateDatabase}\"");
            // Starting the app once runs the migrations and the seeders exactly as production start-up does.
            await using (var app = new HaiLongApp(cluster.ConnectionString(TemplateDatabase)))
            {
                await app.StartAsync();
            }
            NpgsqlConnection.ClearAllPools();
            _templateReady = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task ExecuteAsync(EmbeddedPostgres cluster, string sql)
    {
        await using var conn = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
