using System.Text;
using System.Text.RegularExpressions;
using static HaiLong.IntegrationTests.Registry.RegistryPagesWorld;

namespace HaiLong.IntegrationTests.Registry;

/// <summary>
/// The units import page: the upload's preview reports every bad row and stores nothing; "Import" stores every row or none,
/// checking the carried file again at that moment and inside the administrator's jurisdiction.
/// </summary>
public sealed partial class UnitImportPageTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const string Import = "/staff/registry/units/import";

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv)
    {
        var token = PageForms.AntiforgeryToken(await client.GetStringAsync(Import));
        var content = new MultipartFormDataContent { { new StringContent(token), "__af" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new("text/csv");
        content.Add(file, "file", "don-vi.csv");
        return await client.PostAsync(Import, content);
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string carried)
    {
        var token = PageForms.AntiforgeryToken(await client.GetStringAsync(Import));
        return await client.PostAsync($"{Import}/confirm",
            new MultipartFormDataContent { { new StringContent(token), "__af" }, { new StringContent(carried), "csv" } });
    }

    private static string Carried(string html) => CarriedField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"csv\" value=\"([^\"]+)\"")]
    private static partial Regex CarriedField();

    private async Task<List<AdministrativeUnit>> UnitsAsync(params string[] codes)
    {
        await using var db = app.NewDbContext();
        return await db.Units.AsNoTracking().Where(u => codes.Contains(u.Code)).OrderBy(u => u.Code).ToListAsync();
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_reported_row_by_row_and_nothing_is_stored()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var before = await RegistryWorld.SnapshotAsync(app);
        var response = await UploadAsync(admin, $"""
            code,name,level,parent_code
            IMP-W1,Phường Mới,phường,{DemoWorld.ProvinceCode}
            IMP-T1,Tổ dân phố 1,tổ dân phố,IMP-W1
            IMP-T2,Tổ dân phố 2,quận huyện,IMP-W1
            IMP-T3,,tổ dân phố,KHONG-CO
            """);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await TextAsync(response);
        Assert.Contains("2 dòng có lỗi; chưa có gì được lưu.", html);
        Assert.Equal(2, Rows(html, "row-errors"));
        Assert.Contains("Unknown level 'quận huyện'", html);
        Assert.Contains("name is required.", html);
        Assert.DoesNotContain("name=\"csv\"", html);
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
        Assert.Empty(await UnitsAsync("IMP-W1", "IMP-T1"));

        // A file that is not CSV of the list's shape, and one that is not UTF-8: refused whole, nothing stored.
        html = await TextAsync(await UploadAsync(admin, "ma,ten\nX,Y\n"));
        Assert.Contains("Không đọc được tệp; chưa có gì được lưu.", html);
        Assert.Contains("missing column(s)", html);
        var token = PageForms.AntiforgeryToken(await admin.GetStringAsync(Import));
        var latin1 =
            new MultipartFormDataContent { { new StringContent(token), "__af" },
            { new ByteArrayContent([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xe0, 0x0a]), "file", "x.csv" } };
        var notUtf8 = await admin.PostAsync(Import, latin1);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notUtf8.StatusCode);
        Assert.Contains("Tệp không phải UTF-8", await TextAsync(notUtf8));
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
        _ = ids;
    }

    [Fact]
    public async Task The_preview_stores_nothing_and_the_import_stores_every_row_with_its_parents()
    {
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var before = await RegistryWorld.SnapshotAsync(app);
        // The hamlets come before their ward: parents are found anywhere in the file.
        var preview = await UploadAsync(admin, $"""
            code,name,level,parent_code
            IMP2-A1,"Ấp Thạnh Lợi, Bình Thủy",ấp,IMP2-W
            IMP2-A2,Khu vực 2,khu vực,IMP2-W
            IMP2-W,Phường Bình Thủy Mới,phường,{DemoWorld.ProvinceCode}
            """);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await TextAsync(preview);
        Assert.Contains("Tất cả 3 dòng hợp lệ.", html);
        Assert.Equal(3, Rows(html, "rows"));
        Assert.Contains("Ấp Thạnh Lợi, Bình Thủy", html);
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));

        var stored = await ConfirmAsync(admin, Carried(await preview.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);
        Assert.Equal("/staff/registry/units?done=imported", stored.Headers.Location?.OriginalString);
        var units = await UnitsAsync("IMP2-A1", "IMP2-A2", "IMP2-W");
        Assert.Equal(3, units.Count);
        var ward = units.Single(u => u.Code == "IMP2-W");
        Assert.All(units.Where(u => u != ward), u => Assert.Equal((ward.Id, $"{ward.Path}{u.Id}/"), (u.ParentId!.Value, u.Path)));
        Assert.Equal(UnitLevel.Hamlet, units.Single(u => u.Code == "IMP2-A1").Level);
        Assert.True(await AuditedAsync(app, "AdministrativeUnit.created", ward.Id.ToString(), DemoUsers.Administrator));
    }

    [Fact]
    public async Task The_import_checks_the_file_again_and_stores_none_of_it_when_something_changed_since_the_preview()
    {
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var preview = await UploadAsync(admin, $"""
            code,name,level,parent_code
            IMP3-W,Phường Ba,phường,{DemoWorld.ProvinceCode}
            IMP3-T1,Tổ 1,tổ dân phố,IMP3-W
            IMP3-T2,Tổ 2,tổ dân phố,IMP3-W
            """);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        // Meanwhile another administrator stores one of the file's codes.
        var api = await app.ClientAsAsync(DemoUsers.Administrator);
        var ids = await DemoIds.LoadAsync(app);
        Assert.Equal(HttpStatusCode.Created,
            (await api.PostAsJsonAsync("/api/units", new { code = "IMP3-T2", name = "Tổ 2", level = "ResidentialGroup", parentId = ids.WardA })).StatusCode);
        var before = await RegistryWorld.SnapshotAsync(app);

        var refused = await ConfirmAsync(admin, Carried(await preview.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await TextAsync(refused);
        Assert.Contains("1 dòng có lỗi; chưa có gì được lưu.", html);
        Assert.Contains("A unit with code 'IMP3-T2' already exists.", html);
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
        Assert.Empty(await UnitsAsync("IMP3-W", "IMP3-T1"));

        // A carried field that is not the preview's Base64 is refused, and so is a missing token.
        Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(admin, "không phải base64")).StatusCode);
        var forged =
            await admin.PostAsync($"{Import}/confirm",
            new MultipartFormDataContent { { new StringContent(Carried(await preview.Content.ReadAsStringAsync())), "csv" } });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
    }

    [Fact]
    public async Task A_ward_administrator_imports_only_under_their_own_units_even_with_a_forged_carried_file()
    {
        var (ids, admin) = await WardAdminPagesAsync(app);
        var before = await RegistryWorld.SnapshotAsync(app);
        var csv = $"""
            code,name,level,parent_code
            IMP4-T1,Tổ ở phường khác,tổ dân phố,{DemoWorld.WardBCode}
            IMP4-P,Tỉnh mới,tỉnh,
            """;
        var preview = await UploadAsync(admin, csv);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, preview.StatusCode);
        var html = await TextAsync(preview);
        Assert.Contains($"Unknown parent code '{DemoWorld.WardBCode}' (neither in your jurisdiction nor in this file).", html);
        Assert.Contains("Only a national administrator can create or move a top-level unit.", html);

        // The store does not trust the page: the same file carried by hand is checked again and refused.
        var forged = await ConfirmAsync(admin, Convert.ToBase64String(Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));

        // Under the ward itself it is accepted.
        preview = await UploadAsync(admin, $"code,name,level,parent_code\nIMP4-T2,Tổ dân phố 12,tổ dân phố,{DemoWorld.WardACode}\n");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(admin, Carried(await preview.Content.ReadAsStringAsync()))).StatusCode);
        Assert.Equal(ids.WardA, Assert.Single(await UnitsAsync("IMP4-T2")).ParentId);
    }
}
