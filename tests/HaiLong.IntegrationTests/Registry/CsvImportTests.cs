namespace HaiLong.IntegrationTests.Registry;

public sealed class CsvImportTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const string OfficialsHeader = "staff_code,full_name,position,agency_code,is_leader,active_from,active_to\n";

    [Fact]
    public async Task A_good_officials_file_with_quoted_commas_and_line_breaks_imports_every_row()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var csv = OfficialsHeader
            + "CSV-001,\"Nguyễn Thị Ngọc Ánh\",\"Công chức Tư pháp - Hộ tịch, kiêm Văn phòng\",DEMO-92-CR-TTPVHCC,0,2025-07-01,\n"
            + "CSV-002,Trần Quốc Đạt,\"Phó Giám đốc\nTrung tâm\",DEMO-92-HP-TTPVHCC,có,01/07/2025,31/12/2030\n"
            + "CSV-003,\"Lê \"\"Út\"\" Em\",Công chức Kinh tế,DEMO-92-HP-UBND,false,2025-07-01,\n";

        var response = await admin.PostAsync("/api/officials/import", RegistryWorld.Csv(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        await using var db = app.NewDbContext();
        var rows = await db.Officials.Where(o => o.StaffCode.StartsWith("CSV-")).OrderBy(o => o.StaffCode).ToListAsync();
        Assert.Equal(["Nguyễn Thị Ngọc Ánh", "Trần Quốc Đạt", "Lê \"Út\" Em"], rows.Select(r => r.FullName));
        Assert.Equal("Công chức Tư pháp - Hộ tịch, kiêm Văn phòng", rows[0].Position);
        Assert.Equal("Phó Giám đốc\nTrung tâm", rows[1].Position);
        Assert.True(rows[1].IsLeader);
        Assert.Equal(new DateOnly(2030, 12, 31), rows[1].ActiveTo);
        var ids = rows.Select(r => r.Id.ToString()).ToList();
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Action == "Official.created" && ids.Contains(a.EntityId!)));
    }

    [Fact]
    public async Task A_file_with_one_bad_row_imports_nothing_and_reports_that_row_and_why()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var before = await RegistryWorld.SnapshotAsync(app);
        var csv = OfficialsHeader
            + "BAD-001,Phạm Văn Một,Công chức,DEMO-92-CR-UBND,0,2025-07-01,\n"
            + "BAD-002,\"Võ Thị Hai,\nDòng hai\",Công chức,DEMO-92-CR-UBND,0,2025-07-01,\n"
            + "BAD-003,Đỗ Văn Ba,Công chức,DEMO-92-KHONG-CO,0,2025-07-01,\n"
            + "BAD-004,Hồ Văn Bốn,Công chức,DEMO-92-CR-UBND,0,2025-07-01,\n";

        var response = await admin.PostAsync("/api/officials/import", RegistryWorld.Csv(csv));

        await RegistryWorld.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("rowErrors").EnumerateArray());
        // The header is row 1 and the quoted line break in row 3 does not shift the count.
        Assert.Equal(4, error.GetProperty("row").GetInt32());
        Assert.Equal("agency_code", error.GetProperty("column").GetString());
        Assert.Contains("DEMO-92-KHONG-CO", error.GetProperty("message").GetString());
        Assert.Contains("nothing was imported", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
    }

    [Fact]
    public async Task Every_bad_row_and_column_is_reported_at_once()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var csv = OfficialsHeader
            + ",Không Mã,Công chức,DEMO-92-CR-UBND,0,2025-07-01,\n"
            + "CR-001,Trùng Mã,Công chức,DEMO-92-CR-UBND,0,2025-07-01,\n"
            + $"DUP-1,{new string('A', 257)},Công chức,DEMO-92-CR-UBND,có lẽ,2025-02-30,\n"
            + "DUP-1,Trùng Trong Tệp,Công chức,DEMO-92-CR-UBND,1,2025-07-01,2025-06-30\n";

        var response = await admin.PostAsync("/api/officials/import", RegistryWorld.Csv(csv));

        await RegistryWorld.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rowErrors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Contains((2, "staff_code"), errors);
        Assert.Contains((3, "staff_code"), errors);
        Assert.Contains((4, "full_name"), errors);
        Assert.Contains((4, "is_leader"), errors);
        Assert.Contains((4, "active_from"), errors);
        Assert.Contains((5, "staff_code"), errors);
        Assert.Contains((5, "active_to"), errors);
        await using var db = app.NewDbContext();
        Assert.False(await db.Officials.AnyAsync(o => o.StaffCode == "DUP-1"));
    }

    [Fact]
    public async Task A_file_without_the_expected_columns_or_rows_is_refused_whole()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var before = await RegistryWorld.SnapshotAsync(app);

        var wrongHeader = await admin.PostAsync("/api/procedures/import", RegistryWorld.Csv("ma,ten\nP1,Khai sinh\n"));
        await RegistryWorld.AssertProblemAsync(wrongHeader, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("missing column(s): code, name, field", await wrongHeader.Content.ReadAsStringAsync());

        var empty = await admin.PostAsync("/api/procedures/import", RegistryWorld.Csv("code,name,field\n"));
        await RegistryWorld.AssertProblemAsync(empty, HttpStatusCode.UnprocessableEntity);

        var unbalanced = await admin.PostAsync("/api/procedures/import", RegistryWorld.Csv("code,name,field\nP1,\"Khai sinh,Hộ tịch\nP2,Kết hôn,Hộ tịch\n"));
        await RegistryWorld.AssertProblemAsync(unbalanced, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
    }

    [Fact]
    public async Task Procedures_import_all_or_nothing()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var good = "\uFEFFcode,name,field\n"
            + "1.001193,\"Thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi\",Hộ tịch\n"
            + "2.000908,Chứng thực bản sao điện tử từ bản chính,Chứng thực\n";
        var imported = await admin.PostAsync("/api/procedures/import", RegistryWorld.Csv(good));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        var before = await RegistryWorld.SnapshotAsync(app);
        var bad = "code,name,field\n3.000001,Thủ tục mới,Đất đai\n1.001193,Trùng mã,Hộ tịch\n";
        var refused = await admin.PostAsync("/api/procedures/import", RegistryWorld.Csv(bad));
        await RegistryWorld.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
        var error = Assert.Single((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rowErrors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("row").GetInt32());
        Assert.Equal("code", error.GetProperty("column").GetString());
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));

        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var names = (await staff.GetFromJsonAsync<JsonElement>("/api/procedures?field=Hộ%20tịch")).EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("Thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", names);
    }
}
