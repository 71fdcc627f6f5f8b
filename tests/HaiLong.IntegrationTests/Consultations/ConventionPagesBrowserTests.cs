using HaiLong.Api.Features.Consultations;
using HaiLong.IntegrationTests.Responses;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The hamlet head keeps the hamlet's conventions register from a phone in Debian's Chromium: registers the hương ước (a
/// refused form comes back with what was typed), records this year's review and sees the share reach 100 %, records the
/// ward's decision on the version a consultation made; every page fits 390 px, passes axe and prints without its forms.
/// </summary>
public sealed class ConventionPagesBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_hamlet_head_registers_the_convention_records_a_review_and_the_decision_on_an_amendment_from_a_phone()
    {
        var baseUrl = app.StartLoopbackServer();
        var year = VietnamTime.Today(app.Clock).Year;
        await using var browser = await Chromium.LeaseAsync();
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, BaseURL = baseUrl.ToString() });
        var page = await StaffChromium.SignInByLabelsAsync(context, DemoUsers.HamletHeadA);

        await page.GetByRole(AriaRole.Link, new() { Name = "Hương ước, quy ước" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hương ước, quy ước — Khu vực Yên Bình");
        await Assertions.Expect(page.Locator("#share")).ToContainTextAsync($"Chưa có hương ước, quy ước nào đang có hiệu lực năm {year}.");

        // The first try leaves out the title: the form comes back with the message beside it and what was typed.
        var form = page.Locator("#register");
        await form.GetByLabel("Loại").SelectOptionAsync("HuongUoc");
        await form.GetByLabel("Quyết định công nhận (số)").FillAsync("15/QĐ-UBND");
        await form.GetByLabel("Ngày quyết định").FillAsync($"{year - 2}-03-01");
        await form.GetByLabel("Có hiệu lực từ ngày").FillAsync($"{year - 2}-03-15");
        await form.GetByLabel("Toàn văn").FillAsync("Điều 1. Giữ gìn trật tự <chung>.");
        var refused = await page.RunAndWaitForResponseAsync(() => form.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(page.Locator("#register-title-error")).ToHaveTextAsync("Tên hương ước, quy ước: bắt buộc phải nhập.");
        Assert.Equal("true", await form.GetByLabel("Tên hương ước, quy ước").GetAttributeAsync("aria-invalid"));
        Assert.Equal("15/QĐ-UBND", await form.GetByLabel("Quyết định công nhận (số)").InputValueAsync());
        Assert.Equal("Điều 1. Giữ gìn trật tự <chung>.", await form.GetByLabel("Toàn văn").InputValueAsync());
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        await form.GetByLabel("Tên hương ước, quy ước").FillAsync("Hương ước khu vực Yên Bình");
        await form.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();
        await page.WaitForAddressAsync(new System.Text.RegularExpressions.Regex(@"/staff/conventions/\d+$"));
        var id = int.Parse(page.Url.Split('/').Last());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hương ước khu vực Yên Bình");
        await Assertions.Expect(page.Locator("#version-1")).ToContainTextAsync($"15/QĐ-UBND, ngày 01/03/{year - 2}");
        await Assertions.Expect(page.Locator("dl.facts").First).ToContainTextAsync($"Chưa rà soát năm {year}");

        // A review dated tomorrow is refused beside its field; today's (the field left empty) is recorded.
        var review = page.Locator("#record-review");
        var tomorrow = VietnamTime.Today(app.Clock).AddDays(1);
        await review.GetByLabel("Ngày rà soát").FillAsync(tomorrow.ToString("yyyy-MM-dd"));
        await review.GetByLabel("Ghi chú").FillAsync("Còn phù hợp");
        var late = await page.RunAndWaitForResponseAsync(() => review.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận rà soát" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(422, late.Status);
        await Assertions.Expect(page.Locator("#review-date-error")).ToHaveTextAsync("Ngày rà soát không thể sau hôm nay.");
        Assert.Equal("Còn phù hợp", await review.GetByLabel("Ghi chú").InputValueAsync());
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await review.GetByLabel("Ngày rà soát").FillAsync("");
        await review.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận rà soát" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Đã ghi nhận lần rà soát.");
        await Assertions.Expect(page.Locator("#reviews")).ToContainTextAsync(VietnamTime.Today(app.Clock).ToString("dd/MM/yyyy"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Hương ước, quy ước — Khu vực Yên Bình" }).ClickAsync();
        await Assertions.Expect(page.Locator("#share")).ToContainTextAsync($"1 / 1 hương ước, quy ước đã được rà soát năm {year} — mục tiêu 100%");
        await Assertions.Expect(page.Locator("#conventions")).ToContainTextAsync($"Đã rà soát năm {year}");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // The households passed an amendment: its certification made version 2, waiting for the ward's decision.
        var consultation = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA, ConsultationKind.Decide,
            [("Điều 4: giờ yên tĩnh", null, false)], open: false);
        await using (var db = app.NewDbContext())
        {
            var c = await db.Consultations.Include(x => x.Items).SingleAsync(x => x.Id == consultation);
            c.ConventionId = id;
            await ConventionAmendments.ApplyAsync(db, c, VietnamTime.Today(app.Clock), app.Clock.GetUtcNow(), CancellationToken.None);
            await db.SaveChangesAsync();
        }
        await page.GotoAsync($"/staff/conventions/{id}");
        var v2 = page.Locator("#version-2");
        await Assertions.Expect(v2).ToContainTextAsync("Chưa có quyết định công nhận");
        await Assertions.Expect(v2).ToContainTextAsync($"cuộc lấy ý kiến số {consultation}");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await v2.GetByLabel("Quyết định công nhận (số)").FillAsync("40/QĐ-UBND");
        await v2.GetByLabel("Ngày quyết định").FillAsync(VietnamTime.Today(app.Clock).ToString("yyyy-MM-dd"));
        await v2.GetByRole(AriaRole.Button, new() { Name = "Ghi quyết định" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Đã ghi quyết định công nhận.");
        await Assertions.Expect(page.Locator("#version-2")).ToContainTextAsync("40/QĐ-UBND");

        // Printed, the register keeps its facts and leaves its forms out.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("#record-review")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#reviews")).ToBeVisibleAsync();
    }
}
