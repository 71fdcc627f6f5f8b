using System.Globalization;

namespace HaiLong.IntegrationTests.Invitations;

/// <summary>A ward leader on a phone in Debian's Chromium issues a batch of yearly-survey slips and prints them on A4.</summary>
public sealed class AnnualSampleBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    [Fact]
    public async Task A_ward_leader_issues_25_slips_that_print_on_three_a4_pages_with_qrs_that_decode_to_the_printed_codes()
    {
        var (context, page) = await MeetingQrBrowserTests.InvitationsPageAsync(browser, DemoUsers.WardLeaderA);

        var w = await InvitationWorld.LoadAsync(browser.App);
        await page.SelectOptionAsync("#sampleUnitId", w.WardA.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Số phiếu").FillAsync("25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Phát hành phiếu và in" }).ClickAsync();
        await Assertions.Expect(page.Locator("li.slip")).ToHaveCountAsync(25);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // Each slip's QR opens the link its printed code names.
        var slip = page.Locator("li.slip").Nth(3);
        var code = await slip.Locator(".code").InnerTextAsync();
        var url = await InvitationTests.DecodeQrAsync(await slip.Locator("img.qr").ScreenshotAsync());
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", code);
        Assert.Equal($"/s/{code.Replace("-", "")}", new Uri(url).AbsolutePath);

        // Printed: no header, navigation or notice; ten slips to an A4 sheet, so 25 slips are three pages.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("header.staff").IsVisibleAsync());
        Assert.False(await page.Locator("h1").IsVisibleAsync());
        var slipHeight = await slip.EvaluateAsync<double>("li => li.getBoundingClientRect().height");
        Assert.InRange(slipHeight, 50 / 25.4 * 96, 57 / 25.4 * 96);
        var qrWidth = await slip.Locator("img.qr").EvaluateAsync<double>("img => img.getBoundingClientRect().width");
        Assert.True(qrWidth >= 30 / 25.4 * 96, $"the printed QR is {qrWidth} px wide"); // at least 3 cm
        var (pages, width, height) = MeetingQrBrowserTests.Pages(await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true }));
        Assert.Equal(3, pages);
        Assert.InRange(width, 210 / 25.4 * 72 - 2, 210 / 25.4 * 72 + 2);
        Assert.InRange(height, 297 / 25.4 * 72 - 2, 297 / 25.4 * 72 + 2);

        // A slip answers once: the second answer is refused like a used transaction link.
        var token = new Uri(url).AbsolutePath.Split('/').Last();
        var first = await InvitationWorld.SubmitAsync(browser.Client(), token, AnnualSampleWorld.YearlyAnswers());
        var second = await InvitationWorld.SubmitAsync(browser.Client(), token, AnnualSampleWorld.YearlyAnswers());
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Conflict), (first.StatusCode, second.StatusCode));
        await context.CloseAsync();
    }
}
