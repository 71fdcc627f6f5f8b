using HaiLong.IntegrationTests.Scorecards;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The voting staff pages, signed in as the hamlet head: the meeting (search, many households marked at once, a conflict listed,
/// minutes and counts kept on a refusal), paper keying, the conflicts list and the slips to print.
/// </summary>
public sealed class VotingStaffPagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task The_secretary_marks_households_from_a_search_and_by_typed_codes_and_a_conflict_is_listed()
    {
        var (households, id, _) = await VotingWorld.OpenedAsync(app, 4, "VPM");
        await VotingWorld.VoteOnlineAsync(app, id, households[3]);
        var client = await app.CookieClientAsync(DemoUsers.HamletHeadA);
        var page = $"/staff/consultations/{id}/meeting";

        var search = await client.GetStringAsync($"{page}?q=vpm000");
        Assert.Contains("value=\"VPM0001\"", search);
        Assert.DoesNotContain("value=\"VPM0004\"", search);
        var marked = await PageForms.PostAsync(client, page, $"{page}/attendance", new()
        {
            ["households"] = "VPM0001", ["codes"] = "VPM0002, VPM0004",
        });
        var html = WebUtility.HtmlDecode(await marked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Contains("Đã ghi nhận 2 hộ có mặt", html);
        Assert.Contains("VPM0004 — Đại diện hộ VPM0004: Trực tuyến", html);
        Assert.Equal(VoteChannel.Meeting, (await VotingWorld.RollEntryAsync(app, id, households[1])).VotedChannel);

        var unknown = await PageForms.PostAsync(client, page, $"{page}/attendance", new() { ["codes"] = "VPM0003 KHONGCO" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        var unknownHtml = WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync());
        Assert.Contains("KHONGCO", unknownHtml);
        Assert.Contains(">VPM0003 KHONGCO</textarea>", unknownHtml);
        Assert.Null((await VotingWorld.RollEntryAsync(app, id, households[2])).VotedChannel);

        var conflicts = WebUtility.HtmlDecode(await client.GetStringAsync($"/staff/consultations/{id}/conflicts"));
        Assert.Contains("VPM0004 — Đại diện hộ VPM0004", conflicts);
        Assert.Contains("Tại cuộc họp", conflicts);
    }

    [Fact]
    public async Task Counts_above_the_households_present_come_back_with_the_typed_values_and_the_minutes_are_saved()
    {
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 2, "VPC");
        var id = await VotingWorld.OpenAllChannelsAsync(app);
        var items = await VotingWorld.ItemIdsAsync(app, id);
        var client = await app.CookieClientAsync(DemoUsers.HamletHeadA);
        var page = $"/staff/consultations/{id}/meeting";
        await PageForms.PostAsync(client, page, $"{page}/attendance", new() { ["codes"] = "VPC0001" });

        var refused = await PageForms.PostAsync(client, page, $"{page}/items/{items[0]}/counts", new() { ["c0"] = "1", ["c1"] = "7" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Tổng số phiếu (8) nhiều hơn số hộ có mặt (1)", html);
        Assert.Contains($"id=\"item-{items[0]}-c1\" name=\"c1\" value=\"7\"", html);
        var saved = await PageForms.PostAsync(client, page, $"{page}/items/{items[0]}/counts", new() { ["c0"] = "1", ["c1"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var minutes = await PageForms.PostAsync(client, page, $"{page}/minutes", new()
        {
            ["meetingChair"] = "Nguyễn Văn Bình", ["meetingSecretary"] = "Trần Thị Cúc", ["meetingNotes"] = new string('x', 8001),
        });
        Assert.Equal(HttpStatusCode.BadRequest, minutes.StatusCode);
        Assert.Contains("value=\"Nguyễn Văn Bình\"", WebUtility.HtmlDecode(await minutes.Content.ReadAsStringAsync()));
        var ok = await PageForms.PostAsync(client, page, $"{page}/minutes", new()
        {
            ["meetingChair"] = "Nguyễn Văn Bình", ["meetingSecretary"] = "Trần Thị Cúc", ["meetingNotes"] = "Thống nhất.",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal("Nguyễn Văn Bình", (await db.Consultations.SingleAsync(c => c.Id == id)).MeetingChair);
        Assert.Equal(1, await db.ConsultationTallies.Where(t => t.ConsultationId == id).SumAsync(t => t.Count));
    }

    [Fact]
    public async Task Paper_keying_on_the_page_waits_for_a_second_person_and_the_slips_print_ten_to_a_sheet()
    {
        var (households, id, items) = await VotingWorld.OpenedAsync(app, 1, "VPP");
        var head = await app.CookieClientAsync(DemoUsers.HamletHeadA);
        var leader = await app.CookieClientAsync(DemoUsers.WardLeaderA);
        var page = $"/staff/consultations/{id}/paper";
        var code = HamletWorld.SlipCode(app, id, households[0]);
        var fields = new Dictionary<string, string> { ["code"] = code.ToLowerInvariant(), [$"i{items[0]}"] = "0", [$"i{items[1]}"] = "2" };

        var missing = await PageForms.PostAsync(head, page, page, new() { ["code"] = code, [$"i{items[0]}"] = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Matches("name=\"i" + items[0] + "\" value=\"1\"\\s+checked", await missing.Content.ReadAsStringAsync());
        var first = await PageForms.PostAsync(head, page, page, fields);
        Assert.Contains("chờ người thứ hai nhập", WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync()));
        var twice = await PageForms.PostAsync(head, page, page, fields);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var second = await PageForms.PostAsync(leader, page, page, fields);
        Assert.Contains("đã được tính", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()));
        Assert.Equal(VoteChannel.Paper, (await VotingWorld.RollEntryAsync(app, id, households[0])).VotedChannel);

        var slips = await head.GetStringAsync($"/staff/consultations/{id}/slips");
        await using var db = app.NewDbContext();
        var roll = await db.ConsultationRoll.CountAsync(r => r.ConsultationId == id);
        Assert.Equal(roll, Regex.Matches(slips, "<li class=\"slip\">").Count);
        Assert.Contains(HaiLong.Api.Features.Invitations.ShortCodes.Grouped(code), slips);
        Assert.Contains("src=\"data:image/png;base64,", slips);
        Assert.Contains("body class=\"print-slips\"", slips);
    }

    [Fact]
    public async Task A_hamlet_head_gets_404_for_another_hamlets_consultation_on_every_voting_page()
    {
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA2, 1, "VPJ");
        var id = await VotingWorld.OpenAllChannelsAsync(app, HamletWorld.HamletA2);
        var head = await app.CookieClientAsync(DemoUsers.HamletHeadA);
        foreach (var path in new[] { "meeting", "paper", "conflicts", "slips" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/staff/consultations/{id}/{path}")).StatusCode);
        }
        var leader = await app.CookieClientAsync(DemoUsers.WardLeaderA);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/staff/consultations/{id}/meeting")).StatusCode);
    }
}
