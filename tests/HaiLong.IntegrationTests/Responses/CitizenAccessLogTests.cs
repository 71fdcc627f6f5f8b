using HaiLong.Api.Infrastructure;

namespace HaiLong.IntegrationTests.Responses;

/// <summary>
/// The citizen hot paths are counted, not logged line by line (BENCHMARKS.md §2): what a citizen did still shows in the
/// minute's summary, by status class, and the staff paths keep their line per request.
/// </summary>
public sealed class CitizenAccessLogTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_citizens_form_views_and_refusals_are_counted_by_status_class_and_staff_requests_are_not()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var counter = await InvitationWorld.IssueAsync(staff, new { kind = "Counter", servicePointId = w.CounterA });
        var log = app.Services.GetRequiredService<CitizenAccessLog>();
        log.Take();

        var citizen = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/s/{counter.Token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/s/{counter.Token}")).StatusCode);
        var unknown = await citizen.PostAsJsonAsync("/api/responses", new { token = new string('A', 22), answers = new { } });
        Assert.True((int)unknown.StatusCode is >= 400 and < 500, $"an unknown token answered {(int)unknown.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/invitations")).StatusCode);

        var counts = log.Take();
        Assert.Equal((2L, 1L, 0L), (counts[2], counts[4], counts[5]));
        Assert.Equal(0, log.Take().Sum());
    }
}
