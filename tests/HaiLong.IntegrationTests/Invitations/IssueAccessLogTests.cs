using HaiLong.Api.Infrastructure;

namespace HaiLong.IntegrationTests.Invitations;

/// <summary>
/// A QR issued through the API is counted in the minute's summary instead of a log line of its own (BENCHMARKS.md §4); its
/// audit entry is the individual record, and a refused issue is not counted (it keeps a line).
/// </summary>
public sealed class IssueAccessLogTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Issued_QR_codes_are_counted_and_each_keeps_its_audit_entry_while_a_refused_issue_is_not_counted()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var log = app.Services.GetRequiredService<CitizenAccessLog>();
        log.TakeIssues();

        var first = await InvitationWorld.IssueTransactionAsync(staff, w, "HS-LOG-1");
        var second = await InvitationWorld.IssueAsync(staff, new { kind = "Counter", servicePointId = w.CounterA });
        var outside = await staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = w.OfficialB, procedureId = w.Procedure, dossierReference = "HS-LOG-2" });
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/invitations")).StatusCode);

        Assert.Equal(2, log.TakeIssues());
        Assert.Equal(0, log.TakeIssues());
        await using var db = app.NewDbContext();
        var ids = new[] { first.Id.ToString(), second.Id.ToString() };
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "Invitation.created" && ids.Contains(e.EntityId!)));
    }
}
