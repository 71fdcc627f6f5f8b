using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.States;
using HaiLong.Api.Features.Scorecards;

namespace HaiLong.IntegrationTests.Scorecards;

/// <summary>Acceptance: two Hangfire servers running rollup jobs at the same time give exactly the from-scratch rollups.</summary>
public sealed class HangfireRollupTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Two_hangfire_servers_running_rollup_jobs_at_once_fold_every_response_exactly_once()
    {
        var ids = await DemoIds.LoadAsync(app.ConnectionString);
        var writer = new ResponseWriter(app.ConnectionString);
        var random = new Random(7);
        for (var i = 0; i < 150; i++)
        {
            var scores = ResponseWriter.TestCriteria.ToDictionary(c => c, _ => (short?)random.Next(1, 6));
            await writer.InsertAsync(new ResponseSpec(ids.WardA, VietnamTime.At(2026, 4, 1).AddHours(random.Next(2000)),
                scores, ids.CentreA, ids.OfficialsA[random.Next(ids.OfficialsA.Length)], ids.Procedures[random.Next(5)]));
        }

        var storage = app.Service<JobStorage>();
        var client = app.Service<IBackgroundJobClient>();
        var jobIds = Enumerable.Range(0, 6).Select(_ => client.Enqueue<RollupJob>(j => j.RunAsync(5, CancellationToken.None, false))).ToList();
        var activator = new AspNetCoreJobActivator(app.Service<IServiceScopeFactory>());
        BackgroundJobServer Server(string name) => new(new BackgroundJobServerOptions
        {
            ServerName = name,
            WorkerCount = 3,
            Activator = activator,
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
        }, storage);

        using (Server("test-node-1"))
        using (Server("test-node-2"))
        {
            // A liveness bound, not a timing assertion: the jobs only have to finish at all.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!AllFinished() && DateTime.UtcNow < deadline) await Task.Delay(200);
        }

        bool AllFinished()
        {
            using var connection = storage.GetConnection();
            return jobIds.All(id => connection.GetStateData(id)?.Name is { } state && (state == SucceededState.StateName || state == FailedState.StateName));
        }

        using var connection = storage.GetConnection();
        var states = jobIds.Select(id => connection.GetStateData(id)).ToList();
        Assert.All(states, s => Assert.Equal(SucceededState.StateName, s?.Name));
        var taken = states.Sum(s => int.Parse(s!.Data["Result"]));
        Assert.Equal(150, taken);
        Assert.Equal(0, await FromScratch.ScalarAsync(app.ConnectionString, "SELECT count(*) FROM pending_rollups"));
        var differences = await FromScratch.DifferencesAsync(app.ConnectionString);
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(20)));
        Assert.Equal(150, await FromScratch.ScalarAsync(app.ConnectionString,
            $"""
            SELECT sum(count) FROM rollups
            WHERE subject_kind = 'Unit' AND subject_id = {ids.ProvinceId} AND period_kind = 'Year' AND criterion = '{Criteria.Overall}'
            """));
    }
}
