using HaiLong.Api.Features.Cases;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>The daily deadline check with the clock moved by hand from Wednesday 25 November 2026, 09:00 in Vietnam.</summary>
public sealed class CaseEscalationTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private readonly MovedClockCases _world = new(app);

    [Fact]
    public async Task Deadlines_follow_the_law_and_overdue_cases_escalate_to_the_ward_leader_exactly_once()
    {
        var petition = await _world.FileAsync(Petition());
        var complaint = await _world.FileAsync(Complaint());
        await using (var db = app.NewDbContext())
        {
            // 15 working days from Wednesday 25 November skip four weekends: Wednesday 16 December.
            Assert.Equal(new DateOnly(2026, 12, 16), await db.Cases.Where(c => c.Id == petition).Select(c => c.AnswerDueOn).SingleAsync());
            Assert.Equal(new DateOnly(2026, 12, 5), await db.Cases.Where(c => c.Id == complaint).Select(c => c.AcceptDueOn).SingleAsync());
        }

        _world.MoveTo(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(7)));
        Assert.Equal(0, await _world.RunAsync(j => j.CheckDeadlinesAsync(default)));
        _world.MoveTo(new DateTimeOffset(2026, 12, 17, 9, 0, 0, TimeSpan.FromHours(7)));
        // Two servers running the job at the same moment, then a re-run the next morning.
        var racing = await Task.WhenAll(_world.RunAsync(j => j.CheckDeadlinesAsync(default)), _world.RunAsync(j => j.CheckDeadlinesAsync(default)));
        _world.MoveTo(new DateTimeOffset(2026, 12, 18, 9, 0, 0, TimeSpan.FromHours(7)));
        var nextDay = await _world.RunAsync(j => j.CheckDeadlinesAsync(default));

        Assert.Equal(2, racing.Sum());
        Assert.Equal(0, nextDay);
        await using var check = app.NewDbContext();
        var escalations = await check.StaffNotifications.Where(n => n.Kind == NotificationKind.Escalation).ToListAsync();
        Assert.Equal(2, escalations.Count);
        Assert.All(escalations, n => Assert.Equal(Roles.WardLeader, n.Audience));
        Assert.Equal([petition, complaint], escalations.Select(n => n.CaseId!.Value).Order());
        Assert.Equal(1, await check.CaseEvents.CountAsync(e => e.CaseId == petition && e.Action == "escalated"));
        Assert.Equal(1, await check.CaseEvents.CountAsync(e => e.CaseId == complaint && e.Action == "escalated"));
        var warning = await check.StaffNotifications.SingleAsync(n => n.Kind == NotificationKind.DeadlineWarning);
        Assert.Equal(complaint, warning.CaseId);
        Assert.Equal(Roles.Inspector, warning.Audience);

        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var seen = await leader.GetFromJsonAsync<NotificationResponse[]>("/api/cases/notifications");
        Assert.Equal(2, seen!.Count(n => n.Kind == NotificationKind.Escalation));
        Assert.Contains("Quá hạn", await ReadPageAsync(leader, "/staff/cases/notifications"));
    }
}
