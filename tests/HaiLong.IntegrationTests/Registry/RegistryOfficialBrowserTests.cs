namespace HaiLong.IntegrationTests.Registry;

/// <summary>
/// The province administrator, on a 390 px phone in Debian's Chromium and through pages only, imports two procedures from a
/// CSV file (preview first, then the import) and adds an official after one refused attempt; every page passes axe and none
/// scrolls sideways.
/// </summary>
public sealed class RegistryOfficialBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static async Task AssertPhoneReadyAsync(IPage page, string what)
    {
        Assert.True(await StaffChromium.FitsAsync(page),
            $"{what} is {await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} px wide at 390 px");
        var violations = await CitizenBrowser.SeriousViolationsAsync(page);
        Assert.True(violations.Length == 0, $"{what}: {string.Join("\n", violations)}");
    }

    [Fact]
    public async Task An_administrator_imports_procedures_by_CSV_and_adds_an_official_through_pages_on_a_phone()
    {
        var address = app.StartLoopbackServer();
        var baseUrl = address.ToString().TrimEnd('/');
        var (p1, p2, staffCode) = (RegistryWorld.Unique("BR-P"), RegistryWorld.Unique("BR-P"), RegistryWorld.Unique("BR-O"));
        await using var browser = await Chromium.LeaseAsync();
        var page = await StaffChromium.NewPageAsync(browser, address);
        await StaffChromium.SignInAsync(page, DemoUsers.Administrator);

        // The staff home lists the areas itself (without the navigation bar the other pages have).
        await page.Locator("ul.areas-list").GetByRole(AriaRole.Link, new() { Name = "Thủ tục hành chính" }).ClickAsync();
        await page.WaitForAddressAsync($"{baseUrl}/staff/registry/procedures");
        await AssertPhoneReadyAsync(page, "the procedures list");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nhập danh mục từ tệp CSV" }).ClickAsync();
        await page.WaitForAddressAsync($"{baseUrl}/staff/registry/procedures/import");
        await AssertPhoneReadyAsync(page, "the procedures import page");
        var csv = $"code,name,field\n{p1},Thủ tục đăng ký kết hôn có yếu tố nước ngoài,Hộ tịch\n{p2},\"Chứng thực chữ ký, điểm chỉ\",Chứng thực\n";
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "thu-tuc.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra tệp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#ready")).ToContainTextAsync("Mọi dòng đều hợp lệ");
        await Assertions.Expect(page.Locator("#preview-rows")).ToContainTextAsync("Chứng thực chữ ký, điểm chỉ");
        await using (var db = app.NewDbContext()) Assert.False(await db.Procedures.AnyAsync(p => p.Code == p1 || p.Code == p2));
        await AssertPhoneReadyAsync(page, "the procedures preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập 2 dòng" }).ClickAsync();
        await page.WaitForAddressAsync($"{baseUrl}/staff/registry/procedures?imported=2");
        await Assertions.Expect(page.Locator("#imported")).ToContainTextAsync("Đã nhập 2 thủ tục");
        await using (var db = app.NewDbContext()) Assert.Equal(2, await db.Procedures.CountAsync(p => p.Code == p1 || p.Code == p2));
        await page.FillAsync("#q", "dang ky ket hon nuoc ngoai");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex("q=dang"));
        await Assertions.Expect(page.Locator("#procedures")).ToContainTextAsync(p1);

        // Officials: a refused form keeps what was typed and says why beside the field; the corrected one is stored.
        await page.Locator("nav.areas").GetByRole(AriaRole.Link, new() { Name = "Cán bộ, công chức" }).ClickAsync();
        await page.WaitForAddressAsync($"{baseUrl}/staff/registry/officials");
        await AssertPhoneReadyAsync(page, "the officials list");
        await page.ClickAsync("#add-official");
        await page.WaitForAddressAsync($"{baseUrl}/staff/registry/officials/new");
        await page.SelectOptionAsync("#agencyId", new SelectOptionValue { Label = "Trung tâm Phục vụ hành chính công phường cái răng (Phường Cái Răng)" });
        await page.FillAsync("#staffCode", staffCode);
        await page.FillAsync("#position", "Công chức Tư pháp - Hộ tịch");
        await page.FillAsync("#activeFrom", "2025-07-01");
        // The browser's own check would stop the empty name; the server's refusal is what is tested here.
        await page.EvaluateAsync("document.querySelector('#edit').noValidate = true");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Thêm", Exact = true }).ClickAsync(),
            r => r.Url.EndsWith("/staff/registry/officials/new") && r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(page.Locator("#edit-fullName-error")).ToHaveTextAsync("Họ và tên: bắt buộc phải nhập.");
        Assert.Equal(staffCode, await page.InputValueAsync("#staffCode"));
        Assert.Equal("Công chức Tư pháp - Hộ tịch", await page.InputValueAsync("#position"));
        await AssertPhoneReadyAsync(page, "the refused official form");
        await page.FillAsync("#fullName", "Huỳnh Thị Mỹ Duyên");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm", Exact = true }).ClickAsync();
        await page.WaitForAddressAsync(new Regex(@"/staff/registry/officials/\d+\?done=created$"));
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("Đã thêm cán bộ, công chức.");
        await AssertPhoneReadyAsync(page, "an official's page");
        await using (var db = app.NewDbContext())
        {
            var official = await db.Officials.Include(o => o.Agency).SingleAsync(o => o.StaffCode == staffCode);
            Assert.Equal(("Huỳnh Thị Mỹ Duyên", DemoWorld.WardACode + "-TTPVHCC"), (official.FullName, official.Agency.Code));
        }
        await page.Context.CloseAsync();
    }
}
