using System.Net;
using System.Net.Http.Json;
using HaiLong.IntegrationTests.Infrastructure;
using HaiLong.IntegrationTests.Invitations;
using Microsoft.EntityFrameworkCore;

namespace HaiLong.IntegrationTests.Responses;

/// <summary>
/// A standing QR's form is kept for a few seconds (StandingFormCache); a change made through the app must still show on the
/// very next view, because a citizen at the counter would otherwise rate the wrong official or a revoked code.
/// </summary>
public sealed class StandingFormCacheTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_counter_form_names_the_new_official_on_the_first_view_after_the_shift_changes()
    {
        var w = await InvitationKit.WorldAsync(app);
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var counter = await InvitationKit.IssueAsync(admin, new { kind = "Counter", servicePointId = w.CounterA });
        await using var db = app.NewDbContext();
        var before = await db.Officials.SingleAsync(o => o.Id == w.CounterAOfficial);
        var citizen = app.AnonymousClient();
        var first = WebUtility.HtmlDecode(await citizen.GetStringAsync($"/s/{counter.Token}"));
        Assert.Contains(before.FullName, first);
        Assert.DoesNotContain(w.OfficialAName, first);

        var shift = await db.ServicePointShifts.Where(s => s.ServicePointId == w.CounterA && s.EndsAt == null).SingleAsync();
        var handover = DateTimeOffset.UtcNow.AddSeconds(-1);
        (await admin.PutAsJsonAsync($"/api/service-points/{w.CounterA}/shifts/{shift.Id}",
            new { officialId = shift.OfficialId, startsAt = shift.StartsAt, endsAt = handover })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/service-points/{w.CounterA}/shifts",
            new { officialId = w.OfficialA, startsAt = handover })).EnsureSuccessStatusCode();

        var after = WebUtility.HtmlDecode(await citizen.GetStringAsync($"/s/{counter.Token}"));
        Assert.Contains(w.OfficialAName, after);
        Assert.DoesNotContain(before.FullName, after);
    }

    [Fact]
    public async Task A_revoked_counter_code_shows_the_revoked_page_on_the_first_view_after()
    {
        var w = await InvitationKit.WorldAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var counter = await InvitationKit.IssueAsync(staff, new { kind = "Counter", servicePointId = w.CounterA });
        var citizen = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/s/{counter.Token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/api/responses/forms/{counter.Token}")).StatusCode);

        (await staff.PostAsync($"/api/invitations/{counter.Id}/revoke", null)).EnsureSuccessStatusCode();

        var page = await citizen.GetAsync($"/s/{counter.Token}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("đã bị thu hồi", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Gone, (await citizen.GetAsync($"/api/responses/forms/{counter.Token}")).StatusCode);
    }
}
