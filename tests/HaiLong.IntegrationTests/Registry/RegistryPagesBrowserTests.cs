using System.Text;
using Microsoft.Playwright;

namespace HaiLong.IntegrationTests.Registry;

/// <summary>
/// On a 390 px phone in Debian's Chromium, through pages only: the administrator imports a new ward with its residential groups
/// from the official list's CSV (preview first), then gives the ward a service centre and a counter. Every page passes axe and
/// none scrolls sideways.
/// </summary>
public sealed class RegistryPagesBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    [Fact]
    public async Task An_administrator_sets_up_a_ward_by_csv_import_then_an_agency_and_a_counter_on_a_phone()
    {
        var context = await browser.NewPhoneAsync();
        var page = await context.NewPageAsync();
        var baseUrl = browser.BaseAddress.ToString().TrimEnd('/');
        await page.GotoAsync(baseUrl + "/staff/login");
        await page.FillAsync("#userName", DemoUsers.Administrator);
        await page.FillAsync("#password", Seeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForAddressAsync(baseUrl + "/staff");

        // Units, from the home's areas; the import page; a file whose preview is checked before anything is stored.
        await page.Locator("ul.areas-list").GetByRole(AriaRole.Link, new() { Name = "Đơn vị hành chính", Exact = true }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/units");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Nhập danh mục đơn vị từ tệp CSV" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/units/import");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        var csv =
            $"code,name,level,parent_code\nBRW-W,Phường An Bình Mới,phường,{DemoWorld.ProvinceCode}\n" +
            "BRW-T1,Tổ dân phố 1,tổ dân phố,BRW-W\nBRW-T2,Tổ dân phố 2,tổ dân phố,BRW-W\n";
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "don-vi.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra tệp (chưa lưu)" }).ClickAsync();
        await page.WaitForSelectorAsync("#preview");
        Assert.Contains("Tất cả 3 dòng hợp lệ", await page.InnerTextAsync("#preview-status"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await using (var db = browser.App.NewDbContext())
        {
            Assert.False(await db.Units.AnyAsync(u => u.Code == "BRW-W"));
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập 3 đơn vị" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/units?done=imported");
        Assert.Contains("Đã nhập các đơn vị từ tệp.", await page.InnerTextAsync("#done"));
        await page.FillAsync("#q", "an binh moi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm", Exact = true }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/units?q=*");
        Assert.Contains("Phường An Bình Mới", await page.InnerTextAsync("#units"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // The ward's service centre: a refused form first (no kind chosen), then the whole form.
        await page.GotoAsync(baseUrl + "/staff");
        await page.Locator("ul.areas-list").GetByRole(AriaRole.Link, new() { Name = "Cơ quan, đơn vị", Exact = true }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/agencies");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Thêm cơ quan" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/agencies/new");
        await page.FillAsync("#code", "BRW-TTPVHCC");
        await page.FillAsync("#name", "Trung tâm Phục vụ hành chính công phường An Bình Mới");
        await page.SelectOptionAsync("#unitId", new SelectOptionValue { Label = "Phường An Bình Mới (Phường · BRW-W)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await page.WaitForSelectorAsync("#kind-error");
        Assert.Equal("BRW-TTPVHCC", await page.InputValueAsync("#code"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await page.SelectOptionAsync("#kind", "ServiceCentre");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/agencies?q=BRW-TTPVHCC&done=saved");
        Assert.Contains("Trung tâm Phục vụ hành chính công phường An Bình Mới", await page.InnerTextAsync("#agencies"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        // Its first counter.
        await page.GotoAsync(baseUrl + "/staff");
        await page.Locator("ul.areas-list").GetByRole(AriaRole.Link, new() { Name = "Quầy phục vụ", Exact = true }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/counters");
        await page.GetByRole(AriaRole.Link, new() { Name = "Thêm quầy" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/counters/new");
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);
        await page.FillAsync("#code", "BRW-Q1");
        await page.FillAsync("#name", "Quầy số 1");
        await page.SelectOptionAsync("#agencyId",
            new SelectOptionValue { Label = "Trung tâm Phục vụ hành chính công phường An Bình Mới (Phường An Bình Mới · BRW-TTPVHCC)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await page.WaitForAddressAsync("**/staff/registry/counters?q=BRW-Q1&done=saved");
        Assert.Contains("Quầy số 1", await page.InnerTextAsync("#counters"));
        await CitizenBrowser.AssertAccessibleAndFitsAsync(page);

        await using (var db = browser.App.NewDbContext())
        {
            var counter = await db.ServicePoints.Include(s => s.Agency).ThenInclude(a => a.Unit).SingleAsync(s => s.Code == "BRW-Q1");
            Assert.Equal(("BRW-TTPVHCC", AgencyKind.ServiceCentre, "BRW-W"), (counter.Agency.Code, counter.Agency.Kind, counter.Agency.Unit.Code));
            Assert.Equal(2, await db.Units.CountAsync(u => u.ParentId == counter.Agency.UnitId));
        }
        await context.CloseAsync();
    }
}
