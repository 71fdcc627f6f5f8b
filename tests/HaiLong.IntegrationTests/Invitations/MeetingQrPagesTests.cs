using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace HaiLong.IntegrationTests.Invitations;

/// <summary>
/// The hamlet-meeting QR and the yearly-survey poster issued from the invitations page by a ward leader at a browser: the
/// printed sheet's QR decodes (zbarimg) to a link a citizen can answer within the window; outside the jurisdiction is 404.
/// </summary>
public sealed partial class MeetingQrPagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_ward_leader_issues_a_meeting_qr_whose_a4_sheet_decodes_to_a_link_answered_within_the_window()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var browser = await SignedInAsync(DemoUsers.WardLeaderA);
        var index = await browser.GetStringAsync("/staff/invitations");
        var now = app.Clock.GetUtcNow();
        await using var db = app.NewDbContext();
        var hamlet = await db.Units.AsNoTracking().SingleAsync(u => u.Id == w.HamletA);
        Assert.Contains($"value=\"{w.HamletA}\"", index);

        var sheet = await browser.PostAsync("/staff/invitations/meeting", Form(
            ("__af", StaffBrowser.Antiforgery(index)), ("meetingUnitId", w.HamletA.ToString()),
            ("meetingTitle", "Họp dân lấy ý kiến dự thảo hương ước"),
            ("meetingAgenda", "1. Dự thảo hương ước\n2. Đánh giá chính quyền phường"), ("meetingStartsAt", Local(now.AddHours(-1))),
            ("meetingEndsAt", Local(now.AddHours(2)))));

        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        var html = WebUtility.HtmlDecode(await sheet.Content.ReadAsStringAsync());
        Assert.Contains("@page{size:A4 portrait", html);
        Assert.Contains("Họp dân lấy ý kiến dự thảo hương ước", html);
        Assert.Contains("1. Dự thảo hương ước\n2. Đánh giá chính quyền phường", html);
        Assert.Contains(hamlet.Name, html);
        Assert.Contains($"Nhận phiếu từ {VietnamLocal(now.AddHours(-1)):HH:mm dd/MM/yyyy} đến {VietnamLocal(now.AddHours(2)):HH:mm dd/MM/yyyy}", html);
        var url = await InvitationTests.DecodeQrAsync(QrPng(html));
        Assert.Matches("^http://localhost/s/[A-Za-z0-9_-]{22}$", url);
        var token = url.Split('/').Last();

        var citizen = app.AnonymousClient();
        var form = await citizen.GetAsync($"/s/{token}");
        var answered = await InvitationWorld.SubmitAsync(citizen, token,
            [new { criterion = Criteria.GovernmentCommittee, score = 5 }, new { criterion = Criteria.Overall, score = 4 }]);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Họp dân lấy ý kiến dự thảo hương ước", WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        var invitation = await db.Invitations.AsNoTracking().Include(i => i.Meeting).OrderByDescending(i => i.Id)
            .FirstAsync(i => i.Kind == InvitationKind.Meeting);
        Assert.Equal((w.WardA, w.HamletA, "1. Dự thảo hương ước\n2. Đánh giá chính quyền phường"),
            (invitation.UnitId, invitation.Meeting!.UnitId, invitation.Meeting.Agenda));
        Assert.Equal(1, await db.Responses.CountAsync(r => r.InvitationId == invitation.Id));
    }

    [Fact]
    public async Task A_meeting_ending_before_it_starts_is_refused_with_the_typed_values_kept_and_another_wards_hamlet_is_404()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var browser = await SignedInAsync(DemoUsers.WardLeaderA);
        var af = StaffBrowser.Antiforgery(await browser.GetStringAsync("/staff/invitations"));
        await using var db = app.NewDbContext();
        var hamletB = await db.Units.Where(u => u.ParentId == w.WardB).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
        var before = await db.Invitations.CountAsync();
        var now = app.Clock.GetUtcNow();

        var backwards = await browser.PostAsync("/staff/invitations/meeting", Form(("__af", af), ("meetingUnitId", w.HamletA.ToString()),
            ("meetingTitle", "Họp tổ dân phố tháng 12"), ("meetingAgenda", ""), ("meetingStartsAt", Local(now.AddHours(3))),
            ("meetingEndsAt", Local(now.AddHours(1)))));
        var tooLong = await browser.PostAsync("/staff/invitations/meeting", Form(("__af", af), ("meetingUnitId", w.HamletA.ToString()),
            ("meetingTitle", new string('T', 257)), ("meetingAgenda", ""), ("meetingStartsAt", Local(now)), ("meetingEndsAt", Local(now.AddHours(1)))));
        var outside = await browser.PostAsync("/staff/invitations/meeting", Form(("__af", af), ("meetingUnitId", hamletB.ToString()),
            ("meetingTitle", "Họp ở phường khác"), ("meetingAgenda", ""), ("meetingStartsAt", Local(now)), ("meetingEndsAt", Local(now.AddHours(1)))));
        var annualOutside = await browser.PostAsync("/staff/invitations/annual", Form(("__af", af), ("annualUnitId", w.WardB.ToString()),
            ("year", VietnamLocal(now).Year.ToString(CultureInfo.InvariantCulture)), ("paper", "A4")));

        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        var backwardsHtml = WebUtility.HtmlDecode(await backwards.Content.ReadAsStringAsync());
        Assert.Contains("id=\"meetingEndsAt-error\"", backwardsHtml);
        Assert.Contains("Giờ kết thúc phải sau giờ bắt đầu.", backwardsHtml);
        Assert.Contains("value=\"Họp tổ dân phố tháng 12\"", backwardsHtml);
        Assert.Contains($"value=\"{Local(now.AddHours(3))}\"", backwardsHtml);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("id=\"meetingTitle-error\"", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Contains("id=\"meetingUnitId-error\"", await outside.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, annualOutside.StatusCode);
        Assert.Equal(before, await db.Invitations.CountAsync());
        Assert.False(await db.Meetings.AnyAsync(m => m.UnitId == hamletB || m.Title == "Họp tổ dân phố tháng 12"));
    }

    [Fact]
    public async Task The_yearly_poster_prints_on_a3_and_its_qr_decodes_to_the_wards_yearly_survey()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var browser = await SignedInAsync(DemoUsers.WardLeaderA);
        var af = StaffBrowser.Antiforgery(await browser.GetStringAsync("/staff/invitations"));
        var year = VietnamLocal(app.Clock.GetUtcNow()).Year;

        var poster = await browser.PostAsync("/staff/invitations/annual", Form(("__af", af), ("annualUnitId", w.WardA.ToString()),
            ("year", year.ToString(CultureInfo.InvariantCulture)), ("paper", "A3")));

        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        var html = WebUtility.HtmlDecode(await poster.Content.ReadAsStringAsync());
        Assert.Contains("@page{size:A3 portrait", html);
        Assert.Contains($"năm {year}", html);
        Assert.Contains($"Nhận phiếu đến hết ngày 31/01/{year + 1}", html);
        var token = (await InvitationTests.DecodeQrAsync(QrPng(html))).Split('/').Last();
        var answered = await InvitationWorld.SubmitAsync(app.AnonymousClient(), token, [new { criterion = Criteria.Overall, score = 5 }]);
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        await using var db = app.NewDbContext();
        var issued = await db.Invitations.AsNoTracking().OrderByDescending(i => i.Id).FirstAsync(i => i.Kind == InvitationKind.Annual);
        Assert.Equal((w.WardA, (int?)year), (issued.UnitId, issued.Year));
    }

    private async Task<HttpClient> SignedInAsync(string userName)
    {
        var browser = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StaffBrowser.SignInAsync(browser, userName)).StatusCode);
        return browser;
    }

    private static DateTimeOffset VietnamLocal(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(7));

    /// <summary>As a <c>datetime-local</c> field sends it: Vietnam wall-clock time to the minute.</summary>
    private static string Local(DateTimeOffset t) => VietnamLocal(t).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static byte[] QrPng(string decodedHtml) => Convert.FromBase64String(QrData().Match(decodedHtml).Groups[1].Value);

    [GeneratedRegex("data:image/png;base64,([^\"]+)")]
    private static partial Regex QrData();

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
