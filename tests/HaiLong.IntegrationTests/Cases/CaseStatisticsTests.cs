using System.Net.Http.Json;
using HaiLong.Api.Features.Cases;
using HaiLong.Api.Features.Evaluations;
using HaiLong.Api.Infrastructure.Seeding;
using HaiLong.Data.Entities;
using HaiLong.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>The numbers the scorecards and the yearly evaluation read, with answers given on chosen days.</summary>
public sealed class CaseStatisticsTests : IClassFixture<HaiLongApp>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(7));
    private readonly HaiLongApp _app;
    private readonly FakeTimeProvider _clock = new(Start.ToUniversalTime());
    private readonly WebApplicationFactory<Program> _host;

    public CaseStatisticsTests(HaiLongApp app)
    {
        _app = app;
        _host = app.WithClock(_clock);
    }

    private async Task<T> RunAsync<T>(Func<CaseJobs, Task<T>> job)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await job(scope.ServiceProvider.GetRequiredService<CaseJobs>());
    }

    private async Task<long> FileAsync(Dictionary<string, string> fields)
    {
        var client = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await CaseWorld.FileAsync(client, $"unit={DemoWorld.WardACode}", fields);
        var code = (await response.Content.ReadFromJsonAsync<FiledCase>())!.TrackingCode;
        return await CaseIdAsync(_app, code);
    }

    [Fact]
    public async Task Statistics_give_the_share_answered_on_time_and_the_median_days()
    {
        var inspectorId = await SetUpBoardOfWardAAsync(_app);
        var inspector = await _host.ClientAsInspectorAsync();
        var fast = await FileAsync(Petition("Đơn một"));
        var slow = await FileAsync(Petition("Đơn hai"));
        var overdue = await FileAsync(Petition("Đơn ba"));
        foreach (var id in new[] { fast, slow })
        {
            await TransitionAsync(inspector, id, new { action = "accept" });
            await TransitionAsync(inspector, id, new { action = "assign", assigneeId = inspectorId });
        }
        // Bearer tokens expire on the moved clock too: sign in again after each move.
        _clock.SetUtcNow(Start.AddDays(4).ToUniversalTime());
        inspector = await _host.ClientAsInspectorAsync();
        await TransitionAsync(inspector, fast, new { action = "answer", answer = "Xong." });
        _clock.SetUtcNow(Start.AddDays(30).ToUniversalTime());
        inspector = await _host.ClientAsInspectorAsync();
        await TransitionAsync(inspector, slow, new { action = "answer", answer = "Xong muộn." });

        var wardA = await UnitIdAsync(_app, DemoWorld.WardACode);
        var stats = await inspector.GetFromJsonAsync<CaseStatisticsResponse>($"/api/cases/statistics?unitId={wardA}&from=2026-11-01&to=2026-11-30");

        Assert.Equal(3, stats!.Unit.Filed);
        Assert.Equal(2, stats.Unit.Answered);
        Assert.Equal(1, stats.Unit.AnsweredOnTime);
        Assert.Equal(1, stats.Unit.OverdueOpen);
        Assert.Equal(0.3333, stats.Unit.OnTimeShare);
        Assert.Equal(17.0, stats.Unit.MedianDaysToAnswer);
        Assert.NotEqual(0, overdue);

        // The yearly evaluation reads the same numbers: only cases that have come due count.
        await using var scope = _host.Services.CreateAsyncScope();
        var source = scope.ServiceProvider.GetRequiredService<ICaseHandlingSource>();
        var otherWardCommittee = await _app.NewDbContext().Agencies.Where(a => a.Code == DemoWorld.WardBCode + "-UBND").Select(a => a.Id).SingleAsync();
        var figures = await source.GetAsync([(SubjectKind.Unit, wardA), (SubjectKind.Agency, otherWardCommittee)], 2026, CancellationToken.None);
        Assert.Equal(new CaseHandlingFigures(Total: 3, Answered: 2, AnsweredOnTime: 1, Unresolved: 1), figures[(SubjectKind.Unit, wardA)]);
        Assert.Equal(new CaseHandlingFigures(0, 0, 0, 0), figures[(SubjectKind.Agency, otherWardCommittee)]);
    }
}
