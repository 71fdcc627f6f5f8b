using HaiLong.Api.Features.Cases;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>The weekly digest and the retention purge with the clock moved by hand from 25 November 2026.</summary>
public sealed class CaseJobTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private readonly MovedClockCases _world = new(app);

    [Fact]
    public async Task The_weekly_digest_is_written_once_per_board_and_week()
    {
        await SetUpBoardOfWardAAsync(app);
        await _world.FileAsync(Petition());

        var first = await _world.RunAsync(j => j.SendWeeklyDigestsAsync(default));
        var again = await _world.RunAsync(j => j.SendWeeklyDigestsAsync(default));

        Assert.Equal(1, first);
        Assert.Equal(0, again);
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);
        var digest = Assert.Single((await inspector.GetFromJsonAsync<NotificationResponse[]>("/api/cases/notifications"))!,
            n => n.Kind == NotificationKind.WeeklyDigest);
        Assert.Contains("2026-W48", digest.Title);
        Assert.Contains("đơn mới", digest.Body);
    }

    [Fact]
    public async Task Contact_data_of_cases_closed_longer_than_the_retention_period_is_purged()
    {
        var inspectorId = await SetUpBoardOfWardAAsync(app);
        var closedCase = await _world.FileAsync(Complaint());
        var openCase = await _world.FileAsync(Complaint("Khiếu nại khác"));
        var inspector = await _world.Host.ClientAsInspectorAsync();
        await AnswerCaseAsync(inspector, closedCase, inspectorId, "Đã giải quyết.");
        await TransitionAsync(inspector, closedCase, new { action = "close" });

        _world.MoveTo(MovedClockCases.Start.AddDays(1094));
        Assert.Equal(0, await _world.RunAsync(j => j.PurgeExpiredContactsAsync(default)));
        _world.MoveTo(MovedClockCases.Start.AddDays(1096));
        var purged = await _world.RunAsync(j => j.PurgeExpiredContactsAsync(default));

        Assert.Equal(1, purged);
        await using var db = app.NewDbContext();
        var gone = await db.CaseContacts.SingleAsync(c => c.CaseId == closedCase);
        Assert.Null(gone.Name);
        Assert.Null(gone.Phone);
        Assert.NotNull(gone.PurgedAt);
        Assert.Equal("0912345678", (await db.CaseContacts.SingleAsync(c => c.CaseId == openCase)).Phone);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "case.contacts-purged"));
    }

    [Fact]
    public async Task A_configured_public_holiday_moves_a_working_day_deadline()
    {
        var admin = await _world.Host.ClientAsAsync(DemoUsers.Administrator);
        var put = await admin.PutAsJsonAsync("/api/cases/holidays", new { date = "2026-11-26", name = "Ngày nghỉ thử nghiệm" });
        put.EnsureSuccessStatusCode();

        var petition = await _world.FileAsync(Petition());

        await using var db = app.NewDbContext();
        // Without the holiday the 15th working day after Wednesday 25 November is 16 December.
        Assert.Equal(new DateOnly(2026, 12, 17), await db.Cases.Where(c => c.Id == petition).Select(c => c.AnswerDueOn).SingleAsync());
    }
}
