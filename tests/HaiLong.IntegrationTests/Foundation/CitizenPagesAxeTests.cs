namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// Every citizen and public page a person can reach, on a 390 px phone and a 1280 px desktop in Debian's Chromium: no
/// serious or critical axe finding and no sideways scrolling — the landing page, the survey form (Vietnamese and English),
/// its refusal, the thank-you page, a refused link, the case lookup form, the filing form and the public results.
/// </summary>
[RunsLong(15)]
public sealed class CitizenPagesAxeTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    public static readonly TheoryData<int, int> Sizes = new() { { 390, 844 }, { 1280, 800 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Every_citizen_page_passes_axe_without_sideways_scrolling(int width, int height)
    {
        var w = await InvitationWorld.LoadAsync(browser.App);
        var issued = await InvitationWorld.IssueTransactionAsync(await browser.StaffAsync(DemoUsers.ServiceStaffA), w, $"HS-AXE-{width}");
        var households = await Consultations.HamletWorld.AddHouseholdsAsync(browser.App, Consultations.HamletWorld.HamletA, 1, $"VAX{width}");
        var consultation = await Consultations.VotingWorld.OpenAllChannelsAsync(browser.App);
        var ballot = Consultations.HamletWorld.SlipCode(browser.App, consultation, households[0]);
        var context = await browser.NewContextAsync(width, height);
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        async Task CheckAsync(string what)
        {
            foreach (var v in await CitizenBrowser.SeriousViolationsAsync(page)) problems.Add($"{what}: {v}");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow > 0) problems.Add($"{what}: scrolls sideways by {overflow} px");
        }

        foreach (var (what, path) in new[]
        {
            ("landing", "/"), ("survey form", $"/s/{issued.Token}"), ("survey form (English)", $"/s/{issued.Token}?lang=en"),
            ("refused link", "/s/AAAAAAAAAAAAAAAAAAAAAA"), ("case lookup", "/c"), ("filing form", $"/c/new?unit={DemoWorld.WardACode}"),
            ("public results", $"/cong-khai/{DemoWorld.WardACode}"), ("slip code", "/s"), ("slip code refused", "/s?code=ABCD-EFGH-JKMN"),
            ("household ballot code", "/h"), ("household ballot code refused", "/h?code=ABCD"), ("household ballot", $"/h/{ballot}"),
            ("household ballot (English)", $"/h/{ballot}?lang=en"), ("household ballot unknown", "/h/AAAAAAAAAAAA"),
        })
        {
            await page.GotoAsync(path);
            await CheckAsync(what);
        }

        // The form refused (no answer given) and then the thank-you page after a low rating.
        await page.GotoAsync($"/s/{issued.Token}");
        await page.Locator("form.survey button[type=submit]").ClickAsync();
        await CheckAsync("survey form refused");
        foreach (var radio in await page.Locator("input[type=radio][value='2']").AllAsync()) await radio.CheckAsync();
        await page.Locator("form.survey button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync("**/thanks**");
        await CheckAsync("thank-you");

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_survey_form_weighs_at_most_15_kb_and_its_stylesheet_is_cached_for_a_year()
    {
        var w = await InvitationWorld.LoadAsync(browser.App);
        var issued = await InvitationWorld.IssueTransactionAsync(await browser.StaffAsync(DemoUsers.ServiceStaffA), w, "HS-WEIGHT-1");
        var client = browser.Client();

        var form = await client.GetByteArrayAsync($"/s/{issued.Token}");

        Assert.True(form.Length <= 15 * 1024, $"the form is {form.Length} bytes");
        var css = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.UTF8.GetString(form), "href=\"(/css/citizen\\.[0-9a-f]{10}\\.css)\"");
        Assert.True(css.Success, "no fingerprinted stylesheet link");
        var sheet = await client.GetAsync(css.Groups[1].Value);
        Assert.Equal(System.Net.HttpStatusCode.OK, sheet.StatusCode);
        Assert.Equal("text/css", sheet.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", sheet.Headers.CacheControl?.ToString());
        Assert.Equal(31536000, sheet.Headers.CacheControl?.MaxAge?.TotalSeconds);
    }
}
