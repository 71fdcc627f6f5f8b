using HaiLong.Api.Features.Cases;
using HaiLong.Api.Features.Evaluations;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>The numbers the scorecards and the yearly evaluation read, with answers given on chosen days.</summary>
public sealed class CaseStatisticsTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private readonly MovedClockCases _world = new(app);

    [Theory]
    // The first representable day has no local midnight in UTC: the generated sweep found it as a 500.
    [InlineData("from=0001-01-01&to=0001-01-01", "from")]
    [InlineData("from=1899-12-31&to=2026-01-01", "from")]
    [InlineData("from=2026-01-01&to=9999-12-31", "to")]
    [InlineData("from=2026-02-01&to=2026-01-01", "from")]
    public async Task A_window_outside_the_calendar_the_statistics_can_count_is_a_validation_problem(string window, string member)
    {
        var wardA = await UnitIdAsync(app, DemoWorld.WardACode);
        var response = await (await app.ClientAsAsync(DemoUsers.WardLeaderA)).GetAsync($"/api/cases/statistics?unitId={wardA}&{window}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>();
        Assert.Contains(member, problem!.Errors.Keys);
    }

    [Fact]
    public async Task Statistics_give_the_share_answered_on_time_and_the_median_days()
    {
        var inspectorId = await SetUpBoardOfWardAAsync(app);
        var inspector = await _world.Host.ClientAsInspectorAsync();
        var fast = await _world.FileAsync(Petition("Đơn một"));
        var slow = await _world.FileAsync(Petition("Đơn hai"));
        var overdue = await _world.FileAsync(Petition("Đơn ba"));
        foreach (var id in new[] { fast, slow }) await AcceptAndAssignAsync(inspector, id, inspectorId);
        // Bearer tokens expire on the moved clock too: sign in again after each move.
        _world.MoveTo(MovedClockCases.Start.AddDays(4));
        inspector = await _world.Host.ClientAsInspectorAsync();
        await TransitionAsync(inspector, fast, new { action = "answer", answer = "Xong." });
        _world.MoveTo(MovedClockCases.Start.AddDays(30));
        inspector = await _world.Host.ClientAsInspectorAsync();
        await TransitionAsync(inspector, slow, new { action = "answer", answer = "Xong muộn." });

        var wardA = await UnitIdAsync(app, DemoWorld.WardACode);
        var stats = await inspector.GetFromJsonAsync<CaseStatisticsResponse>($"/api/cases/statistics?unitId={wardA}&from=2026-11-01&to=2026-11-30");

        Assert.Equal(3, stats!.Unit.Filed);
        Assert.Equal(2, stats.Unit.Answered);
        Assert.Equal(1, stats.Unit.AnsweredOnTime);
        Assert.Equal(1, stats.Unit.OverdueOpen);
        Assert.Equal(0.3333, stats.Unit.OnTimeShare);
        Assert.Equal(17.0, stats.Unit.MedianDaysToAnswer);
        Assert.NotEqual(0, overdue);

        // The yearly evaluation reads the same numbers: only cases that have come due count.
        await using var scope = _world.Host.Services.CreateAsyncScope();
        var source = scope.ServiceProvider.GetRequiredService<ICaseHandlingSource>();
        var otherWardCommittee = await app.NewDbContext().Agencies.Where(a => a.Code == DemoWorld.WardBCode + "-UBND").Select(a => a.Id).SingleAsync();
        var figures = await source.GetAsync([(SubjectKind.Unit, wardA), (SubjectKind.Agency, otherWardCommittee)], 2026, CancellationToken.None);
        Assert.Equal(new CaseHandlingFigures(Total: 3, Answered: 2, AnsweredOnTime: 1, Unresolved: 1),
            figures[(SubjectKind.Unit, wardA)] with { Group5 = null });
        // All three are petitions: group 5 counts each of them (CaseGroup5Tests mixes the four types).
        Assert.Equal(new Group5Cases(3, 3, 1, 2, 1, 2, 0, 0), figures[(SubjectKind.Unit, wardA)].Group5);
        Assert.Equal(new CaseHandlingFigures(0, 0, 0, 0), figures[(SubjectKind.Agency, otherWardCommittee)]);
    }
}
