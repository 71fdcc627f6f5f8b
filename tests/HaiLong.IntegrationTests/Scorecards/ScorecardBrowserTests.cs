namespace HaiLong.IntegrationTests.Scorecards;

public sealed class ScorecardBrowserTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private async Task<(IBrowserContext Context, IPage Page)> SignedInAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl });
        return (context, await StaffChromium.SignInByLabelsAsync(context, DemoUsers.WardLeaderA));
    }

    [Fact]
    public async Task A_script_comment_renders_as_inert_text_on_the_dashboard()
    {
        var (context, page) = await SignedInAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync($"/staff/scorecards/units/{fixture.World.Ids.WardA}?{fixture.World.Query}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var comments = page.Locator("#comments");
        await Assertions.Expect(comments).ToContainTextAsync("<script>window.__xss=1;alert('xss')</script>");
        Assert.Equal(0, await comments.Locator("script").CountAsync());
        Assert.Equal(0, await comments.Locator("img").CountAsync());
        Assert.Empty(dialogs);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_new_ward_leader_finds_the_month_the_weakest_criterion_and_the_lowest_rated_official_within_three_clicks()
    {
        var (context, page) = await SignedInAsync();
        var clicks = 0;

        // Click 1: the scorecard link on the staff home; a ward leader lands on their ward's current month.
        await page.GetByRole(AriaRole.Link, new() { Name = "Bảng điểm mức độ hài lòng" }).ClickAsync();
        clicks++;
        var month = fixture.World.LocalDay;
        await Assertions.Expect(page.Locator("#overall h2")).ToContainTextAsync($"Tháng {month.Month}/{month.Year}");
        await Assertions.Expect(page.Locator("#overall")).ToContainTextAsync("n = 85");
        await Assertions.Expect(page.Locator("#weakest-criterion")).ToContainTextAsync("Kết quả đúng hẹn");

        var lowest = page.Locator("#lowest-official a");
        var name = await lowest.InnerTextAsync();
        Assert.False(string.IsNullOrWhiteSpace(name));

        // Click 2: the lowest-rated official's own scorecard.
        await lowest.ClickAsync();
        clicks++;
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator("#overall")).ToContainTextAsync("n = 40");
        Assert.InRange(clicks, 1, 3);
        Assert.Contains($"/staff/scorecards/officials/{fixture.World.BadOfficial}", page.Url);
        await context.CloseAsync();
    }
}
