using HaiLong.Api.Features.Scorecards;

namespace HaiLong.IntegrationTests.Scorecards;

/// <summary>
/// The scorecard and rollup worlds with the clock at 23:59:50 Vietnam time on 31 December (16:59:50 UTC), where a day,
/// a month, a quarter and a year all end ten seconds later: each fact has a world (database and clock) of its own.
/// </summary>
public sealed class ScorecardYearEndTests
{
    [Fact]
    public async Task The_scorecard_world_written_in_the_last_seconds_of_the_year_is_the_whole_month_quarter_and_year()
    {
        await using var yearEnd = await YearEndWorld.StartAsync(DemoUsers.WardLeaderA);
        var (app, world, leader) = yearEnd;

        Assert.Equal(new DateOnly(2026, 12, 31), world.LocalDay);
        (string Period, DateOnly Start)[] periods = [("month", new(2026, 12, 1)), ("quarter", new(2026, 10, 1)), ("year", new(2026, 1, 1))];
        foreach (var (period, start) in periods)
        {
            // No date: "today" is the clock's, in Vietnam.
            var overview = await leader.GetFromJsonAsync<WardOverview>($"/api/scorecards/units/{world.Ids.WardA}?period={period}");
            Assert.Equal((start, 85L), (overview!.PeriodStart, overview.Overall.N));
            Assert.Equal(world.BadOfficial, overview.LowestOfficial!.Id);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var newYear = await leader.GetFromJsonAsync<WardOverview>($"/api/scorecards/units/{world.Ids.WardA}?period=year");
        Assert.Equal((new DateOnly(2027, 1, 1), 0L), (newYear!.PeriodStart, newYear.Overall.N));
        var lastYear = await leader.GetFromJsonAsync<WardOverview>(
            $"/api/scorecards/units/{world.Ids.WardA}?period=year&date=2026-12-31");
        Assert.Equal(85, lastYear!.Overall.N);
    }

    [Fact]
    public async Task The_scorecard_world_started_just_after_the_new_year_stays_in_the_new_year()
    {
        // Ten seconds into 1 January: written at now − i s as it is, the world would straddle two years.
        await using var yearEnd = await YearEndWorld.StartAsync(DemoUsers.WardLeaderA, after: TimeSpan.FromSeconds(20));
        var (_, world, leader) = yearEnd;

        Assert.Equal(new DateOnly(2027, 1, 1), world.LocalDay);
        var overview = await leader.GetFromJsonAsync<WardOverview>($"/api/scorecards/units/{world.Ids.WardA}?{world.Query}");
        Assert.Equal((new DateOnly(2027, 1, 1), 85L), (overview!.PeriodStart, overview.Overall.N));
    }

    [Fact]
    public async Task Responses_either_side_of_midnight_fold_into_their_own_years_and_equal_the_from_scratch_aggregation()
    {
        await using var app = await HaiLongApp.StartAtAsync(HaiLongApp.YearEnd);
        var ids = await DemoIds.LoadAsync(app.ConnectionString);
        var now = app.Clock.GetUtcNow();
        var scores = ResponseWriter.TestCriteria.ToDictionary(c => c, _ => (short?)4);
        // The last ten seconds of 2026 and the first ten of 2027, local time; 23:59:59.999999 and 00:00:00 exactly among them.
        var times = Enumerable.Range(0, 10).Select(i => now.AddSeconds(i))
            .Append(HaiLongApp.YearEnd.AddSeconds(10).AddTicks(-10))
            .Concat(Enumerable.Range(0, 9).Select(i => HaiLongApp.YearEnd.AddSeconds(10 + i)));
        await new ResponseWriter(app.ConnectionString).InsertManyAsync(
            times.Select(t => new ResponseSpec(ids.WardA, t, scores, ids.CentreA, ids.OfficialsA[0], ids.Procedures[0])));

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RollupJob>().RunAsync(CancellationToken.None);
        }

        var differences = await FromScratch.DifferencesAsync(app.ConnectionString);
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(20)));
        async Task<long> CountAsync(string kind, string start) => await FromScratch.ScalarAsync(app.ConnectionString, $"""
            SELECT coalesce(sum(count), 0) FROM rollups
            WHERE subject_kind = 'Unit' AND subject_id = {ids.WardA} AND period_kind = '{kind}' AND period_start = DATE '{start}'
              AND criterion = '{Criteria.Overall}'
            """);
        Assert.Equal(11, await CountAsync("Year", "2026-01-01"));
        Assert.Equal(11, await CountAsync("Quarter", "2026-10-01"));
        Assert.Equal(11, await CountAsync("Day", "2026-12-31"));
        Assert.Equal(9, await CountAsync("Year", "2027-01-01"));
        Assert.Equal(9, await CountAsync("Day", "2027-01-01"));
    }
}
