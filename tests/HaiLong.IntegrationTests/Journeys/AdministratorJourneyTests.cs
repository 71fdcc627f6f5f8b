namespace HaiLong.IntegrationTests.Journeys;

/// <summary>
/// The administrator's whole job, in Chromium and through pages only: a fresh ward is set up — its units from the official
/// list's CSV, its service centre, a counter, procedures by CSV, an official, a staff account and a holiday — then the new
/// service officer signs in, chooses a password and issues a transaction QR that a citizen answers on a phone; last, the
/// administrator finds those actions, in words, in the audit log. The world's clock is Wednesday 25 November 2026, 09:00.
/// </summary>
[RunsLong(20)]
public sealed class AdministratorJourneyTests : IAsyncLifetime
{
    /// <summary>The staff pages' patience: the journey shares two cores with the suite's other browser classes.</summary>
    private const float Patience = 60_000;

    private HaiLongApp _app = null!;

    public async Task InitializeAsync() => _app = await HaiLongApp.StartAtAsync(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(7)));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task FitsAndPassesAsync(IPage page)
    {
        var violations = await CitizenBrowser.SeriousViolationsAsync(page);
        Assert.True(violations.Length == 0, $"{page.Url}: {string.Join("; ", violations)}");
        Assert.True(await StaffChromium.FitsAsync(page), $"{page.Url} scrolls sideways");
    }

    /// <summary>Chooses the option whose text contains <paramref name="text"/> (labels carry the unit or agency after the name).</summary>
    private static async Task ChooseAsync(IPage page, string select, string text)
    {
        var value = await page.EvaluateAsync<string?>(
            "([s, t]) => [...document.querySelectorAll(s + ' option')].find(o => o.text.includes(t))?.value ?? null", new[] { select, text });
        Assert.True(value is not null, $"{select} offers no '{text}'");
        await page.SelectOptionAsync(select, value);
    }

    [Fact]
    public async Task An_administrator_sets_up_a_fresh_ward_its_officer_issues_a_qr_a_citizen_answers_and_the_log_shows_it_all()
    {
        var baseUrl = _app.StartLoopbackServer();
        await using var browser = await Chromium.LeaseAsync();
        var admin = await StaffChromium.NewPageAsync(browser, baseUrl, 1280, 900);
        admin.Context.SetDefaultTimeout(Patience);
        await StaffChromium.SignInAsync(admin, DemoUsers.Administrator, timeout: Patience);

        // 1. Units: the new ward and its residential groups from the official list's CSV, previewed before anything is stored.
        await admin.GotoAsync("/staff/registry/units/import");
        var units = $"code,name,level,parent_code\nABM-W,Phường An Bình Mới,phường,{DemoWorld.ProvinceCode}\n"
                    + "ABM-T1,Tổ dân phố 1,tổ dân phố,ABM-W\nABM-T2,Tổ dân phố 2,tổ dân phố,ABM-W\n";
        await admin.SetInputFilesAsync("#file", new FilePayload { Name = "don-vi.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(units) });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra tệp (chưa lưu)" }).ClickAsync();
        await admin.WaitForSelectorAsync("#preview");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Nhập 3 đơn vị" }).ClickAsync();
        await admin.WaitForAddressAsync("**/staff/registry/units?done=imported", Patience);
        await FitsAndPassesAsync(admin);

        // 2. Its one-stop service centre, and 3. a counter there.
        await admin.GotoAsync("/staff/registry/agencies/new");
        await admin.FillAsync("#code", "ABM-TTPVHCC");
        await admin.FillAsync("#name", "Trung tâm Phục vụ hành chính công phường An Bình Mới");
        await ChooseAsync(admin, "#unitId", "Phường An Bình Mới");
        await admin.SelectOptionAsync("#kind", "ServiceCentre");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await admin.WaitForAddressAsync("**/staff/registry/agencies?*done=saved", Patience);
        await admin.GotoAsync("/staff/registry/counters/new");
        await admin.FillAsync("#code", "ABM-Q1");
        await admin.FillAsync("#name", "Quầy số 1");
        await ChooseAsync(admin, "#agencyId", "phường An Bình Mới");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await admin.WaitForAddressAsync("**/staff/registry/counters?*done=saved", Patience);

        // 4. Procedures by CSV.
        await admin.GotoAsync("/staff/registry/procedures/import");
        var procedures = """
            code,name,field
            ABM-P1,Đăng ký khai sinh cho trẻ em ở phường An Bình Mới,Hộ tịch
            ABM-P2,Chứng thực bản sao từ bản chính,Chứng thực

            """;
        await admin.SetInputFilesAsync("#file", new FilePayload { Name = "thu-tuc.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(procedures) });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra tệp" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#ready")).ToContainTextAsync("Mọi dòng đều hợp lệ");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Nhập 2 dòng" }).ClickAsync();
        await admin.WaitForAddressAsync("**/staff/registry/procedures?imported=2", Patience);

        // 5. The official who serves at the centre.
        await admin.GotoAsync("/staff/registry/officials/new");
        await ChooseAsync(admin, "#agencyId", "phường An Bình Mới");
        await admin.FillAsync("#staffCode", "ABM-CB01");
        await admin.FillAsync("#fullName", "Phan Thị Thu Hà");
        await admin.FillAsync("#position", "Công chức Tư pháp - Hộ tịch");
        await admin.FillAsync("#activeFrom", "2026-07-01");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Thêm", Exact = true }).ClickAsync();
        await admin.WaitForAddressAsync(new Regex(@"/staff/registry/officials/\d+\?done=created$"), Patience);
        await FitsAndPassesAsync(admin);

        // 6. The service officer's account; the one-time password is shown once.
        await admin.GotoAsync("/staff/accounts/new");
        await admin.FillAsync("#userName", "motcua.anbinhmoi");
        await admin.FillAsync("#fullName", "Phan Thị Thu Hà");
        await admin.SelectOptionAsync("#role", Roles.ServiceStaff);
        await ChooseAsync(admin, "#jurisdictionUnitId", "Phường An Bình Mới");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).ClickAsync();
        var oneTime = (await admin.TextContentAsync("#one-time-password"))!.Trim();

        // 7. A holiday the government announced.
        await admin.GotoAsync("/staff/holidays");
        await admin.FillAsync("#add-date", "2027-01-02");
        await admin.FillAsync("#add-name", "Nghỉ bù Tết Dương lịch");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Thêm ngày nghỉ" }).ClickAsync();
        await admin.WaitForAddressAsync(new Regex(@"/staff/holidays\?year="), Patience);
        await FitsAndPassesAsync(admin);

        // The officer, on a phone: first sign-in asks for a new password, then a QR for the dossier just handled.
        var officer = await StaffChromium.NewPageAsync(browser, baseUrl);
        officer.Context.SetDefaultTimeout(Patience);
        await StaffChromium.SignInAsync(officer, "motcua.anbinhmoi", oneTime, "**/staff/password**", Patience);
        await officer.FillAsync("#currentPassword", oneTime);
        await officer.FillAsync("#newPassword", "AnBinhMoi@2026-moi");
        await officer.FillAsync("#confirmPassword", "AnBinhMoi@2026-moi");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Đổi mật khẩu" }).ClickAsync();
        await officer.WaitForAddressAsync(u => !new Uri(u).AbsolutePath.StartsWith("/staff/password"), Patience);
        await officer.GotoAsync("/staff/invitations");
        await ChooseAsync(officer, "#officialId", "Phan Thị Thu Hà");
        await ChooseAsync(officer, "#procedureId", "Đăng ký khai sinh cho trẻ em ở phường An Bình Mới");
        await officer.GetByLabel("Mã hồ sơ").FillAsync("ABM-HS-0001");
        await officer.GetByRole(AriaRole.Button, new() { Name = "In trên biên nhận" }).ClickAsync();
        await Assertions.Expect(officer.Locator(".receipt img.qr")).ToBeVisibleAsync();
        var link = await InvitationTests.DecodeQrAsync(await officer.Locator(".receipt img.qr").ScreenshotAsync());
        await FitsAndPassesAsync(officer);

        // A citizen answers on their phone.
        var citizen = await StaffChromium.NewPageAsync(browser, baseUrl);
        await citizen.GotoAsync(link);
        Assert.Contains("Phan Thị Thu Hà", await citizen.Locator(".about").InnerTextAsync());
        var fieldsets = citizen.Locator("fieldset");
        for (var i = 0; i < await fieldsets.CountAsync(); i++)
        {
            var legend = await fieldsets.Nth(i).Locator("legend").InnerTextAsync();
            await fieldsets.Nth(i).GetByLabel(legend.Contains("đi lại nhiều lần") ? "Không" : "Hài lòng", new() { Exact = true }).CheckAsync();
        }
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await citizen.WaitForAddressAsync("**/thanks?**");
        await using (var db = _app.NewDbContext())
        {
            var official = await db.Officials.SingleAsync(o => o.StaffCode == "ABM-CB01");
            var response = await db.Responses.SingleAsync(r => r.OfficialId == official.Id);
            Assert.Equal("ABM-W", (await db.Units.SingleAsync(u => u.Id == response.UnitId)).Code);
        }

        // Last, the administrator finds all of it in the audit log, in words.
        await admin.GotoAsync("/staff/audit");
        await admin.FillAsync("#actor", "Quản trị hệ thống");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await admin.WaitForAddressAsync("**/staff/audit?*actor=*", Patience);
        var log = string.Join("\n", await admin.Locator("#entries tbody tr").AllInnerTextsAsync());
        foreach (var name in new[] { "Phường An Bình Mới", "Tổ dân phố 1", "Trung tâm Phục vụ hành chính công phường An Bình Mới", "Quầy số 1",
                     "Đăng ký khai sinh cho trẻ em ở phường An Bình Mới", "Phan Thị Thu Hà", "motcua.anbinhmoi", "Nghỉ bù Tết Dương lịch" })
        {
            Assert.True(log.Contains(name), $"the audit log does not show '{name}':\n{log}");
        }
        await FitsAndPassesAsync(admin);
    }
}
