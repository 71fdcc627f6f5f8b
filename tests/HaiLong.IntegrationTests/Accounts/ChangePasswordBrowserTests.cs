namespace HaiLong.IntegrationTests.Accounts;

/// <summary>Every staff user changes their own password from the staff console, on a phone, in Chromium.</summary>
public sealed class ChangePasswordBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    [Fact]
    public async Task A_ward_leader_changes_their_password_from_the_console_and_a_refusal_keeps_the_reason_beside_the_field()
    {
        var context = await browser.NewPhoneAsync();
        var page = await StaffChromium.SignInByLabelsAsync(context, DemoUsers.WardLeaderA);

        await page.GetByRole(AriaRole.Link, new() { Name = "Đổi mật khẩu" }).ClickAsync();
        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath == "/staff/password", until: WaitUntilState.DOMContentLoaded);
        // Nobody else chose this password: no must-change notice.
        Assert.Equal(0, await page.Locator("#must-change").CountAsync());

        await page.FillAsync("#currentPassword", Seeder.DemoPassword);
        await page.FillAsync("#newPassword", "Lanh-Dao-Moi-2027");
        await page.FillAsync("#confirmPassword", "Lanh-Dao-Khac-2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đổi mật khẩu" }).ClickAsync();
        await page.WaitForSelectorAsync("#confirmPassword-error");
        Assert.Equal("Hai lần nhập mật khẩu mới không khớp nhau.", await page.TextContentAsync("#confirmPassword-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#confirmPassword", "aria-invalid"));
        Assert.Equal("confirmPassword-error", await page.GetAttributeAsync("#confirmPassword", "aria-describedby"));
        // On a phone too: nothing serious for axe, nothing scrolls sideways.
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        await page.FillAsync("#currentPassword", Seeder.DemoPassword);
        await page.FillAsync("#newPassword", "Lanh-Dao-Moi-2027");
        await page.FillAsync("#confirmPassword", "Lanh-Dao-Moi-2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đổi mật khẩu" }).ClickAsync();
        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath is "/staff" or "/staff/", until: WaitUntilState.DOMContentLoaded);

        // The new password signs in; the old one no longer does.
        var api = browser.Client();
        var signedIn = await api.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.WardLeaderA, password = "Lanh-Dao-Moi-2027" });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var old = await api.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.WardLeaderA, password = Seeder.DemoPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await using var db = browser.App.NewDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "password.changed"));
    }
}
