using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HaiLong.IntegrationTests.Invitations;

/// <summary>The ward leader's job in Debian's Chromium on a phone: issue a hamlet meeting's QR and print its A4 sheet.</summary>
public sealed partial class MeetingQrBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    [Fact]
    public async Task A_ward_leader_issues_a_meeting_qr_and_prints_its_a4_sheet_whose_qr_a_citizen_answers()
    {
        var (context, page) = await InvitationsPageAsync(browser, DemoUsers.WardLeaderA);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        var w = await InvitationWorld.LoadAsync(browser.App);
        var now = browser.App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7));
        await page.SelectOptionAsync("#meetingUnitId", w.HamletA.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Tên cuộc họp").FillAsync("Họp tổ dân phố lấy ý kiến quy ước");
        await page.GetByLabel("Nội dung cuộc họp").FillAsync("1. Dự thảo quy ước\n2. Ý kiến về chính quyền phường");
        await page.FillAsync("#meetingStartsAt", now.AddMinutes(-30).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.FillAsync("#meetingEndsAt", now.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Phát hành mã và in tờ A4" }).ClickAsync();
        await Assertions.Expect(page.Locator(".meeting-sheet img.qr")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".meeting-sheet h1")).ToHaveTextAsync("Họp tổ dân phố lấy ý kiến quy ước");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // Printed: the header and navigation are gone, the QR is large, and the sheet is one A4 page.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("header.staff").IsVisibleAsync());
        var qrWidth = await page.Locator(".meeting-sheet img.qr").EvaluateAsync<double>("img => img.getBoundingClientRect().width");
        Assert.True(qrWidth >= 100 / 25.4 * 96, $"the printed QR is {qrWidth} px wide"); // at least 10 cm
        var (pages, width, height) = Pages(await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true }));
        Assert.Equal(1, pages);
        Assert.InRange(width, 210 / 25.4 * 72 - 2, 210 / 25.4 * 72 + 2); // A4: 210 × 297 mm, portrait
        Assert.InRange(height, 297 / 25.4 * 72 - 2, 297 / 25.4 * 72 + 2);

        // The printed QR is a link a citizen answers now, within the meeting's window.
        var png = await page.Locator(".meeting-sheet img.qr").ScreenshotAsync();
        var url = await InvitationTests.DecodeQrAsync(png);
        var token = new Uri(url).AbsolutePath.Split('/').Last();
        var answered = await InvitationWorld.SubmitAsync(browser.Client(), token,
            [new { criterion = Criteria.GovernmentListening, score = 4 }, new { criterion = Criteria.Overall, score = 5 }]);
        Assert.Equal(System.Net.HttpStatusCode.Created, answered.StatusCode);
        await context.CloseAsync();
    }

    /// <summary>A phone signed in as <paramref name="userName"/> through the sign-in page, on the invitations page.</summary>
    internal static async Task<(IBrowserContext Context, IPage Page)> InvitationsPageAsync(CitizenBrowser browser, string userName)
    {
        var context = await browser.NewPhoneAsync();
        return (context, await StaffChromium.SignInByLabelsAsync(context, userName, "/staff/invitations"));
    }

    /// <summary>The page objects of a PDF (<c>/Type /Page</c>, not <c>/Pages</c>) and the first page's size in points.</summary>
    internal static (int Count, double Width, double Height) Pages(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var box = MediaBox().Match(text);
        Assert.True(box.Success, "a /MediaBox");
        double N(int g) => double.Parse(box.Groups[g].Value, CultureInfo.InvariantCulture);
        return (PageObject().Matches(text).Count, N(3) - N(1), N(4) - N(2));
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")]
    private static partial Regex MediaBox();
}
