using HaiLong.IntegrationTests.Responses;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// Every staff area a role's home lists (read from the page, so a new area is checked the day it is registered), and one page
/// of each kind those areas link to (a unit's form, an account, a case, a cycle, a new-object form…: links grouped by their
/// address with numbers and ids blanked), signed in through the sign-in page, in Debian's Chromium: no serious or critical axe
/// finding. On a 390 px phone every role's areas and every page kind — a kind once, for the first role that reaches it (the
/// administrator first, who reaches nearly all: each role re-crawling the same kinds was most of the suite's longest class);
/// on a 1280 px desktop every role's home and each area once, for the first role that lists it
/// (<see cref="StaffDesktopPagesAxeTests"/>). The Hangfire dashboard is the library's own page and is left out.
/// </summary>
[RunsLong(50)]
public sealed partial class StaffPagesAxeTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    /// <summary>The administrator first: the kinds it reaches are not checked again for the roles after it.</summary>
    public static readonly IReadOnlyList<string> PhoneRoles =
        [DemoUsers.Administrator, DemoUsers.WardLeaderA, DemoUsers.InspectorA, DemoUsers.ServiceStaffA, DemoUsers.HamletHeadA];

    [Fact]
    public async Task Every_staff_area_of_every_role_and_every_page_kind_pass_axe_on_a_phone()
    {
        var kinds = new HashSet<string>();
        var problems = new List<string>();
        foreach (var role in PhoneRoles) problems.AddRange(await CrawlAsync(browser, role, 390, 844, areaKinds: null, linkedKinds: kinds));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// Signs <paramref name="userName"/> in, checks /staff and every area its home lists (with <paramref name="areaKinds"/>, only
    /// those it does not hold yet), then (with <paramref name="linkedKinds"/>) one page of each kind the areas link to that it
    /// does not hold yet. Returns the findings, each with its address and role.
    /// </summary>
    internal static async Task<List<string>> CrawlAsync(CitizenBrowser browser, string userName, int width, int height,
        HashSet<string>? areaKinds, HashSet<string>? linkedKinds)
    {
        var context = await browser.NewContextAsync(width, height);
        var page = await context.NewPageAsync();
        var baseUrl = await SignInAsync(browser, page, userName);

        var problems = new List<string>();
        foreach (var v in await CitizenBrowser.SeriousViolationsAsync(page)) problems.Add($"{userName} /staff: {v}");
        var areas = await page.Locator("ul.areas-list a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(areas);
        var linked = new List<string>();
        foreach (var href in areas.Where(h => h != "/hangfire" && (areaKinds is null || areaKinds.Add(Kind(h)))))
        {
            await CheckAsync(href);
            var links = await page.Locator("main a[href^='/staff/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            linked.AddRange(links.Where(l => !areas.Contains(l)));
        }
        if (linkedKinds is not null)
        {
            foreach (var href in linked.Where(l => linkedKinds.Add(Kind(l))))
            {
                await CheckAsync(href);
            }
        }
        await context.CloseAsync();
        return problems;

        async Task CheckAsync(string href)
        {
            var response = await page.GotoAsync(baseUrl + href);
            Assert.True(response!.Ok, $"{href} answered {response.Status} to {userName}");
            foreach (var v in await CitizenBrowser.SeriousViolationsAsync(page)) problems.Add($"{userName} {href}: {v}");
        }
    }

    private static async Task<string> SignInAsync(CitizenBrowser browser, IPage page, string userName)
    {
        var baseUrl = browser.BaseAddress.ToString().TrimEnd('/');
        await page.GotoAsync(baseUrl + "/staff/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", Seeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForAddressAsync(baseUrl + "/staff");
        return baseUrl;
    }

    /// <summary>The voting pages of an opened consultation (issue 19), as its hamlet head, on a phone (the desktop's: below).</summary>
    [Fact]
    public Task The_voting_pages_of_a_consultation_pass_axe_on_a_phone() => VotingPagesAsync(browser, 390, 844);

    internal static async Task VotingPagesAsync(CitizenBrowser browser, int width, int height)
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
        var baseUrl = await SignInAsync(browser, page, DemoUsers.HamletHeadA);
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

    /// <summary>An address's page kind: its path with numbers and GUIDs blanked.</summary>
    private static string Kind(string href) => Shape().Replace(href.Split('?')[0], "{}");

    /// <summary>A number or a GUID in an address: pages that differ only there are the same page.</summary>
    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}|\d+")]
    private static partial Regex Shape();
}

/// <summary>The same checks on a 1280 px desktop: every role's home, each area once (for the first role that lists it: every
/// role's own areas are checked on the phone; here each area's desktop layout, once), and the voting pages; a class of its own
/// so that it runs beside the phone crawl.</summary>
[RunsLong(20)]
public sealed class StaffDesktopPagesAxeTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    [Fact]
    public async Task Every_role_home_and_every_staff_area_pass_axe_on_a_desktop()
    {
        var areas = new HashSet<string>();
        var problems = new List<string>();
        foreach (var role in StaffPagesAxeTests.PhoneRoles.Append(DemoUsers.EvaluatorA))
        {
            problems.AddRange(await StaffPagesAxeTests.CrawlAsync(browser, role, 1280, 800, areaKinds: areas, linkedKinds: null));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public Task The_voting_pages_of_a_consultation_pass_axe_on_a_desktop() => StaffPagesAxeTests.VotingPagesAsync(browser, 1280, 800);
}
