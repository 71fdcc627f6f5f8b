using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using HaiLong.Api.Features.Cases;
using HaiLong.Api.Features.Demo;
using HaiLong.Api.Features.Evaluations;
using HaiLong.Api.Features.Scorecards;

namespace HaiLong.IntegrationTests.Demo;

/// <summary>
/// The demo year as a newcomer meets it: written into the test cluster by the same <see cref="DemoYear"/> the first start runs,
/// at a fixed clock late in a month, then read through the API as the demo ward leader, inspector and evaluator. A smaller
/// year than the Development default (the suite's time), but the same shape.
/// </summary>
[RunsLong(20)]
public sealed class DemoYearTests(DemoYearWorld world) : IClassFixture<DemoYearWorld>
{
    [Fact]
    public async Task The_ward_leader_sees_scores_for_the_ward_and_most_officials_and_a_year_of_trend()
    {
        var leader = await world.App.ClientAsAsync(DemoUsers.WardLeaderA);

        var overview = (await leader.GetFromJsonAsync<WardOverview>($"/api/scorecards/units/{world.WardA}"))!;
        Assert.Equal(new DateOnly(2026, 11, 1), overview.PeriodStart);
        Assert.True(overview.Overall.Enough, $"ward: n = {overview.Overall.N}");
        var rated = overview.Officials.Where(o => o.N > 0).ToList();
        Assert.True(rated.Count(o => o.Enough) * 2 > rated.Count,
            "officials with a score this month: " + string.Join(", ", rated.Select(o => $"{o.Name} n={o.N} {o.Enough}")));
        var page = await (await world.App.CookieClientAsync(DemoUsers.WardLeaderA)).GetStringAsync($"/staff/scorecards/units/{world.WardA}");
        Assert.Contains(overview.UnitName, page);

        var trend = (await leader.GetFromJsonAsync<WardTrend>($"/api/scorecards/units/{world.WardA}/trend"))!;
        Assert.Equal(12, trend.Months.Length);
        Assert.True(trend.Months.Count(m => m.N > 0 && m.Enough) >= 10, string.Join(", ", trend.Months.Select(m => $"{m.Month:yyyy-MM} n={m.N}")));

        // Clearly different officials over the year: the ward does well, one official does not.
        var year = (await leader.GetFromJsonAsync<WardOverview>($"/api/scorecards/units/{world.WardA}?period=year"))!;
        var officials = string.Join(", ", year.Officials.Select(o => $"{o.Name} n={o.N} rate={o.Rate:0.00}"));
        Assert.True(year.Overall.Rate > 0.7, $"ward rate {year.Overall.Rate}; {officials}");
        var poor = year.Officials.Where(o => o.Enough && o.Rate < 0.65).ToList();
        Assert.True(poor.Count > 0, officials);
        Assert.True(year.Officials.Any(o => o.Enough && o.Rate > 0.85), officials);
        Assert.Equal(poor.MinBy(o => o.Shrunk)!.Id, year.LowestOfficial!.Id);

        var comments = (await leader.GetFromJsonAsync<CommentItem[]>($"/api/scorecards/units/{world.WardA}/comments"))!;
        Assert.NotEmpty(comments);
        Assert.All(comments, c => Assert.False(string.IsNullOrWhiteSpace(c.Comment)));
    }

    [Fact]
    public async Task The_board_has_alerts_comments_to_review_and_cases_in_every_state()
    {
        await using var db = world.App.NewDbContext();
        Assert.True(await db.ReviewItems.CountAsync(r => r.UnitId == world.WardA && r.Kind == ReviewItemKind.LowScoreAlert) >= 2);
        Assert.True(await db.ReviewItems.CountAsync(r => r.UnitId == world.WardA && r.Kind == ReviewItemKind.LowScoreComment) >= 10);

        var inspector = await world.App.ClientAsAsync(DemoUsers.InspectorA);
        var cases = (await inspector.GetFromJsonAsync<CaseSummary[]>("/api/cases"))!;
        Assert.Equal(Enum.GetValues<CaseStatus>().Order(), cases.Select(c => c.Status).Distinct().Order());
        Assert.True(cases.Count(c => c.Overdue) >= 2, "overdue: " + cases.Count(c => c.Overdue));
        Assert.Equal(2, await db.Cases.CountAsync(c => c.UnitId == world.WardA && c.ReopenCount > 0));
        Assert.True(await db.CaseEvents.AnyAsync(e => e.Action == CaseEventActions.Reopened));
        // Written the way the flows write it: every case has its history, from its filing on.
        Assert.Equal(cases.Length, await db.CaseEvents.Where(e => e.Action == CaseEventActions.Filed).Select(e => e.CaseId).Distinct().CountAsync());
    }

