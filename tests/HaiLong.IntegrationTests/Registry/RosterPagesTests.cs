using System.Globalization;
using HaiLong.Api.Infrastructure;

namespace HaiLong.IntegrationTests.Registry;

/// <summary>
/// The shift roster through its pages as a browser uses them: the week view of a service centre, shifts added and corrected
/// by an administrator, start, end and handover at the counter and from the QR display, and the counter ratings no one on
/// shift could be credited with, shown to the ward leader. Each test uses its own counter of ward A (all four are staffed
/// from 1 January in the demo world).
/// </summary>
public sealed class RosterPagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string action, Dictionary<string, string> fields)
    {
        var token = PageForms.AntiforgeryToken(await client.GetStringAsync(pageUrl));
        return await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__af"] = token }));
    }

    private sealed record Ward(int CentreA, int CentreB, int[] CountersA, int CounterB, int[] OfficialsA);

    private async Task<Ward> LoadAsync()
    {
        await using var db = app.NewDbContext();
        var centreA = await db.Agencies.SingleAsync(a => a.Code == DemoWorld.WardACode + "-TTPVHCC");
        var centreB = await db.Agencies.SingleAsync(a => a.Code == DemoWorld.WardBCode + "-TTPVHCC");
        var countersA = await db.ServicePoints.Where(s => s.AgencyId == centreA.Id).OrderBy(s => s.Code).Select(s => s.Id).ToArrayAsync();
        var counterB = await db.ServicePoints.Where(s => s.AgencyId == centreB.Id).OrderBy(s => s.Code).Select(s => s.Id).FirstAsync();
        var officials = await db.Officials.Where(o => o.AgencyId == centreA.Id).OrderBy(o => o.Id).Select(o => o.Id).ToArrayAsync();
        return new Ward(centreA.Id, centreB.Id, countersA, counterB, officials);
    }

    private static string Local(DateTimeOffset t) => VietnamTime.Local(t).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<ServicePointShift> RunningAsync(int counter)
    {
        await using var db = app.NewDbContext();
        return await db.ServicePointShifts.Include(s => s.Official).SingleAsync(s => s.ServicePointId == counter && s.EndsAt == null);
    }

    [Fact]
    public async Task The_week_view_shows_who_staffs_each_counter_and_an_administrator_corrects_and_adds_shifts()
    {
        var w = await LoadAsync();
        var counter = w.CountersA[0];
        var running = await RunningAsync(counter);
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var week = await admin.GetStringAsync($"/staff/roster?agencyId={w.CentreA}");
        Assert.Contains("Quầy số 1", week);
        Assert.Contains(running.Official.FullName, week);
        Assert.Contains($"/staff/roster/shifts/{running.Id}", week);
        var monday = VietnamTime.Today(app.Clock).AddDays(-(((int)VietnamTime.Today(app.Clock).DayOfWeek + 6) % 7));
        Assert.Contains($"week={monday.AddDays(-7):yyyy-MM-dd}", week);
        Assert.Contains($"week={monday.AddDays(7):yyyy-MM-dd}", week);

        // A shift on a staffed counter is refused (the roster allows one person at a time), beside its field, values kept.
        var now = app.Clock.GetUtcNow();
        var overlap = await PostFormAsync(admin, $"/staff/roster?agencyId={w.CentreA}", "/staff/roster/shifts", new()
        {
            ["agencyId"] = Id(w.CentreA), ["servicePointId"] = Id(counter), ["officialId"] = Id(w.OfficialsA[0]), ["startsAt"] = Local(now.AddHours(-1)),
        });
        Assert.Equal(HttpStatusCode.Conflict, overlap.StatusCode);
        var refused = await overlap.Content.ReadAsStringAsync();
        Assert.Contains("id=\"startsAt-error\"", refused);
        Assert.Contains($"value=\"{Local(now.AddHours(-1))}\"", refused);

        // End the running shift two hours ago, then give the counter to another official from one hour ago.
        var page = $"/staff/roster/shifts/{running.Id}";
        var ended = await PostFormAsync(admin, page, page, new()
        {
            ["officialId"] = Id(running.OfficialId), ["startsAt"] = Local(running.StartsAt), ["endsAt"] = Local(now.AddHours(-2)),
        });
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var added = await PostFormAsync(admin, $"/staff/roster?agencyId={w.CentreA}", "/staff/roster/shifts", new()
        {
            ["agencyId"] = Id(w.CentreA), ["servicePointId"] = Id(counter), ["officialId"] = Id(w.OfficialsA[0]), ["startsAt"] = Local(now.AddHours(-1)),
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        await using var db = app.NewDbContext();
        var shifts = await db.ServicePointShifts.Where(s => s.ServicePointId == counter).OrderBy(s => s.StartsAt).ToListAsync();
        Assert.Equal(2, shifts.Count);
        Assert.NotNull(shifts[0].EndsAt);
        Assert.Equal(w.OfficialsA[0], shifts[1].OfficialId);
        var name = await db.Officials.Where(o => o.Id == w.OfficialsA[0]).Select(o => o.FullName).SingleAsync();
        Assert.Contains(name, await admin.GetStringAsync(added.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task The_staff_at_a_counter_hand_over_end_and_start_a_shift_and_an_overlap_is_a_message()
    {
        var w = await LoadAsync();
        var counter = w.CountersA[1];
        var before = await RunningAsync(counter);
        var staff = await app.CookieClientAsync(DemoUsers.ServiceStaffA);
        var page = $"/staff/roster/counters/{counter}";
        Assert.Contains(before.Official.FullName, await staff.GetStringAsync(page));

        var next = w.OfficialsA.First(o => o != before.OfficialId);
        var handover = await PostFormAsync(staff, page, $"{page}/handover", new() { ["officialId"] = Id(next) });
        Assert.Equal(HttpStatusCode.Redirect, handover.StatusCode);
        await using (var db = app.NewDbContext())
        {
            var shifts = await db.ServicePointShifts.Where(s => s.ServicePointId == counter).OrderBy(s => s.StartsAt).ToListAsync();
            Assert.Equal(2, shifts.Count);
            Assert.Equal(shifts[0].EndsAt, shifts[1].StartsAt);
            Assert.Equal(next, shifts[1].OfficialId);
            Assert.Null(shifts[1].EndsAt);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(staff, page, $"{page}/end", [])).StatusCode);
        Assert.Contains("Hiện không có ai trong ca trực", await staff.GetStringAsync(page));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(staff, page, "/staff/roster/counters/start",
            new() { ["servicePointId"] = Id(counter), ["officialId"] = Id(before.OfficialId) })).StatusCode);
        // Someone is on duty now: a second start is the roster's refusal, shown as a message.
        var twice = await PostFormAsync(staff, page, "/staff/roster/counters/start", new() { ["servicePointId"] = Id(counter), ["officialId"] = Id(next) });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("id=\"refused\"", await twice.Content.ReadAsStringAsync());
        await using (var db = app.NewDbContext())
        {
            var shifts = await db.ServicePointShifts.Where(s => s.ServicePointId == counter).OrderBy(s => s.StartsAt).ToListAsync();
            Assert.Equal(3, shifts.Count);
            Assert.Equal(before.OfficialId, shifts[2].OfficialId);
        }
    }

    [Fact]
    public async Task The_qr_display_offers_the_official_their_shift_and_ends_it()
    {
        var w = await LoadAsync();
        var counter = w.CountersA[3];
        var running = await RunningAsync(counter);
        var staff = await app.CookieClientAsync(DemoUsers.ServiceStaffA);
        int procedure;
        await using (var db = app.NewDbContext()) procedure = await db.Procedures.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var display = await PostFormAsync(staff, "/staff/invitations", "/staff/invitations/transaction", new()
        {
            ["officialId"] = Id(running.OfficialId), ["procedureId"] = Id(procedure), ["dossierReference"] = "HS-CA-TRUC-1", ["view"] = "display",
        });
        var html = await display.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, display.StatusCode);
        Assert.Contains($"action=\"/staff/roster/counters/{counter}/end\"", html);
        Assert.Contains($"action=\"/staff/roster/counters/{counter}/handover\"", html);

        var token = PageForms.AntiforgeryToken(html);
        var end =
            await staff.PostAsync($"/staff/roster/counters/{counter}/end", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, end.StatusCode);
        await using (var db = app.NewDbContext()) Assert.NotNull((await db.ServicePointShifts.SingleAsync(s => s.Id == running.Id)).EndsAt);

        // Off shift, the next display offers to start one, at a counter of the official's centre.
        var again = await PostFormAsync(staff, "/staff/invitations", "/staff/invitations/transaction", new()
        {
            ["officialId"] = Id(running.OfficialId), ["procedureId"] = Id(procedure), ["dossierReference"] = "HS-CA-TRUC-2", ["view"] = "display",
        });
        var offer = await again.Content.ReadAsStringAsync();
        Assert.Contains("action=\"/staff/roster/counters/start\"", offer);
        Assert.Contains($"<option value=\"{running.OfficialId}\" selected", offer);
    }

    [Fact]
    public async Task A_counter_rating_while_no_one_is_on_shift_is_shown_to_the_ward_leader_as_unattributed()
    {
        var w = await LoadAsync();
        var counter = w.CountersA[2];
        var staff = await app.CookieClientAsync(DemoUsers.ServiceStaffA);
        var page = $"/staff/roster/counters/{counter}";
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(staff, page, $"{page}/end", [])).StatusCode);

        var issued = await InvitationWorld.IssueAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), new { kind = "Counter", servicePointId = counter });
        Assert.Equal(HttpStatusCode.Created,
            (await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token, InvitationWorld.ServiceAnswers(2))).StatusCode);
        await using (var db = app.NewDbContext())
        {
            var stored = await db.Responses.SingleAsync(r => r.InvitationId == issued.Id);
            Assert.Equal((counter, (int?)null), (stored.ServicePointId!.Value, stored.OfficialId));
        }

        var leader = await app.CookieClientAsync(DemoUsers.WardLeaderA);
        var week = WebUtility.HtmlDecode(await leader.GetStringAsync($"/staff/roster?agencyId={w.CentreA}"));
        Assert.Contains("1 phiếu chưa gắn cán bộ", week);
        Assert.Contains("Quầy số 3: 1 phiếu", week);
        // Read-only for the ward leader: no shift forms.
        Assert.DoesNotContain("action=\"/staff/roster/shifts\"", week);
        // The counters' pages admit the ward leader (they may issue QRs), and their home links to them.
        Assert.Contains("href=\"/staff/roster/counters\"", await leader.GetStringAsync("/staff"));
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/staff/roster/counters")).StatusCode);
    }

    [Fact]
    public async Task Counters_and_centres_outside_the_jurisdiction_are_not_found()
    {
        var w = await LoadAsync();
        var leader = await app.CookieClientAsync(DemoUsers.WardLeaderA);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/staff/roster?agencyId={w.CentreB}")).StatusCode);
        var staff = await app.CookieClientAsync(DemoUsers.ServiceStaffA);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/staff/roster/counters/{w.CounterB}")).StatusCode);
        var token = PageForms.AntiforgeryToken(await staff.GetStringAsync("/staff/roster/counters"));
        var end =
            await staff.PostAsync($"/staff/roster/counters/{w.CounterB}/end", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, end.StatusCode);
        await using var db = app.NewDbContext();
        Assert.True(await db.ServicePointShifts.AnyAsync(s => s.ServicePointId == w.CounterB && s.EndsAt == null));
    }
}
