using HaiLong.IntegrationTests.Responses;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// Every staff area a role's home lists (read from the page, so a new area is checked the day it is registered), signed in
/// through the sign-in page, on a 390 px phone and a 1280 px desktop in Debian's Chromium: no serious or critical axe finding.
/// The Hangfire dashboard is the library's own page and is left out.
/// </summary>
public sealed class StaffPagesAxeTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    public static readonly TheoryData<string, int, int> RolesAndSizes = new()
    {
        { DemoUsers.Administrator, 390, 844 }, { DemoUsers.Administrator, 1280, 800 },
        { DemoUsers.WardLeaderA, 390, 844 }, { DemoUsers.InspectorA, 390, 844 },
        { DemoUsers.EvaluatorA, 1280, 800 }, { DemoUsers.ServiceStaffA, 390, 844 },
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
        foreach (var href in areas.Where(h => h != "/hangfire"))
        {
            var response = await page.GotoAsync(baseUrl + href);
            Assert.True(response!.Ok, $"{href} answered {response.Status}");
            foreach (var v in await CitizenBrowser.SeriousViolationsAsync(page)) problems.Add($"{href}: {v}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await context.CloseAsync();
    }
}
