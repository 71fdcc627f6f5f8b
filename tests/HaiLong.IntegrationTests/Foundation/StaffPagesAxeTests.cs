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
        var baseUrl = browser.BaseAddress.ToString().TrimEnd('/');
        await page.GotoAsync(baseUrl + "/staff/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", Seeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(baseUrl + "/staff");

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

    /// <summary>A number or a GUID in an address: pages that differ only there are the same page.</summary>
    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}|\d+")]
    private static partial Regex Shape();
}
