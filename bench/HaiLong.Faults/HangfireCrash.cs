using System.Diagnostics;

namespace HaiLong.Faults;

/// <summary>
/// Fault 3: kill -9 the process running the Hangfire server while its rollup job is folding a large pending backlog, restart
/// it, let the recurring job finish, and compare the rollups with a full recomputation from the raw responses.
/// </summary>
public static class HangfireCrash
{
    public static async Task<Outcome> RunAsync(string appDll, int backlog)
    {
        await using var run = await FaultRun.StartAsync("hangfire-kill", appDll);
        var port = FaultRun.FreePort();
        // Prepare the database with a server-less app, so the backlog is complete before any job can see it.
        var setup = await run.StartAppAsync(port, "setup", hangfireServer: false, prepareDatabase: true);
        await setup.KillAsync();
        await World.DrainPendingAsync(run.Db);
        var watch = Stopwatch.StartNew();
        await World.AddBacklogAsync(run.Db, backlog);
        var initial = await World.PendingAsync(run.Db);
        FaultRun.Log($"backlog of {initial} pending responses written in {watch.Elapsed.TotalSeconds:F1} s");

        var app = await run.StartAppAsync(port, "server-1", hangfireServer: true);
        FaultRun.Log("Hangfire server up; waiting for the minutely rollup job to start folding");
        var broken = new List<string>();
        long pending = initial;
        var waiting = Stopwatch.StartNew();
        // Kill once a few batches are committed and most of the backlog is still pending: squarely mid-rollup.
        while (waiting.Elapsed < TimeSpan.FromSeconds(150))
        {
            pending = await World.PendingAsync(run.Db);
            if (pending <= initial - 1500 || pending == 0) break;
            await Task.Delay(50);
        }
        await app.KillAsync();
        var atKill = await World.PendingAsync(run.Db);
        FaultRun.Log($"kill -9 of the Hangfire server (pid {app.Pid}) with {atKill} of {initial} still pending");
        if (atKill == initial) broken.Add("the rollup job never started folding within 150 s");
        if (atKill == 0) broken.Add("the backlog was folded before the kill; raise --backlog");

        var activeFold = await World.ScalarAsync(run.Db,
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%DELETE FROM pending_rollups%' AND pid <> pg_backend_pid()");
        FaultRun.Log($"{activeFold} fold statements still on the server right after the kill (PostgreSQL rolls them back)");

        var restarted = await run.StartAppAsync(port, "server-2", hangfireServer: true);
        waiting.Restart();
        while (waiting.Elapsed < TimeSpan.FromSeconds(300) && (pending = await World.PendingAsync(run.Db)) > 0)
        {
            await Task.Delay(500);
        }
        FaultRun.Log($"after the restart the job left {pending} pending ({waiting.Elapsed.TotalSeconds:F0} s)");
        if (pending > 0) broken.Add($"{pending} responses still pending 300 s after the restart");
        await restarted.KillAsync();

        var differences = await FromScratch.DifferencesAsync(run.Db);
        if (differences.Count > 0) broken.Add($"rollups differ from a full recomputation in {differences.Count} rows, e.g. {differences[0]}");
        return Outcome.Check(broken,
            $"Hangfire server killed mid-rollup ({initial - atKill} of {initial} folded, {atKill} pending); after a restart the job " +
            "folded the rest and the rollups and procedure rollups equal a full recomputation");
    }
}
