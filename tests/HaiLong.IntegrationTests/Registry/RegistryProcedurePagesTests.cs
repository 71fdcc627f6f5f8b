using static HaiLong.IntegrationTests.Infrastructure.PageForms;

namespace HaiLong.IntegrationTests.Registry;

/// <summary>
/// The procedures catalogue pages: the list (search ignoring diacritics, field filter, pages), add and edit with refusals that
/// keep what was typed, the CSV import (preview stores nothing, import stores all rows or none), and a ward administrator,
/// who reads the national catalogue but may not change it (403 pages, audited, nothing stored).
/// </summary>
public sealed class RegistryProcedurePagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const string Base = "/staff/registry/procedures";

    [Fact]
    public async Task The_catalogue_is_searched_without_diacritics_and_paged_with_its_filters_kept()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var field = RegistryWorld.Unique("Lĩnh vực Đất đai");
        for (var n = 1; n <= 27; n++)
        {
            var created =
                await admin.PostAsJsonAsync("/api/procedures",
                new { code = RegistryWorld.Unique($"DD{n:00}"), name = $"Đăng ký biến động đất đai lần {n:00}", field });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var client = await app.CookieClientAsync(DemoUsers.Administrator);

        var first = await client.GetStringAsync($"{Base}?q=dang+ky+bien+dong&field={Uri.EscapeDataString(field)}");
        Assert.Equal(25, TableRows(first));
        Assert.Contains("Trang 1 / 2", first);
        var next = WebUtility.HtmlDecode(Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.Contains("q=dang", next);
        Assert.Contains("field=", next);
        var second = await client.GetStringAsync(next);
        Assert.Equal(2, TableRows(second));
        Assert.Contains("Trang 2 / 2", second);
        Assert.Equal(27, TableRows(await client.GetStringAsync($"{Base}?q=BIEN+DONG+DAT+DAI+lan&page=1"))
            + TableRows(await client.GetStringAsync($"{Base}?q=BIEN+DONG+DAT+DAI+lan&page=2")));
        Assert.Equal(0, TableRows(await client.GetStringAsync($"{Base}?q=khong+co+thu+tuc+nay")));
    }

    [Fact]
    public async Task A_refused_form_keeps_what_was_typed_and_a_good_one_is_stored_and_audited()
    {
        var client = await app.CookieClientAsync(DemoUsers.Administrator);
        var code = RegistryWorld.Unique("PN");

        var missing = await PostAsync(client, $"{Base}/new", $"{Base}/new", new() { ["code"] = code, ["name"] = "Chứng thực bản sao", ["field"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var html = await missing.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{code}\"", html);
        Assert.Contains("Chứng thực bản sao</textarea>", html);
        Assert.Contains("id=\"edit-field-error\"", html);

        var duplicate =
            await PostAsync(client, $"{Base}/new", $"{Base}/new", new() { ["code"] = "DEMO-TTHC-001", ["name"] = "Trùng mã", ["field"] = "Hộ tịch" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        html = await duplicate.Content.ReadAsStringAsync();
        Assert.Contains("Mã thủ tục DEMO-TTHC-001 đã có trong danh mục.", html);
        Assert.Contains("Trùng mã</textarea>", html);

        var created =
            await PostAsync(client, $"{Base}/new", $"{Base}/new",
            new() { ["code"] = code, ["name"] = "Chứng thực bản sao từ bản chính", ["field"] = "Chứng thực" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var id = int.Parse(location[(Base.Length + 1)..location.IndexOf('?')]);
        var edited =
            await PostAsync(client, location, $"{Base}/{id}",
            new() { ["code"] = code, ["name"] = "Chứng thực bản sao từ bản chính giấy tờ", ["field"] = "Chứng thực" });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal("Chứng thực bản sao từ bản chính giấy tờ", (await db.Procedures.SingleAsync(p => p.Id == id)).Name);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Procedure.created" && a.EntityId == id.ToString()));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Procedure.updated" && a.EntityId == id.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Base}/999999")).StatusCode);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv) =>
        RegistryPagesWorld.UploadCsvAsync(client, $"{Base}/import", csv, "thu-tuc.csv");

    [Fact]
    public async Task The_import_preview_stores_nothing_and_the_import_stores_every_row_or_none()
    {
        var client = await app.CookieClientAsync(DemoUsers.Administrator);
        Assert.StartsWith("code,name,field", (await client.GetStringAsync($"{Base}/import/sample.csv")).TrimStart('\uFEFF'));
        var (a, b) = (RegistryWorld.Unique("PI"), RegistryWorld.Unique("PI"));
        var before = await RegistryWorld.SnapshotAsync(app);

        var bad = await UploadAsync(client, $"code,name,field\n{a},Thủ tục một,Hộ tịch\n{a},Thủ tục hai,\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("1 dòng có lỗi", html);
        Assert.Contains("field: bắt buộc phải nhập.", html);
        Assert.Contains($"code: mã {a} đã dùng ở dòng 2 của tệp.", html);
        Assert.DoesNotContain("id=\"confirm\"", html);
        var unreadable = await UploadAsync(client, "ma,ten\nX,Y\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unreadable.StatusCode);
        Assert.Contains("id=\"file-error\"", await unreadable.Content.ReadAsStringAsync());
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));

        var good = await UploadAsync(client, $"code,name,field\n{a},Thủ tục một,Hộ tịch\n{b},\"Thủ tục hai, ba\",Chứng thực\n");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        html = await good.Content.ReadAsStringAsync();
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
        var csv = WebUtility.HtmlDecode(Regex.Match(html, "name=\"csv\" value=\"([^\"]*)\"").Groups[1].Value);
        var token = PageForms.AntiforgeryToken(html);

        // Someone adds one of the codes between the preview and the import: nothing of the file is stored.
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync("/api/procedures", new { code = b, name = "Chen ngang", field = "Khác" })).StatusCode);
        var raced =
            await client.PostAsync($"{Base}/import/confirm", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token, ["csv"] = csv }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, raced.StatusCode);
        await using (var db = app.NewDbContext()) Assert.False(await db.Procedures.AnyAsync(p => p.Code == a));

        await using (var db = app.NewDbContext()) await db.Procedures.Where(p => p.Code == b).ExecuteDeleteAsync();
        var imported =
            await client.PostAsync($"{Base}/import/confirm", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token, ["csv"] = csv }));
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Contains("Đã nhập 2 thủ tục", await client.GetStringAsync(imported.Headers.Location!.OriginalString));
        await using (var db = app.NewDbContext())
        {
            Assert.Equal("Thủ tục hai, ba", (await db.Procedures.SingleAsync(p => p.Code == b)).Name);
            Assert.True(await db.Procedures.AnyAsync(p => p.Code == a));
        }
    }

    [Fact]
    public async Task A_ward_administrator_reads_the_catalogue_but_every_change_is_a_403_page_that_is_audited()
    {
        var (ids, client) = await RegistryPagesWorld.WardAdminPagesAsync(app);
        var before = await RegistryWorld.SnapshotAsync(app);

        var list = await client.GetStringAsync(Base);
        Assert.Contains("DEMO-TTHC-001", list);
        Assert.DoesNotContain("id=\"add-procedure\"", list);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{Base}/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{Base}/import")).StatusCode);
        var token = PageForms.AntiforgeryToken(await client.GetStringAsync($"{Base}/{ids.Procedure1}"));
        var update = await client.PostAsync($"{Base}/{ids.Procedure1}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = token, ["code"] = "DEMO-TTHC-001", ["name"] = "Đổi tên", ["field"] = "Hộ tịch",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        var confirm = await client.PostAsync($"{Base}/import/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = token, ["csv"] = $"code,name,field\n{RegistryWorld.Unique("W")},Thủ tục,Hộ tịch\n",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
        await using var db = app.NewDbContext();
        var refused = await db.AuditEntries.Where(a => a.Action == "authorization.refused").Select(a => a.Details).ToListAsync();
        Assert.Contains(refused, d => d!.Contains($"{Base}/{ids.Procedure1}"));
        Assert.Contains(refused, d => d!.Contains($"{Base}/import/confirm"));
    }
}
