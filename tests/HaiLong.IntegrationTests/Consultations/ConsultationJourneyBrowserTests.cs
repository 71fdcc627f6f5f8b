using System.Globalization;
using System.Text;
using HaiLong.IntegrationTests.Invitations;
using HaiLong.IntegrationTests.Responses;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// Issue 19's acceptance journey, through the pages of Debian's Chromium on phones: a hamlet head imports 120 households and
/// opens a decide consultation on a two-clause amendment with a meeting and a 7-day online window; 55 households are marked
/// present and vote by show of hands, 20 vote on paper slips keyed twice by two people (one slip keyed differently the second
/// time and resolved by a third), 10 vote online; a household marked present at the meeting tries to vote online as well and
/// is refused and listed; the result shows 85 of 120, the threshold 61 and each clause's outcome; both minutes print on A4.
/// </summary>
[RunsLong(40)]
public sealed class ConsultationJourneyBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    private static string Code(int i) => $"YT{i:000}";

    [Fact]
    public async Task One_hundred_and_twenty_households_decide_a_two_clause_amendment_in_the_hall_on_paper_and_online()
    {
        var app = browser.App;
        var head = await HamletWorld.AddHamletHeadAsync(app, HamletWorld.HamletA2, "truong.yenthanh");

        // 1. The register: 120 households from the ward's residence records.
        var headContext = await browser.NewPhoneAsync();
        var page = await StaffChromium.SignInByLabelsAsync(headContext, head, "/staff/households");
        await page.GetByRole(AriaRole.Link, new() { Name = "Khu vực Yên Thạnh" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nhập từ tệp dữ liệu cư trú (CSV)" }).ClickAsync();
        var rows = string.Concat(Enumerable.Range(1, 120).Select(i => $"{Code(i)},Nguyễn Văn Hộ {i},\"Số {i}, Khu vực Yên Thạnh\"\n"));
        await page.SetInputFilesAsync("#file", new FilePayload
        {
            Name = "so-ho.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("code,representative,address\n" + rows),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem trước" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-status")).ToContainTextAsync("Sẽ thêm 120 hộ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập vào sổ hộ" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-status")).ToContainTextAsync("Đã thêm 120 hộ");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // 2. The consultation: a decide consultation on two clauses, a meeting, paper slips and a 7-day online window.
        var now = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7));
        string Local(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        await page.GotoAsync("/staff/consultations/new");
        await page.SelectOptionAsync("#c-unit", new SelectOptionValue { Label = "Khu vực Yên Thạnh" });
        await page.GetByLabel("Tiêu đề", new() { Exact = true }).FillAsync("Sửa đổi quy ước Khu vực Yên Thạnh");
        await page.CheckAsync("#c-kind-Decide");
        await page.GetByLabel("Thời gian cuộc họp").FillAsync(Local(now.AddHours(1)));
        await page.GetByLabel("Địa điểm cuộc họp").FillAsync("Nhà văn hóa Khu vực Yên Thạnh");
        await page.GetByLabel("Phát phiếu lấy ý kiến đến từng hộ gia đình").CheckAsync();
        await page.GetByLabel("Biểu quyết trực tuyến từ").FillAsync(Local(now.AddSeconds(-now.Second)));
        await page.GetByLabel("Biểu quyết trực tuyến đến").FillAsync(Local(now.AddDays(7)));
        await page.Locator("#c-title1").FillAsync("Điều 5: giữ gìn vệ sinh chung");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu dự thảo" }).ClickAsync();
        await page.WaitForAddressAsync(u => Regex.IsMatch(new Uri(u).AbsolutePath, "^/staff/consultations/[0-9]+$"));
        var id = long.Parse(new Uri(page.Url).AbsolutePath.Split('/').Last(), CultureInfo.InvariantCulture);
        // The draft's form shows the typed clause and one blank row for the next.
        await page.GotoAsync($"/staff/consultations/{id}/edit");
        await page.Locator("#c-title2").FillAsync("Điều 9: mức đóng góp xây dựng đường nội bộ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu dự thảo" }).ClickAsync();
        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath == $"/staff/consultations/{id}");
        await page.GetByLabel("Tôi đã kiểm tra nội dung và muốn bắt đầu lấy ý kiến").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu lấy ý kiến" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Đang lấy ý kiến");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        long[] items;
        Dictionary<string, string> slips;
        await using (var db = app.NewDbContext())
        {
            items = await db.ConsultationItems.Where(i => i.ConsultationId == id).OrderBy(i => i.Position).Select(i => i.Id).ToArrayAsync();
            var roll = await db.ConsultationRoll.Where(r => r.ConsultationId == id).ToListAsync();
            Assert.Equal(120, roll.Count);
            slips = roll.ToDictionary(r => r.HouseholdCode, r => HamletWorld.SlipCode(app, id, r.HouseholdId));
        }
        Assert.Equal(2, items.Length);

        // The household slips print with a QR that decodes to the ballot of the code printed beside it.
        await page.GotoAsync($"/staff/consultations/{id}/slips");
        await Assertions.Expect(page.Locator("li.slip")).ToHaveCountAsync(120);
        var slip = page.Locator("li.slip").Nth(7);
        var printed = (await slip.Locator(".code").InnerTextAsync()).Replace("-", "");
        var qr = await InvitationTests.DecodeQrAsync(await slip.Locator("img").ScreenshotAsync());
        Assert.Equal($"/h/{printed}", new Uri(qr).AbsolutePath);
        Assert.Contains(printed, slips.Values);

        // Household 1 (it will be at the meeting) opens its online ballot before the meeting.
        var citizen = await browser.NewPhoneAsync();
        var early = await citizen.NewPageAsync();
        await early.GotoAsync($"/h/{slips[Code(1)]}");
        await Assertions.Expect(early.Locator("form.survey")).ToBeVisibleAsync();

        // 3. The meeting: 55 households present; clause 5 by hands 45 / 6 / 4, clause 9 30 / 20 / 5.
        await page.GotoAsync($"/staff/consultations/{id}/meeting");
        await page.GetByLabel("Hoặc nhập mã các hộ có mặt").FillAsync(string.Join("\n", Enumerable.Range(1, 55).Select(Code)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận có mặt" }).ClickAsync();
        await Assertions.Expect(page.Locator("#attendance-heading")).ToBeVisibleAsync();
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        foreach (var (item, (agree, disagree, abstain)) in items.Zip(new[] { (45, 6, 4), (30, 20, 5) }))
        {
            await page.FillAsync($"#item-{item}-c0", agree.ToString(CultureInfo.InvariantCulture));
            await page.FillAsync($"#item-{item}-c1", disagree.ToString(CultureInfo.InvariantCulture));
            await page.FillAsync($"#item-{item}-c-1", abstain.ToString(CultureInfo.InvariantCulture));
            await page.Locator($"#item-{item}").GetByRole(AriaRole.Button, new() { Name = "Lưu kết quả" }).ClickAsync();
            await page.WaitForLoadStateAsync();
        }

        // The early ballot of household 1, sent after the meeting marked it present: refused, nothing counted twice.
        var refused = await early.RunAndWaitForResponseAsync(async () =>
        {
            await early.Locator("fieldset").Nth(0).GetByLabel("Tán thành", new() { Exact = true }).CheckAsync();
            await early.Locator("fieldset").Nth(1).GetByLabel("Tán thành", new() { Exact = true }).CheckAsync();
            await early.GetByRole(AriaRole.Button, new() { Name = "Gửi phiếu biểu quyết" }).ClickAsync();
        }, r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        await Assertions.Expect(early.Locator("main")).ToContainTextAsync("Hộ gia đình đã biểu quyết tại cuộc họp.");

        // 4. Paper: slips of households 56–75, clause 5 agreed and clause 9 refused, keyed by the hamlet head and then by the
        // service centre's officer; slip 60 keyed differently the second time, and resolved by the ward leader.
        async Task KeyAsync(IPage keyer, int household, short first, short second)
        {
            await keyer.GotoAsync($"/staff/consultations/{id}/paper");
            await keyer.GetByLabel("Mã trên phiếu").FillAsync(slips[Code(household)]);
            await keyer.Locator("fieldset").Nth(0).GetByLabel(first == 0 ? "Tán thành" : "Không tán thành", new() { Exact = true }).CheckAsync();
            await keyer.Locator("fieldset").Nth(1).GetByLabel(second == 0 ? "Tán thành" : "Không tán thành", new() { Exact = true }).CheckAsync();
            await keyer.GetByRole(AriaRole.Button, new() { Name = "Nhập phiếu" }).ClickAsync();
            await keyer.WaitForLoadStateAsync();
        }
        for (var h = 56; h <= 75; h++) await KeyAsync(page, h, 0, 1);
        await Assertions.Expect(page.Locator("#pending tbody tr")).ToHaveCountAsync(20);
        var staffContext = await browser.NewPhoneAsync();
        var staff = await StaffChromium.SignInByLabelsAsync(staffContext, DemoUsers.ServiceStaffA);
        for (var h = 56; h <= 75; h++) await KeyAsync(staff, h, h == 60 ? ConsultationChoices.Disagree : (short)0, 1);
        await Assertions.Expect(staff.Locator("#pending tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(staff.Locator("#pending")).ToContainTextAsync(Code(60));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(staff);
        var leaderContext = await browser.NewPhoneAsync();
        var leader = await StaffChromium.SignInByLabelsAsync(leaderContext, DemoUsers.WardLeaderA);
        await KeyAsync(leader, 60, 0, 1);
        await Assertions.Expect(leader.Locator("#pending tbody tr")).ToHaveCountAsync(0);

        // 5. Online: households 76–85 answer their slips on a phone, both clauses agreed.
        var phone = await citizen.NewPageAsync();
        for (var h = 76; h <= 85; h++)
        {
            await phone.GotoAsync($"/h/{slips[Code(h)]}");
            await phone.Locator("fieldset").Nth(0).GetByLabel("Tán thành", new() { Exact = true }).CheckAsync();
            await phone.Locator("fieldset").Nth(1).GetByLabel("Tán thành", new() { Exact = true }).CheckAsync();
            await phone.GetByRole(AriaRole.Button, new() { Name = "Gửi phiếu biểu quyết" }).ClickAsync();
            await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync("Đã ghi nhận phiếu biểu quyết");
        }
        await CitizenBrowser.AssertAccessibleAndFitsAsync(phone);

        // The refused second channel is listed for the hamlet head.
        await page.GotoAsync($"/staff/consultations/{id}/conflicts");
        await Assertions.Expect(page.Locator("#conflicts tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#conflicts tbody tr")).ToContainTextAsync(Code(1));

        // 6. Closed, the result: 85 of 120 took part; more than half of 120 is 61; clause 5 passes (45 + 20 + 10 = 75), clause 9
        // does not (30 + 0 + 10 = 40).
        await page.GotoAsync($"/staff/consultations/{id}");
        await page.GetByLabel("Tôi muốn kết thúc lấy ý kiến").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Kết thúc lấy ý kiến" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Đã kết thúc, chờ xác nhận");
        await page.GetByRole(AriaRole.Link, new() { Name = "Xem kết quả" }).ClickAsync();
        await Assertions.Expect(page.Locator("#turnout")).ToHaveTextAsync("85 / 120 hộ tham gia");
        await Assertions.Expect(page.Locator("#threshold")).ToHaveTextAsync("Ngưỡng thông qua: hơn 50% của 120 = 61 hộ");
        await Assertions.Expect(page.Locator("p.outcome")).ToHaveTextAsync(["Tán thành 75 ≥ 61 → thông qua", "Tán thành 40 < 61 → không thông qua"]);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // 7. Both minutes on A4.
        foreach (var minutes in new[] { "meeting", "result" })
        {
            await page.GotoAsync($"/staff/consultations/{id}/minutes/{minutes}");
            await Assertions.Expect(page.Locator("article.minutes h1")).ToContainTextAsync("BIÊN BẢN");
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            var (pages, width, height) = MeetingQrBrowserTests.Pages(await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true }));
            Assert.InRange(pages, 1, 3);
            Assert.InRange(width, 210 / 25.4 * 72 - 2, 210 / 25.4 * 72 + 2);
            Assert.InRange(height, 297 / 25.4 * 72 - 2, 297 / 25.4 * 72 + 2);
            await page.EmulateMediaAsync(new() { Media = Media.Screen });
        }
        await Assertions.Expect(page.Locator("article.minutes")).ToContainTextAsync("85 / 120 hộ tham gia");

        // Nothing counted twice: every roll entry voted at most once, 85 in all, and no ballot left unfolded.
        await using (var db = app.NewDbContext())
        {
            var channels = await db.ConsultationRoll.Where(r => r.ConsultationId == id && r.VotedChannel != null)
                .GroupBy(r => r.VotedChannel).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key!.Value, g => g.Count);
            Assert.Equal(new Dictionary<VoteChannel, int> { [VoteChannel.Meeting] = 55, [VoteChannel.Paper] = 20, [VoteChannel.Online] = 10 },
                channels);
            Assert.False(await db.ConsultationBallots.AnyAsync(b => b.ConsultationId == id));
        }
        foreach (var c in new[] { headContext, citizen, staffContext, leaderContext }) await c.CloseAsync();
    }
}
