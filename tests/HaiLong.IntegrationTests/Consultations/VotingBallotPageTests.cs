namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The household's ballot at /h (issue 19, point 3): typed codes forgiven, the ballot light and script-free in Vietnamese and
/// English, a refused post kept, and every state that takes no vote a clear page with its status.
/// </summary>
public sealed class VotingBallotPageTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_typed_code_opens_the_ballot_whatever_its_case_and_dashes_and_a_wrong_one_says_why()
    {
        var (households, id, _) = await VotingWorld.OpenedAsync(app, 1, "VBC");
        var code = HamletWorld.SlipCode(app, id, households[0]);
        var client = app.PageClient();

        var entry = await client.GetAsync("/h");
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
        Assert.Contains("Nhập mã phiếu biểu quyết", await entry.Content.ReadAsStringAsync());
        var typed = $" {code[..4].ToLowerInvariant()}-{code[4..8]} {code[8..]} ";
        var found = await client.GetAsync($"/h?code={Uri.EscapeDataString(typed)}");
        Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
        Assert.Equal($"/h/{code}", found.Headers.Location!.OriginalString);
        var invalid = await client.GetAsync("/h?code=abc");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("value=\"abc\"", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/h?code=AAAA-AAAA-AAAA")).StatusCode);
        var unknown = await client.GetAsync("/h/AAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Không tìm thấy phiếu biểu quyết", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_ballot_weighs_at_most_15_kb_has_no_script_and_speaks_vietnamese_then_english()
    {
        var (households, id, _) = await VotingWorld.OpenedAsync(app, 1, "VBW");
        var code = HamletWorld.SlipCode(app, id, households[0]);
        var client = app.PageClient();

        var vi = await client.GetAsync($"/h/{code}");
        var html = await vi.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, vi.StatusCode);
        Assert.True(Encoding.UTF8.GetByteCount(html) <= 15 * 1024, $"{Encoding.UTF8.GetByteCount(html)} bytes");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"vi\"", html);
        foreach (var words in new[] { "Tán thành", "Không tán thành", "Không có ý kiến", "100.000 đồng", "Điều 1: Giữ gìn vệ sinh chung", "VBW0001" })
        {
            Assert.Contains(words, WebUtility.HtmlDecode(html));
        }
        Assert.Equal(3 + 4, Regex.Matches(html, "type=\"radio\"").Count);

        var en = WebUtility.HtmlDecode(await client.GetStringAsync($"/h/{code}?lang=en"));
        Assert.Contains("<html lang=\"en\"", en);
        Assert.Contains("Disagree", en);
        Assert.Contains("No opinion", en);
        Assert.Contains($"action=\"/h/{code}?lang=en\"", en);
    }

    [Fact]
    public async Task A_refused_post_keeps_the_choices_and_a_vote_is_taken_once()
    {
        var (households, id, items) = await VotingWorld.OpenedAsync(app, 1, "VBP");
        var code = HamletWorld.SlipCode(app, id, households[0]);
        var (client, token) = await VotingWorld.OpenBallotAsync(app, code);
        var before = await VotingWorld.SnapshotAsync(app, id);

        var partial = await VotingWorld.PostBallotAsync(client, token, code, new Dictionary<long, short> { [items[1]] = 2 });
        var page = await partial.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, partial.StatusCode);
        Assert.Matches($"id=\"i{items[1]}_2\"[^>]*checked", page);
        Assert.Contains($"id=\"e{items[0]}\"", page);
        // An expired form (no token): the ballot again, the choices kept.
        var expired = await client.PostAsync($"/h/{code}", new FormUrlEncodedContent(new Dictionary<string, string> { [$"i{items[0]}"] = "1" }));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Matches($"id=\"i{items[0]}_1\"[^>]*checked", await expired.Content.ReadAsStringAsync());
        // A choice out of range is no answer.
        var outOfRange = await VotingWorld.PostBallotAsync(client, token, code, new Dictionary<long, short> { [items[0]] = 5, [items[1]] = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Equal(before, await VotingWorld.SnapshotAsync(app, id));

        var cast = await VotingWorld.PostBallotAsync(client, token, code, new Dictionary<long, short> { [items[0]] = -1, [items[1]] = 2 });
        Assert.Equal(HttpStatusCode.OK, cast.StatusCode);
        Assert.Contains("Đã ghi nhận phiếu biểu quyết", await cast.Content.ReadAsStringAsync());
        var again = await VotingWorld.PostBallotAsync(client, token, code, new Dictionary<long, short> { [items[0]] = 0, [items[1]] = 0 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("đã gửi phiếu biểu quyết trực tuyến", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/h/{code}")).StatusCode);

        var entry = await VotingWorld.RollEntryAsync(app, id, households[0]);
        Assert.Equal((VoteChannel.Online, (DateOnly?)VietnamTime.DateOf(app.Clock.GetUtcNow())), (entry.VotedChannel, entry.VotedOn));
        await using var db = app.NewDbContext();
        var ballots = await db.ConsultationBallots.Where(b => b.ConsultationId == id).OrderBy(b => b.ItemId).Select(b => b.Choice).ToListAsync();
        Assert.Equal([(short)-1, (short)2], ballots);
    }

    [Fact]
    public async Task Closed_outside_the_window_and_voted_elsewhere_are_clear_pages_with_their_status()
    {
        var households = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 2, "VBS");
        var now = app.Clock.GetUtcNow();
        var open = await VotingWorld.OpenAllChannelsAsync(app);
        var later = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA, ConsultationKind.Decide, VotingWorld.TwoItems,
            onlineOpensAt: now.AddDays(1), onlineClosesAt: now.AddDays(8));
        var over = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA, ConsultationKind.Decide, VotingWorld.TwoItems,
            onlineOpensAt: now.AddDays(-8), onlineClosesAt: now.AddSeconds(-1));
        var paperOnly = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA, ConsultationKind.Decide, VotingWorld.TwoItems);
        var closed = await VotingWorld.OpenAllChannelsAsync(app);
        await using (var db = app.NewDbContext())
        {
            await db.Consultations.Where(c => c.Id == closed).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConsultationStatus.Closed));
        }
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        (await head.PostAsJsonAsync($"/api/consultations/{open}/meeting/attendance", new { householdCodes = new[] { "VBS0001" } }))
            .EnsureSuccessStatusCode();
        var client = app.PageClient();

        foreach (var (id, status, words) in new[]
        {
            (open, HttpStatusCode.Conflict, "đã biểu quyết tại cuộc họp"), (later, HttpStatusCode.Conflict, "chưa bắt đầu"),
            (over, HttpStatusCode.Gone, "đã kết thúc"), (paperOnly, HttpStatusCode.Conflict, "không nhận biểu quyết trực tuyến"),
            (closed, HttpStatusCode.Gone, "đã kết thúc"),
        })
        {
            var response = await client.GetAsync($"/h/{HamletWorld.SlipCode(app, id, households[0])}");
            Assert.Equal(status, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(words, html);
            Assert.Contains("<html lang=\"vi\"", html);
        }
        // A post to a closed consultation (a form left open) is refused the same way and records nothing.
        var (openClient, token) = await VotingWorld.OpenBallotAsync(app, HamletWorld.SlipCode(app, open, households[1]));
        await using (var db = app.NewDbContext())
        {
            await db.Consultations.Where(c => c.Id == open).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConsultationStatus.Closed));
        }
        var items = await VotingWorld.ItemIdsAsync(app, open);
        var refused = await VotingWorld.PostBallotAsync(openClient, token, HamletWorld.SlipCode(app, open, households[1]),
            items.ToDictionary(i => i, _ => (short)0));
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Null((await VotingWorld.RollEntryAsync(app, open, households[1])).VotedChannel);
    }
}
