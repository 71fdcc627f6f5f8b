namespace HaiLong.IntegrationTests.Foundation;

/// <summary>The citizen's two entry points in Debian's Chromium: nothing the browser fetches fails, nothing goes to the console.</summary>
public sealed class WebConventionBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    [Fact]
    public async Task The_survey_form_and_the_public_page_load_without_a_console_error_or_a_failed_request()
    {
        var w = await InvitationWorld.LoadAsync(browser.App);
        var issued = await InvitationWorld.IssueTransactionAsync(await browser.StaffAsync(DemoUsers.ServiceStaffA), w, "HS-CONSOLE-001");
        await using var phone = await browser.NewPhoneAsync();

        foreach (var path in new[] { $"/s/{issued.Token}", $"/s/{issued.Token}?lang=en", $"/cong-khai/{DemoWorld.WardACode}" })
        {
            var page = await phone.NewPageAsync();
            var problems = new List<string>();
            page.Console += (_, m) => { if (m.Type == "error") problems.Add($"console error: {m.Text}"); };
            page.PageError += (_, e) => problems.Add($"page error: {e}");
            page.RequestFailed += (_, r) => problems.Add($"request failed: {r.Url} {r.Failure}");
            page.Response += (_, r) => { if (r.Status >= 400) problems.Add($"{r.Status} {r.Url}"); };

            var response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

            Assert.Equal(200, response!.Status);
            Assert.True(problems.Count == 0, $"{path}:\n{string.Join("\n", problems)}");
            // Headless Chromium may skip the icon, which a visible one always asks for: fetch every icon the page names.
            var icons = page.Locator("link[rel=icon]");
            Assert.Equal(2, await icons.CountAsync());
            for (var i = 0; i < await icons.CountAsync(); i++)
            {
                var href = await icons.Nth(i).GetAttributeAsync("href");
                var icon = await phone.APIRequest.GetAsync(href!);
                Assert.True(icon.Status == 200, $"{href}: {icon.Status}");
                Assert.StartsWith("image/", icon.Headers["content-type"]);
            }
            await page.CloseAsync();
        }
    }
}
