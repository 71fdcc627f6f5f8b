using HaiLong.IntegrationTests.Responses;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// Every staff area a role's home lists (read from the page, so a new area is checked the day it is registered), and one page
/// of each kind those areas link to (a unit's form, an account, a case, a cycle, a new-object form…: links grouped by their
/// address with numbers and ids blanked), signed in through the sign-in page, on a 390 px phone and a 1280 px desktop in
/// Debian's Chromium: no serious or critical axe finding. The Hangfire dashboard is the library's own page and is left out.
/// </summary>
[RunsLong(120)]
public sealed partial class StaffPagesAxeTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    public static readonly TheoryData<string, int, int> RolesAndSizes = new()
    {
        { DemoUsers.Administrator, 390, 844 }, { DemoUsers.Administrator, 1280, 800 },
        { DemoUsers.WardLeaderA, 390, 844 }, { DemoUsers.InspectorA, 390, 844 },
        { DemoUsers.EvaluatorA, 1280, 800 }, { DemoUsers.ServiceStaffA, 390, 844 },
        { DemoUsers.HamletHeadA, 390, 844 },
    };

    [Theory]
    [MemberData(nameof(RolesAndSizes))]
    public async Task Every_staff_area_of_a_role_passes_axe(string userName, int width, int height)
    {
        var context = await browser.NewContextAsync(width, height);
        var page = await context.NewPageAsync();
        var baseUrl = await SignInAsync(page, userName);

        var problems = new List<string>();
        foreach (var v in await CitizenBrowser.SeriousViolationsAsync(page)) problems.Add($"/staff: {v}");
        var areas = await page.Locator("ul.areas-list a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(areas);
        var seen = new HashSet<string>();
        var linked = new List<string>();
        foreach (var href in areas.Where(h => h != "/hangfire"))
        {
            await CheckAsync(href);
            var links = await page.Locator("main a[href^='/staff/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            linked.AddRange(links.Where(l => !areas.Contains(l)));
        }
        foreach (var href in linked.Where(l => seen.Add(Shape().Replace(l.Split('?')[0], "{}"))))
        {
            await CheckAsync(href);
        }

        async Task CheckAsync(string href)
        {
            var response = await page.GotoAsync(baseUrl + href);
            Assert.True(response!.Ok, $"{href} answered {response.Status}");
            foreach (var v in await CitizenBrowser.SeriousViolationsAsync(page)) problems.Add($"{href}: {v}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await context.CloseAsync();
    }

    private async Task<string> SignInAsync(IPage page, string userName)
    {
        var baseUrl = browser.BaseAddress.ToString().TrimEnd('/');
        await page.GotoAsync(baseUrl + "/staff/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", Seeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(baseUrl + "/staff");
        return baseUrl;
    }

    /// <summary>The voting pages of an opened consultation (issue 19), as its hamlet head, on a phone and a desktop.</summary>
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task The_voting_pages_of_a_consultation_pass_axe(int width, int height)
    {
        var households = await Consultations.HamletWorld.AddHouseholdsAsync(browser.App, Consultations.HamletWorld.HamletA, 2, $"VSA{width}");
        var id = await Consultations.VotingWorld.OpenAllChannelsAsync(browser.App);
        // The second household voted online (cast as the ballot page casts), so marking it present is a conflict.
        await using (var db = browser.App.NewDbContext())
        {
            var consultation = await db.Consultations.Include(c => c.Items).SingleAsync(c => c.Id == id);
            var entry = await db.ConsultationRoll.SingleAsync(r => r.ConsultationId == id && r.HouseholdId == households[1]);
            await HaiLong.Api.Features.Consultations.VotingCore.CastAsync(db, consultation, entry.Id, VoteChannel.Online,
                consultation.Items.ToDictionary(i => i.Id, _ => (short)0), browser.App.Clock.GetUtcNow(), null, CancellationToken.None);
        }
        var context = await browser.NewContextAsync(width, height);
        var page = await context.NewPageAsync();
        var baseUrl = await SignInAsync(page, DemoUsers.HamletHeadA);
        var problems = new List<string>();
        foreach (var path in new[] { "meeting", "paper", "conflicts", "slips" })
        {
            var response = await page.GotoAsync($"{baseUrl}/staff/consultations/{id}/{path}");
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            foreach (var v in await CitizenBrowser.SeriousViolationsAsync(page)) problems.Add($"{path}: {v}");
        }
        // The meeting page after a batch with a conflict, and the paper page after a refused keying.
        await page.GotoAsync($"{baseUrl}/staff/consultations/{id}/meeting");
        await page.FillAsync("#codes", $"VSA{width}0001 VSA{width}0002");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận có mặt" }).ClickAsync();
        foreach (var v in await CitizenBrowser.SeriousViolationsAsync(page)) problems.Add($"meeting marked: {v}");
        await page.GotoAsync($"{baseUrl}/staff/consultations/{id}/paper");
        await page.FillAsync("#code", "AAAA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập phiếu" }).ClickAsync();
        foreach (var v in await CitizenBrowser.SeriousViolationsAsync(page)) problems.Add($"paper refused: {v}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await context.CloseAsync();
    }

    /// <summary>A number or a GUID in an address: pages that differ only there are the same page.</summary>
    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}|\d+")]
    private static partial Regex Shape();
}
