using System.Globalization;
using HaiLong.IntegrationTests.Invitations;
using HaiLong.IntegrationTests.Responses;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The hamlet head's part of issue 19 in Debian's Chromium on a phone, through pages only up to the votes (written directly:
/// the voting part's pages are tested there): draft a consultation, open it with a ticked confirmation, read the results
/// with the arithmetic spelled out, and print both minutes on A4 without the navigation. Axe on every page.
/// </summary>
public sealed class ConsultationLifecycleBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    [Fact]
    public async Task A_hamlet_head_drafts_opens_and_prints_the_results_and_minutes_on_a4()
    {
        var app = browser.App;
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 9, "LCB");
        int registered;
        await using (var db = app.NewDbContext())
        {
            registered = await db.Households.CountAsync(h => h.Unit.Code == HamletWorld.HamletA && h.Status == HouseholdStatus.Active);
        }
        var context = await browser.NewPhoneAsync();
        var page = await StaffChromium.SignInByLabelsAsync(context, DemoUsers.HamletHeadA, "/staff/consultations/new");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // A refused draft comes back with what was typed and the message beside the field.
        await page.GetByLabel("Tiêu đề", new() { Exact = true }).FillAsync("Sửa đổi quy ước Khu vực Yên Bình");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu dự thảo" }).ClickAsync();
        await Assertions.Expect(page.Locator("#c-unit-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Tiêu đề", new() { Exact = true })).ToHaveValueAsync("Sửa đổi quy ước Khu vực Yên Bình");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        var meeting = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).AddDays(2);
        await page.SelectOptionAsync("#c-unit", new SelectOptionValue { Label = "Khu vực Yên Bình" });
        await page.GetByLabel("Thời gian cuộc họp").FillAsync(meeting.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("Địa điểm cuộc họp").FillAsync("Nhà văn hóa Khu vực Yên Bình");
        await page.GetByLabel("Phát phiếu lấy ý kiến đến từng hộ gia đình").CheckAsync();
        await page.Locator("#c-title1").FillAsync("Điều 1: giữ gìn vệ sinh chung");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu dự thảo" }).ClickAsync();
        await page.WaitForAddressAsync(u => Regex.IsMatch(new Uri(u).AbsolutePath, "^/staff/consultations/[0-9]+$"));
        var id = long.Parse(new Uri(page.Url).AbsolutePath.Split('/').Last(), CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Dự thảo");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        await page.GetByLabel("Tôi đã kiểm tra nội dung và muốn bắt đầu lấy ý kiến").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu lấy ý kiến" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Đang lấy ý kiến");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "In phiếu lấy ý kiến cho từng hộ" })).ToBeVisibleAsync();
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // Seven households at the meeting, six of them agreeing: the voting part's work, written directly.
        await using (var db = app.NewDbContext())
        {
            var roll = await db.ConsultationRoll.Where(r => r.ConsultationId == id).OrderBy(r => r.Id).Take(7).ToListAsync();
            roll.ForEach(r => (r.VotedChannel, r.VotedOn) = (VoteChannel.Meeting, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime)));
            var item = await db.ConsultationItems.Where(i => i.ConsultationId == id).Select(i => i.Id).SingleAsync();
            db.ConsultationTallies.Add(new ConsultationTally
            {
                ConsultationId = id, ItemId = item, Choice = ConsultationChoices.Agree, Channel = VoteChannel.Meeting, Count = 6,
            });
            db.ConsultationTallies.Add(new ConsultationTally
            {
                ConsultationId = id, ItemId = item, Choice = ConsultationChoices.Abstain, Channel = VoteChannel.Meeting, Count = 1,
            });
            await db.SaveChangesAsync();
        }
        var threshold = registered / 2 + 1;
        await page.GetByRole(AriaRole.Link, new() { Name = "Xem kết quả" }).ClickAsync();
        await Assertions.Expect(page.Locator("#turnout")).ToHaveTextAsync($"7 / {registered} hộ tham gia");
        await Assertions.Expect(page.Locator("#threshold")).ToHaveTextAsync($"Ngưỡng thông qua: hơn 50% của {registered} = {threshold} hộ");
        var verdict = 6 >= threshold ? $"Tán thành 6 ≥ {threshold} → thông qua" : $"Tán thành 6 < {threshold} → không thông qua";
        await Assertions.Expect(page.Locator("p.outcome")).ToHaveTextAsync(verdict);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        foreach (var minutes in new[] { "meeting", "result" })
        {
            await page.GotoAsync(new Uri(browser.BaseAddress, $"/staff/consultations/{id}/minutes/{minutes}").ToString());
            await Assertions.Expect(page.Locator("article.minutes h1")).ToContainTextAsync("BIÊN BẢN");
            await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            Assert.False(await page.Locator("header.staff").IsVisibleAsync());
            Assert.False(await page.Locator("nav.areas").IsVisibleAsync());
            var (pages, width, height) = MeetingQrBrowserTests.Pages(await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true }));
            Assert.InRange(pages, 1, 2);
            Assert.InRange(width, 210 / 25.4 * 72 - 2, 210 / 25.4 * 72 + 2); // A4 portrait
            Assert.InRange(height, 297 / 25.4 * 72 - 2, 297 / 25.4 * 72 + 2);
            await page.EmulateMediaAsync(new() { Media = Media.Screen });
        }
        await Assertions.Expect(page.Locator("article.minutes")).ToContainTextAsync($"7 / {registered} hộ tham gia");
        await context.CloseAsync();
    }
}
