namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// A streaming standby of the run's test cluster (<see cref="EmbeddedPostgres.StartStandbyAsync"/>: pg_basebackup -R), for
/// the Replication classes: start one per class fixture, after the class's database exists, and dispose it with the
/// fixture. Replay can be paused, which leaves the standby behind the primary on purpose: a page that shows the older value
/// was read from the standby, a write that is seen at once went to the primary.
/// </summary>
public sealed class StreamingReplica : IAsyncDisposable
{
    private readonly EmbeddedPostgres _primary;
    private readonly EmbeddedPostgres _standby;
    private bool _disposed;

    private StreamingReplica(EmbeddedPostgres primary, EmbeddedPostgres standby)
    {
        _primary = primary;
        _standby = standby;
    }

    public static async Task<StreamingReplica> StartAsync()
    {
        var primary = await TestCluster.ClusterAsync();
        var root = Path.Combine(Path.GetTempPath(), $"hailong-tests-{Environment.ProcessId}-standby-{Guid.NewGuid():N}");
        var replica = new StreamingReplica(primary, await primary.StartStandbyAsync(root));
        // A test host ended before the fixture's disposal must not leave the standby running.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => replica.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return replica;
    }

    public int Port => _standby.Port;

    public string ConnectionString(string database) => _standby.ConnectionString(database);

    /// <summary>
    /// Waits until the standby has replayed everything the primary had written when this was called, the commit of a
    /// transaction of its own included (so the standby has a last replayed transaction time to show).
    /// </summary>
    public async Task CatchUpAsync()
    {
        await ScalarAsync<object>(_primary,
            "CREATE TABLE IF NOT EXISTS standby_heartbeat (at timestamptz); INSERT INTO standby_heartbeat VALUES (now())");
        var target = await ScalarAsync<string>(_primary, "SELECT pg_current_wal_lsn()::text");
        await UntilAsync($"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn", "the standby to replay up to " + target);
    }

    /// <summary>Stops replay (the standby keeps receiving WAL) and returns once it has really stopped.</summary>
    public async Task PauseReplayAsync()
    {
        await ScalarAsync<object>(_standby, "SELECT pg_wal_replay_pause()");
        await UntilAsync("SELECT pg_get_wal_replay_pause_state() = 'paused'", "replay to pause");
    }

    public Task ResumeReplayAsync() => ScalarAsync<object>(_standby, "SELECT pg_wal_replay_resume()");

    /// <summary>The commit time of the last transaction the standby replayed.</summary>
    public async Task<DateTime> ReplayedAtAsync() =>
        await ScalarAsync<object>(_standby, "SELECT pg_last_xact_replay_timestamp()") as DateTime?
        ?? throw new InvalidOperationException("No replayed transaction: " + await ScalarAsync<string>(_standby,
            "SELECT concat_ws(' ', pg_last_wal_replay_lsn(), pg_last_wal_receive_lsn(), (SELECT status FROM pg_stat_wal_receiver))"));

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _standby.StopAsync();
        try { Directory.Delete(_standby.RootDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Polls a condition of the standby's state (replay is asynchronous: there is no event to await), failing after a minute.
    /// </summary>
    private async Task UntilAsync(string condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!await ScalarAsync<bool>(_standby, condition))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited a minute for {what}.");
            await Task.Delay(20);
        }
    }

    private static async Task<T> ScalarAsync<T>(EmbeddedPostgres server, string sql)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
