using System.Net.Http.Headers;

namespace HaiLong.IntegrationTests.Accounts;

/// <summary>
/// The first screens as a new user meets them in Chromium: the landing page, the staff sign-in a staff page sends a browser
/// to (and back from), and the QR prints on their paper.
/// </summary>
public sealed partial class EntryPointBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseAddress.ToString() });
        // Two cores shared with the rest of the suite: allow a slow page, never a wrong one.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    private static async Task SignInAsync(IPage page, string userName)
    {
        await page.GetByLabel("Tên đăng nhập").FillAsync(userName);
        await page.GetByLabel("Mật khẩu").FillAsync(Seeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
    }

    [Fact]
    public async Task Anonymous_root_is_a_landing_page_with_the_ways_in()
    {
        var page = await NewPageAsync();

        var response = await page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        Assert.EndsWith("/", page.Url);
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        Assert.True(await page.Locator("a[href='/c']").CountAsync() > 0, "a link to look a petition up");
        Assert.True(await page.Locator("a[href^='/c/new?unit=']").CountAsync() > 0, "a ward's filing form");
        Assert.True(await page.Locator("a[href^='/cong-khai/']").CountAsync() > 0, "a ward's published results");
        await page.Locator("a[href='/staff/login']").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Tên đăng nhập")).ToBeVisibleAsync();
        await page.GotoAsync("/");
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Anonymous_staff_home_shows_the_sign_in_page_and_signing_in_returns_to_it()
    {
        var page = await NewPageAsync();

        var response = await page.GotoAsync("/staff");

        Assert.Equal(200, response!.Status);
        Assert.Contains("/staff/login?returnUrl=%2Fstaff", page.Url);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập dành cho cán bộ");
        Assert.Empty(await CitizenBrowser.SeriousViolationsAsync(page));
        await SignInAsync(page, DemoUsers.Administrator);
        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath is "/staff" or "/staff/", until: WaitUntilState.DOMContentLoaded);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Trang làm việc của cán bộ");
        // The administrator's home links every area the role may use, the jobs dashboard among them.
        foreach (var href in new[] { "/staff/registry", "/staff/invitations", "/staff/scorecards", "/hangfire" })
        {
            Assert.Equal(1, await page.Locator($"main a[href='{href}']").CountAsync());
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_in_from_a_deep_staff_link_returns_to_the_page_asked_for()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/staff/invitations");
        Assert.Contains("/staff/login?returnUrl=%2Fstaff%2Finvitations", page.Url);
        await SignInAsync(page, DemoUsers.ServiceStaffA);

        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath == "/staff/invitations", until: WaitUntilState.DOMContentLoaded);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Mã QR khảo sát");
        // A service officer has no jobs dashboard, and a page outside the role is a Vietnamese refusal, not a bare 403.
        Assert.Equal(0, await page.Locator("a[href='/hangfire']").CountAsync());
        var refused = await page.GotoAsync("/staff/registry");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Không có quyền truy cập");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Api_callers_and_scripts_keep_their_401_problem_and_a_foreign_return_url_is_ignored()
    {
        var client = browser.Client();
        var json = new HttpRequestMessage(HttpMethod.Get, "/staff");
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var refused = await client.SendAsync(json);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        var api = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        api.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(api)).StatusCode);

        var form = await client.GetStringAsync("/staff/login?returnUrl=//evil.example/x");
        Assert.DoesNotContain("evil.example", form);
        var signedIn = await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = StaffBrowser.Antiforgery(form), ["userName"] = DemoUsers.ServiceStaffA, ["password"] = Seeder.DemoPassword,
            ["returnUrl"] = "/\\evil.example/x",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/staff", signedIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_blank_dossier_number_comes_back_with_a_vietnamese_message_beside_the_field_and_the_choices_kept()
    {
        var w = await InvitationWorld.LoadAsync(browser.App);
        var client = browser.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await StaffBrowser.SignInAsync(client, DemoUsers.ServiceStaffA)).StatusCode);
        var af = StaffBrowser.Antiforgery(await client.GetStringAsync("/staff/invitations"));

        var refused = await client.PostAsync("/staff/invitations/transaction", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = af, ["officialId"] = w.OfficialA.ToString(), ["procedureId"] = w.Procedure.ToString(), ["dossierReference"] = "  ", ["view"] = "receipt",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Matches(
            "<p class=\"field-error\" id=\"dossierReference-error\">Vui lòng nhập mã hồ sơ[^<]*</p>\\s*<input type=\"text\" id=\"dossierReference\"", html);
        Assert.Matches("<input [^>]*id=\"dossierReference\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"dossierReference-error\"[^>]*/>", html);
        Assert.Matches($"<option value=\"{w.OfficialA}\" selected(=\"\")?>", html);
        Assert.Matches($"<option value=\"{w.Procedure}\" selected(=\"\")?>", html);
        Assert.DoesNotContain("A transaction invitation", html);
    }

    [Fact]
    public async Task The_receipt_prints_on_one_80mm_page_and_every_counters_poster_on_one_a5_page()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/staff/login?returnUrl=%2Fstaff%2Finvitations");
        await SignInAsync(page, DemoUsers.Administrator);
        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath == "/staff/invitations", until: WaitUntilState.DOMContentLoaded);

        // The worst case for the receipt: the longest procedure name and the longest official's name.
        const string Longest = "s => [...document.querySelectorAll(s + ' option')].sort((a, b) => b.text.length - a.text.length)[0].value";
        await page.SelectOptionAsync("#procedureId", await page.EvaluateAsync<string>(Longest, "#procedureId"));
        await page.SelectOptionAsync("#officialId", await page.EvaluateAsync<string>(Longest, "#officialId"));
        await page.GetByLabel("Mã hồ sơ").FillAsync("HS-PDF-0001-" + new string('9', 40));
        await page.GetByRole(AriaRole.Button, new() { Name = "In trên biên nhận" }).ClickAsync();
        await Assertions.Expect(page.Locator(".receipt img.qr")).ToBeVisibleAsync();
        var (receiptPages, receiptWidth, _) = Pages(await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true }));
        Assert.Equal(1, receiptPages);
        Assert.InRange(receiptWidth, 80 / 25.4 * 72 - 2, 80 / 25.4 * 72 + 2); // 80 mm in points

        await page.GotoAsync("/staff/invitations");
        var counters = await page.Locator("#servicePointId option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
        Assert.NotEmpty(counters);
        foreach (var counter in counters)
        {
            await page.GotoAsync("/staff/invitations");
            await page.SelectOptionAsync("#servicePointId", counter);
            await page.GetByRole(AriaRole.Button, new() { Name = "Tạo áp phích" }).ClickAsync();
            await Assertions.Expect(page.Locator(".poster img.qr")).ToBeVisibleAsync();
            var (posterPages, posterWidth, posterHeight) = Pages(await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true }));
            Assert.True(posterPages == 1, $"the poster of counter {counter} prints on {posterPages} pages");
            Assert.InRange(posterWidth, 148 / 25.4 * 72 - 2, 148 / 25.4 * 72 + 2); // A5: 148 × 210 mm
            Assert.InRange(posterHeight, 210 / 25.4 * 72 - 2, 210 / 25.4 * 72 + 2);
        }
        await page.Context.CloseAsync();
    }

    /// <summary>The page objects of a PDF (<c>/Type /Page</c>, not <c>/Pages</c>) and the first page's size in points.</summary>
    private static (int Count, double Width, double Height) Pages(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var count = PageObject().Matches(text).Count;
        var box = MediaBox().Match(text);
        Assert.True(box.Success, "a /MediaBox");
        double N(int g) => double.Parse(box.Groups[g].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (count, N(3) - N(1), N(4) - N(2));
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")]
    private static partial Regex MediaBox();
}
