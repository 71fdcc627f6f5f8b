using Microsoft.Playwright;

namespace HaiLong.IntegrationTests.Surveys;

/// <summary>An administrator's survey job in Debian's Chromium on a phone: draft a new version, edit it, preview it, publish it.</summary>
public sealed class SurveyTemplateBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    [Fact]
    public async Task An_administrator_drafts_previews_and_publishes_a_template_version()
    {
        var context = await browser.NewPhoneAsync();
        var page = await StaffChromium.SignInByLabelsAsync(context, DemoUsers.Administrator);
        await page.GetByRole(AriaRole.Link, new() { Name = "Mẫu phiếu khảo sát và các phiên bản" }).First.ClickAsync();
        await page.WaitForAddressAsync(u => new Uri(u).AbsolutePath == "/staff/surveys", until: WaitUntilState.DOMContentLoaded);
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        await using var db = browser.App.NewDbContext();
        var annual = await db.SurveyTemplates.AsNoTracking().SingleAsync(t => t.Code == "ward-annual");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Tạo bản nháp mới cho mẫu {annual.NameVi}" }).ClickAsync();
        await page.WaitForSelectorAsync("#questions-form");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // The first question reworded; an empty Vietnamese text on the second is refused beside it and the reword is kept.
        await page.FillAsync("#textVi0", "Hoạt động của Hội đồng nhân dân phường trong năm qua");
        await page.FillAsync("#textVi1", "");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu các câu hỏi" }).ClickAsync();
        await page.WaitForSelectorAsync("#textVi1-error");
        Assert.Equal("Hoạt động của Hội đồng nhân dân phường trong năm qua", await page.InputValueAsync("#textVi0"));
        Assert.Equal("true", await page.GetAttributeAsync("#textVi1", "aria-invalid"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await page.FillAsync("#textVi1", "Hoạt động của Ủy ban nhân dân phường trong năm qua");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu các câu hỏi" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Đã lưu");

        // The preview: the citizen's form with the draft's words, which cannot be sent.
        var responses = await db.Responses.CountAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Xem trước phiếu như người dân thấy" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Hoạt động của Hội đồng nhân dân phường trong năm qua")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("form.survey button[type=submit]")).ToBeDisabledAsync();
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        Assert.Equal(responses, await db.Responses.CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Quay lại phiên bản" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Ban hành phiên bản này" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã ban hành lúc")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#questions-form").CountAsync());
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        var latest = await db.SurveyVersions.AsNoTracking().Where(v => v.TemplateId == annual.Id).OrderByDescending(v => v.Number).FirstAsync();
        Assert.Equal(2, latest.Number);
        Assert.NotNull(latest.PublishedAt);
        await context.CloseAsync();
    }

}