    [Fact]
    public async Task The_evaluator_finds_the_year_computed_with_proposals()
    {
        var evaluator = await world.App.ClientAsAsync(DemoUsers.EvaluatorA);
        var cycles = (await evaluator.GetFromJsonAsync<CycleListItem[]>("/api/evaluations"))!;
        var cycle = Assert.Single(cycles);
        Assert.Equal(2026, cycle.Year);
        Assert.Equal(EvaluationStatus.Computed, cycle.Status);

        var detail = (await evaluator.GetFromJsonAsync<CycleDetailResponse>($"/api/evaluations/{cycle.Id}"))!;
        var proposed = detail.Content.Results.Where(r => r.ProposedLevel is not null).ToList();
        Assert.True(proposed.Count >= detail.Content.Results.Length / 2,
            string.Join("; ", detail.Content.Results.Select(r => $"{r.StaffCode} {r.ProposedLevel} {r.Reason}")));
        Assert.True(proposed.Select(r => r.ProposedLevel).Distinct().Count() >= 2, "the proposals should not all be the same level");
    }

    [Fact]
    public async Task The_chairs_are_rated_on_their_bodies_questions_never_on_one_petition()
    {
        var evaluator = await world.App.ClientAsAsync(DemoUsers.EvaluatorA);
        var cycle = Assert.Single((await evaluator.GetFromJsonAsync<CycleListItem[]>("/api/evaluations"))!);
        var results = (await evaluator.GetFromJsonAsync<CycleDetailResponse>($"/api/evaluations/{cycle.Id}"))!.Content.Results;
        var chairs = results.Where(r => r.Position is "Chủ tịch Hội đồng nhân dân" or "Chủ tịch Ủy ban nhân dân").ToList();
        Assert.Equal(2, chairs.Count);
        foreach (var chair in chairs)
        {
            var why = $"{chair.StaffCode}: {chair.Reason}";
            // The ward's cases count only from the policy's minimum on; the chair's body's own yearly question always counts here.
            var cases = chair.Components.Single(c => c.Key == EvaluationComponents.Cases);
            Assert.True(cases.Counted == cases.N >= 10, why);
            var yearly = Assert.Single(chair.Components, c => c.Key.StartsWith(EvaluationComponents.YearlyPrefix));
            Assert.True(yearly.Counted, why);
            Assert.Equal((0L, yearly.N, 0L), (yearly.Sources!.Sampled, (long?)yearly.Sources.Open, yearly.Sources.Held));
            Assert.InRange(yearly.N!.Value, 100, DemoPlan.YearlyAnswers);
            Assert.NotNull(chair.ProposedLevel);
        }
        Assert.Equal([$"{EvaluationComponents.YearlyPrefix}{Criteria.GovernmentCouncil}", EvaluationComponents.Cases, EvaluationComponents.Targets],
            chairs.Single(c => c.Position.Contains("Hội đồng")).Components.Select(c => c.Key));
        Assert.Equal([$"{EvaluationComponents.YearlyPrefix}{Criteria.GovernmentCommittee}", EvaluationComponents.Service, EvaluationComponents.Cases,
            EvaluationComponents.Targets], chairs.Single(c => c.Position.Contains("Ủy ban")).Components.Select(c => c.Key));
    }

    [Fact]
    public async Task A_second_start_does_not_write_the_year_again()
    {
        await using var db = world.App.NewDbContext();
        var before = await db.Responses.CountAsync();
        await using var scope = world.App.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<DemoYear>().SeedAsync(DemoYearWorld.Responses, writers: 3, CancellationToken.None));
        Assert.Equal(before, await db.Responses.CountAsync());
        Assert.Equal(DemoYearWorld.Responses + DemoPlan.YearlyAnswers, before);
    }
}

/// <summary>One demo year per run of this class: it is the slow part, and every test only reads it (the last one tries again).</summary>
public sealed class DemoYearWorld : IAsyncLifetime
{
    // Late in a month, so the default (this month's) scorecard has most of a month's answers.
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(7));
    public const int Responses = 3000;

    public HaiLongApp App { get; private set; } = null!;
    public int WardA { get; private set; }

    public async Task InitializeAsync()
    {
        App = await HaiLongApp.StartAtAsync(Now);
        await using var scope = App.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<DemoYear>().SeedAsync(Responses, writers: 3, CancellationToken.None));
        WardA = (await DemoIds.LoadAsync(App.ConnectionString)).WardA;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Where the demo year is never written: outside Development unless asked for, and in Production even when asked for.</summary>
public sealed class DemoYearGuardTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Theory]
    [InlineData("Testing", null)]
    [InlineData("Production", "200")]
    public async Task Writes_nothing(string environment, string? responses)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HaiLong:Demo:Responses"] = responses,
        }).Build();
        var hostEnvironment = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };
        var year = new DemoYear(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<HaiLong.Data.HaiLongDbContext>(), configuration,
            hostEnvironment, app.Clock, sp.GetRequiredService<ILogger<DemoYear>>());

        await year.SeedAsync(CancellationToken.None);

        await using var db = app.NewDbContext();
        Assert.False(await db.Responses.AnyAsync());
        Assert.False(await db.Invitations.AnyAsync());
        Assert.False(await db.Cases.AnyAsync());
    }
}
