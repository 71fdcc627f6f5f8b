using static HaiLong.IntegrationTests.Registry.RegistryPagesWorld;

namespace HaiLong.IntegrationTests.Registry;

/// <summary>
/// The units pages posted as a browser posts them: search without diacritics and paging that keeps the search, a form refused
/// the API's way with the typed values kept, changes audited, and ward B's units answered 404 to ward A's administrator.
/// </summary>
public sealed class RegistryUnitPagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const string Units = "/staff/registry/units";

    [Fact]
    public async Task The_list_is_searched_without_diacritics_and_paged_by_25_keeping_the_search()
    {
        var ids = await DemoIds.LoadAsync(app);
        var api = await app.ClientAsAsync(DemoUsers.Administrator);
        for (var i = 1; i <= 30; i++)
        {
            var created = await api.PostAsJsonAsync("/api/units", new
            {
                code = $"TNP-{i:00}", name = $"Tổ dân phố Thử Nghiệm {i:00}", level = "ResidentialGroup", parentId = ids.WardA,
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);

        var first = await admin.GetAsync($"{Units}?q=thu+nghiem");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var html = await TextAsync(first);
        Assert.Equal(25, Rows(html, "units"));
        Assert.Contains("Trang 1/2", html);
        Assert.Contains("Tìm thấy 30 kết quả cho “thu nghiem”", html);
        Assert.Contains($"href=\"{Units}?q=thu%20nghiem&page=2\"", html);
        Assert.DoesNotContain("rel=\"prev\"", html);
        Assert.Equal("thu nghiem", InputValue(html, "q"));

        html = await TextAsync(await admin.GetAsync($"{Units}?q=thu%20nghiem&page=2"));
        Assert.Equal(5, Rows(html, "units"));
        Assert.Contains("Trang 2/2", html);
        Assert.Contains($"href=\"{Units}?q=thu%20nghiem\"", html);
        Assert.DoesNotContain("rel=\"next\"", html);

        // Capitals and diacritics typed, a code's part, a page past the end (the last page), and LIKE's wildcards taken literally.
        html = await TextAsync(await admin.GetAsync($"{Units}?q={Uri.EscapeDataString("THỬ NGHIỆM 07")}"));
        Assert.Equal(1, Rows(html, "units"));
        Assert.Contains("Tổ dân phố Thử Nghiệm 07", html);
        html = await TextAsync(await admin.GetAsync($"{Units}?q=tnp-1"));
        Assert.Equal(10, Rows(html, "units"));
        html = await TextAsync(await admin.GetAsync($"{Units}?q=thu+nghiem&page=9"));
        Assert.Contains("Trang 2/2", html);
        html = await TextAsync(await admin.GetAsync($"{Units}?q=%25"));
        Assert.Equal(0, Rows(html, "units"));
        Assert.Contains("Không có đơn vị nào.", html);
        html = await TextAsync(await admin.GetAsync($"{Units}?q=cai+rang"));
        Assert.Contains("Phường Cái Răng", html);
        Assert.DoesNotContain("Phường Hưng Phú", html);

        // Ward A's administrator sees ward A's units, never ward B's.
        var wardAdmin = await WardAdminPagesAsync(app, ids);
        html = await TextAsync(await wardAdmin.GetAsync($"{Units}?q=phuong"));
        Assert.Contains("Phường Cái Răng", html);
        Assert.DoesNotContain("Phường Hưng Phú", html);
        Assert.DoesNotContain("Ấp Phú Quới", await TextAsync(await wardAdmin.GetAsync(Units)));
    }

    [Fact]
    public async Task A_refused_form_shows_why_beside_the_field_keeps_what_was_typed_and_stores_nothing()
    {
        var (ids, admin) = await WardAdminPagesAsync(app);
        var before = await RegistryWorld.SnapshotAsync(app);

        // The record's own rules (a required name), beside the field, with the code kept.
        var missing = await PostFormAsync(admin, $"{Units}/new", $"{Units}/new",
            ("code", "KV-MOI"), ("name", ""), ("level", "ResidentialGroup"), ("parentId", ids.WardA.ToString()));
        var html = await AssertRefusedAsync(missing, HttpStatusCode.BadRequest, "name", "Tên đơn vị: bắt buộc phải nhập.");
        Assert.Equal("KV-MOI", InputValue(html, "code"));
        Assert.Contains("aria-invalid=\"true\"", html);

        // A code already used: the API's 409, worded beside the code, the name kept.
        var taken = await PostFormAsync(admin, $"{Units}/new", $"{Units}/new",
            ("code", DemoWorld.WardACode + "-KV1"), ("name", "Khu vực Mới"), ("level", "ResidentialGroup"), ("parentId", ids.WardA.ToString()));
        html = await AssertRefusedAsync(taken, HttpStatusCode.Conflict, "code", $"Mã “{DemoWorld.WardACode}-KV1” đã được dùng cho một đơn vị khác.");
        Assert.Equal("Khu vực Mới", InputValue(html, "name"));

        // A level that does not fit its parent: the API's 422, in the levels' words.
        var level = await PostFormAsync(admin, $"{Units}/new", $"{Units}/new",
            ("code", "KV-MOI"), ("name", "Phường Mới"), ("level", "Ward"), ("parentId", ids.WardA.ToString()));
        await AssertRefusedAsync(level, HttpStatusCode.UnprocessableEntity, "level",
            "Cấp “Phường” phải trực thuộc: Tỉnh, thành phố, Quận, huyện (trước 7/2025).");

        // A parent outside the jurisdiction, and a top-level unit (a national administrator's act): refused and audited as the API's.
        var outside = await PostFormAsync(admin, $"{Units}/new", $"{Units}/new",
            ("code", "KV-MOI"), ("name", "Khu vực Mới"), ("level", "ResidentialGroup"), ("parentId", ids.WardB.ToString()));
        await AssertRefusedAsync(outside, HttpStatusCode.UnprocessableEntity, "parentId", "Đơn vị cấp trên đã chọn không có trong phạm vi quản lý của bạn.");
        var topLevel = await PostFormAsync(admin, $"{Units}/new", $"{Units}/new",
            ("code", "TINH-MOI"), ("name", "Tỉnh Mới"), ("level", "Province"), ("parentId", ""));
        Assert.Equal(HttpStatusCode.Forbidden, topLevel.StatusCode);
        Assert.StartsWith("Chỉ quản trị viên toàn quốc", FieldMessage(await TextAsync(topLevel), "parentId"));
        await using (var db = app.NewDbContext())
        {
            var actor = await db.Users.Where(u => u.UserName == RegistryWorld.WardAdminA).Select(u => u.Id).SingleAsync();
            var refusals = await db.AuditEntries.Where(a => a.Action == "authorization.refused" && a.ActorId == actor).Select(a => a.Details).ToListAsync();
            Assert.Contains(refusals, d => d!.Contains("/staff/registry/units/new"));
        }

        // A level that is not one of the list's.
        var bogus = await PostFormAsync(admin, $"{Units}/new", $"{Units}/new",
            ("code", "KV-MOI"), ("name", "Khu vực Mới"), ("level", "7"), ("parentId", ids.WardA.ToString()));
        await AssertRefusedAsync(bogus, HttpStatusCode.BadRequest, "level", "Cấp: giá trị không hợp lệ.");

        // Without the form's antiforgery token nothing is even read.
        var forged = await admin.PostAsync($"{Units}/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = "KV-GIA", ["name"] = "Khu vực Giả", ["level"] = "ResidentialGroup", ["parentId"] = ids.WardA.ToString(),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
    }

    [Fact]
    public async Task A_unit_is_created_changed_and_deleted_through_the_pages_and_each_change_is_audited()
    {
        var (ids, admin) = await WardAdminPagesAsync(app);
        var created = await PostFormAsync(admin, $"{Units}/new", $"{Units}/new",
            ("code", "CR-TDP-9"), ("name", " Tổ dân phố 9 "), ("level", "ResidentialGroup"), ("parentId", ids.WardA.ToString()), ("isRemoteArea", "true"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"{Units}?q=CR-TDP-9&done=saved", created.Headers.Location?.OriginalString);
        AdministrativeUnit unit;
        await using (var db = app.NewDbContext())
        {
            unit = await db.Units.AsNoTracking().SingleAsync(u => u.Code == "CR-TDP-9");
            var ward = await db.Units.AsNoTracking().SingleAsync(u => u.Id == ids.WardA);
            Assert.Equal(("Tổ dân phố 9", UnitLevel.ResidentialGroup, ids.WardA, $"{ward.Path}{unit.Id}/", true),
                (unit.Name, unit.Level, unit.ParentId, unit.Path, unit.IsRemoteArea));
        }
        Assert.True(await AuditedAsync(app, "AdministrativeUnit.created", unit.Id.ToString(), RegistryWorld.WardAdminA));
        Assert.Contains("Đã lưu đơn vị.", await TextAsync(await admin.GetAsync(created.Headers.Location!.OriginalString)));

        // The edit form shows what is stored; its own ward stays offered as parent though the ward's province lies above.
        var edit = await TextAsync(await admin.GetAsync($"{Units}/{unit.Id}"));
        Assert.Equal("CR-TDP-9", InputValue(edit, "code"));
        Assert.Contains($"<option value=\"{ids.WardA}\" selected", edit);
        Assert.DoesNotContain($"<option value=\"{ids.WardB}\"", edit);
        var changed = await PostFormAsync(admin, $"{Units}/{unit.Id}", $"{Units}/{unit.Id}",
            ("code", "CR-TDP-9"), ("name", "Tổ dân phố Chín"), ("level", "ResidentialGroup"), ("parentId", ids.WardA.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.True(await AuditedAsync(app, "AdministrativeUnit.updated", unit.Id.ToString(), RegistryWorld.WardAdminA));

        // The ward itself keeps its province as parent on its own form, and cannot be deleted while it has units and agencies.
        var wardForm = await TextAsync(await admin.GetAsync($"{Units}/{ids.WardA}"));
        Assert.Contains($"<option value=\"{ids.Province}\" selected", wardForm);
        var refused = await PostFormAsync(admin, $"{Units}/{ids.WardA}", $"{Units}/{ids.WardA}/delete");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Đơn vị còn đơn vị trực thuộc", await TextAsync(refused));

        var deleted = await PostFormAsync(admin, $"{Units}/{unit.Id}", $"{Units}/{unit.Id}/delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using (var db = app.NewDbContext())
        {
            Assert.False(await db.Units.AnyAsync(u => u.Id == unit.Id));
        }
        Assert.True(await AuditedAsync(app, "AdministrativeUnit.deleted", unit.Id.ToString(), RegistryWorld.WardAdminA));
    }

    [Fact]
    public async Task Units_outside_the_jurisdiction_answer_404_on_every_page_and_nothing_changes()
    {
        var (ids, admin) = await WardAdminPagesAsync(app);
        var before = await RegistryWorld.SnapshotAsync(app);
        foreach (var id in new[] { ids.WardB, ids.HamletB, ids.Province, 999_999 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Units}/{id}")).StatusCode);
            var post = await PostFormAsync(admin, $"{Units}/new", $"{Units}/{id}",
                ("code", "X-1"), ("name", "Đổi tên"), ("level", "ResidentialGroup"), ("parentId", ids.WardA.ToString()));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
            Assert.Contains("Không có đơn vị này trong phạm vi quản lý của bạn.", await TextAsync(post));
            Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, $"{Units}/new", $"{Units}/{id}/delete")).StatusCode);
        }
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));

        // Other roles do not reach the pages at all.
        var leader = await app.CookieClientAsync(DemoUsers.WardLeaderA);
        var response = await leader.GetAsync(Units);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
