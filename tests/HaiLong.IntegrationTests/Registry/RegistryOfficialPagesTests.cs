using static HaiLong.IntegrationTests.Infrastructure.PageForms;

namespace HaiLong.IntegrationTests.Registry;

/// <summary>
/// The administrator's officials pages, used as a browser posts them: the list (search ignoring diacritics, filters, pages),
/// add and edit with refusals that keep what was typed, end of service and transfer (and what they do to shifts and QRs,
/// through the API too), the CSV import whose preview stores nothing and whose import stores all rows or none, and 404 for
/// ward B's officials to ward A's administrator on every page.
/// </summary>
public sealed class RegistryOfficialPagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const string Base = "/staff/registry/officials";

    private static Dictionary<string, string> Form(int agencyId, string staffCode, string fullName = "Lê Thị Hồng", string position = "Công chức",
        string activeFrom = "2025-07-01", string activeTo = "") => new()
    {
        ["agencyId"] = agencyId.ToString(), ["staffCode"] = staffCode, ["fullName"] = fullName, ["position"] = position,
        ["activeFrom"] = activeFrom, ["activeTo"] = activeTo,
    };

    private async Task<int> CreateViaApiAsync(int agencyId, string staffCode, string fullName, string activeFrom = "2020-01-01")
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var created = await admin.PostAsJsonAsync("/api/officials", new { agencyId, staffCode, fullName, position = "Chuyên viên", activeFrom });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task The_list_finds_without_diacritics_pages_by_25_and_the_page_links_keep_the_filters()
    {
        var ids = await DemoIds.LoadAsync(app);
        for (var n = 1; n <= 30; n++) await CreateViaApiAsync(ids.AgencyA, RegistryWorld.Unique($"TIM{n:00}"), $"Trần Thị Tìm Kiếm {n:00}");
        var client = await app.CookieClientAsync(DemoUsers.Administrator);

        var first = await client.GetStringAsync($"{Base}?q=tran+thi+tim+kiem&agencyId={ids.AgencyA}&status=serving");
        Assert.Equal(25, TableRows(first));
        Assert.Contains("30 cán bộ, công chức phù hợp", first);
        Assert.Contains("Trang 1 / 2", first);
        var next = WebUtility.HtmlDecode(Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.Contains("q=tran", next);
        Assert.Contains($"agencyId={ids.AgencyA}", next);
        Assert.Contains("status=serving", next);
        var second = await client.GetStringAsync(next);
        Assert.Equal(5, TableRows(second));
        Assert.Contains("Trang 2 / 2", second);
        Assert.Contains("rel=\"prev\"", second);

        // Upper case and the letter đ fold too; another agency's filter finds none of them; ended ones are apart.
        Assert.Equal(25, TableRows(await client.GetStringAsync($"{Base}?q=TRẦN+THI+TIM")));
        Assert.Equal(0, TableRows(await client.GetStringAsync($"{Base}?q=tran+thi+tim+kiem&agencyId={ids.CentreB}")));
        Assert.Equal(0, TableRows(await client.GetStringAsync($"{Base}?q=tran+thi+tim+kiem&status=ended")));
    }

    [Fact]
    public async Task A_refused_form_keeps_what_was_typed_and_a_good_one_is_stored_and_audited()
    {
        var ids = await DemoIds.LoadAsync(app);
        var client = await app.CookieClientAsync(DemoUsers.Administrator);
        var code = RegistryWorld.Unique("NEW");

        var missing = await PostAsync(client, $"{Base}/new", $"{Base}/new", Form(ids.AgencyA, code, fullName: "", activeFrom: "01/07/2025"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var html = await missing.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{code}\"", html);
        Assert.Contains("id=\"edit-fullName-error\"", html);
        Assert.Contains("Họ và tên: bắt buộc phải nhập.", html);
        Assert.Contains("id=\"edit-activeFrom-error\"", html);
        Assert.Contains("aria-invalid=\"true\"", html);

        var backwards = await PostAsync(client, $"{Base}/new", $"{Base}/new", Form(ids.AgencyA, code, activeFrom: "2025-07-01", activeTo: "2025-06-30"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.Contains("Ngày cuối công tác không được trước ngày bắt đầu công tác.", await backwards.Content.ReadAsStringAsync());

        var duplicate = await PostAsync(client, $"{Base}/new", $"{Base}/new", Form(ids.AgencyA, "CR-001", fullName: "Phạm Văn Trùng"));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        html = await duplicate.Content.ReadAsStringAsync();
        Assert.Contains("Mã cán bộ CR-001 đã được dùng cho một cán bộ khác.", html);
        Assert.Contains("value=\"Phạm Văn Trùng\"", html);
        await using (var db = app.NewDbContext()) Assert.False(await db.Officials.AnyAsync(o => o.StaffCode == code || o.FullName == "Phạm Văn Trùng"));

        var form = Form(ids.AgencyA, code, fullName: "Lê Thị Hồng Nhung");
        form["isLeader"] = "true";
        var created = await PostAsync(client, $"{Base}/new", $"{Base}/new", form);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.Matches($@"^{Base}/\d+\?done=created$", location);
        var id = int.Parse(location[(Base.Length + 1)..location.IndexOf('?')]);
        await using (var db = app.NewDbContext())
        {
            var o = await db.Officials.SingleAsync(x => x.Id == id);
            Assert.Equal((code, "Lê Thị Hồng Nhung", true, ids.AgencyA, new DateOnly(2025, 7, 1)),
                (o.StaffCode, o.FullName, o.IsLeader, o.AgencyId, o.ActiveFrom));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Official.created" && a.EntityId == id.ToString()));
        }

        var edited = await PostAsync(client, $"{Base}/{id}", $"{Base}/{id}", Form(ids.AgencyA, code, fullName: "Lê Thị Hồng Nhung", position: "Phó Chủ tịch"));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Contains("Đã lưu thay đổi.", await client.GetStringAsync(edited.Headers.Location!.OriginalString));
        await using (var db = app.NewDbContext())
        {
            var o = await db.Officials.SingleAsync(x => x.Id == id);
            Assert.Equal(("Phó Chủ tịch", false), (o.Position, o.IsLeader));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Official.updated" && a.EntityId == id.ToString()));
        }
    }

    [Fact]
    public async Task Ending_service_on_the_page_closes_later_shifts_and_the_API_then_refuses_QRs_and_shifts_for_them()
    {
        var ids = await DemoIds.LoadAsync(app);
        var today = VietnamTime.Today(app.Clock);
        var id = await CreateViaApiAsync(ids.AgencyA, RegistryWorld.Unique("END"), "Đỗ Văn Nghỉ");
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        async Task<int> CounterAsync()
            => (await (await admin.PostAsJsonAsync("/api/service-points", new { agencyId = ids.AgencyA, code = RegistryWorld.Unique("QE"), name = "Quầy thử" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        async Task<long> ShiftAsync(int counter, DateTimeOffset startsAt, DateTimeOffset? endsAt)
        {
            var created = await admin.PostAsJsonAsync($"/api/service-points/{counter}/shifts", new { officialId = id, startsAt, endsAt });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }
        var (counter, other) = (await CounterAsync(), await CounterAsync());
        var past = await ShiftAsync(counter, VietnamTime.StartOf(today.AddDays(-3)).AddHours(7), VietnamTime.StartOf(today.AddDays(-3)).AddHours(11));
        var open = await ShiftAsync(other, VietnamTime.StartOf(today.AddDays(-2)).AddHours(7), null);
        var future = await ShiftAsync(counter, VietnamTime.StartOf(today.AddDays(30)).AddHours(7), VietnamTime.StartOf(today.AddDays(30)).AddHours(11));
        var client = await app.CookieClientAsync(DemoUsers.Administrator);

        var tooEarly = await PostAsync(client, $"{Base}/{id}", $"{Base}/{id}/end-of-service", new() { ["activeTo"] = "2019-12-31" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooEarly.StatusCode);
        var html = await tooEarly.Content.ReadAsStringAsync();
        Assert.Contains("id=\"end-activeTo-error\"", html);
        Assert.Contains("value=\"2019-12-31\"", html);

        var lastDay = today.AddDays(-1);
        var ended = await PostAsync(client, $"{Base}/{id}", $"{Base}/{id}/end-of-service", new() { ["activeTo"] = lastDay.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        await using (var db = app.NewDbContext())
        {
            Assert.Equal(lastDay, (await db.Officials.SingleAsync(o => o.Id == id)).ActiveTo);
            var shifts = await db.ServicePointShifts.Where(s => s.OfficialId == id).ToDictionaryAsync(s => s.Id);
            Assert.Equal(VietnamTime.StartOf(today.AddDays(-3)).AddHours(11), shifts[past].EndsAt);
            Assert.Equal(VietnamTime.StartOf(today), shifts[open].EndsAt);
            Assert.False(shifts.ContainsKey(future));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ServicePointShift.deleted" && a.EntityId == future.ToString()));
        }
        Assert.Contains("Đã thôi công tác", await client.GetStringAsync($"{Base}?status=ended&q=do+van+nghi"));

        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var qr =
            await staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = id, procedureId = ids.Procedure1, dossierReference = "HS-END-1" });
        Assert.Equal(HttpStatusCode.BadRequest, qr.StatusCode);
        Assert.Contains("service ended", await qr.Content.ReadAsStringAsync());
        var shiftAfter =
            await admin.PostAsJsonAsync($"/api/service-points/{counter}/shifts", new { officialId = id, startsAt = VietnamTime.StartOf(today).AddHours(8) });
        await RegistryWorld.AssertProblemAsync(shiftAfter, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_transfer_is_one_audited_change_that_ends_shifts_at_the_old_agency()
    {
        var ids = await DemoIds.LoadAsync(app);
        var id = await CreateViaApiAsync(ids.AgencyA, RegistryWorld.Unique("TRF"), "Vũ Thị Chuyển");
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var counter =
            (await (await admin.PostAsJsonAsync("/api/service-points", new { agencyId = ids.AgencyA, code = RegistryWorld.Unique("QT"), name = "Quầy chuyển" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var startsAt = app.Clock.GetUtcNow().AddHours(-2);
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync($"/api/service-points/{counter}/shifts", new { officialId = id, startsAt })).StatusCode);
        var client = await app.CookieClientAsync(DemoUsers.Administrator);

        var same = await PostAsync(client, $"{Base}/{id}", $"{Base}/{id}/transfer", new() { ["agencyId"] = ids.AgencyA.ToString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.StatusCode);
        Assert.Contains("id=\"transfer-agencyId-error\"", await same.Content.ReadAsStringAsync());

        var moved = await PostAsync(client, $"{Base}/{id}", $"{Base}/{id}/transfer", new() { ["agencyId"] = ids.CentreB.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Contains("Đã điều chuyển", await client.GetStringAsync(moved.Headers.Location!.OriginalString));
        await using var db = app.NewDbContext();
        Assert.Equal(ids.CentreB, (await db.Officials.SingleAsync(o => o.Id == id)).AgencyId);
        var shift = await db.ServicePointShifts.SingleAsync(s => s.OfficialId == id);
        Assert.NotNull(shift.EndsAt);
        Assert.True(shift.EndsAt > startsAt);
        var audit = await db.AuditEntries.Where(a => a.Action == "Official.updated" && a.EntityId == id.ToString()).Select(a => a.Details).ToListAsync();
        Assert.Contains(audit, d => JsonDocument.Parse(d!).RootElement.TryGetProperty("AgencyId", out var change)
            && change.GetProperty("from").GetInt32() == ids.AgencyA && change.GetProperty("to").GetInt32() == ids.CentreB);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ServicePointShift.updated" && a.EntityId == shift.Id.ToString()));
    }

    [Fact]
    public async Task The_API_transfer_answers_the_moved_official()
    {
        var ids = await DemoIds.LoadAsync(app);
        var id = await CreateViaApiAsync(ids.AgencyA, RegistryWorld.Unique("TRA"), "Hồ Văn Chuyển");
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);

        var moved = await admin.PostAsJsonAsync($"/api/officials/{id}/transfer", new { agencyId = ids.AgencyB });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(ids.AgencyB, (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("agencyId").GetInt32());
    }

    [Fact]
    public async Task Ward_B_officials_are_404_to_the_administrator_of_A_on_every_page_and_nothing_changes()
    {
        var (ids, client) = await RegistryPagesWorld.WardAdminPagesAsync(app);
        var before = await RegistryWorld.SnapshotAsync(app);

        var list = await client.GetStringAsync($"{Base}?q=");
        Assert.DoesNotContain("HP-0", list);
        Assert.Contains("CR-0", list);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Base}/{ids.OfficialB}")).StatusCode);
        var token = await TokenAsync(client, $"{Base}/new");
        foreach (var (action, fields) in new[]
        {
            ($"{Base}/{ids.OfficialB}", Form(ids.AgencyB, "HP-002", "Trương Thị Bích Vân")),
            ($"{Base}/{ids.OfficialB}/end-of-service", new Dictionary<string, string> { ["activeTo"] = "2030-12-31" }),
            ($"{Base}/{ids.OfficialB}/transfer", new Dictionary<string, string> { ["agencyId"] = ids.AgencyA.ToString() }),
        })
        {
            fields["__af"] = token;
            var response = await client.PostAsync(action, new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("Không có cán bộ, công chức này trong phạm vi phụ trách của bạn.", await response.Content.ReadAsStringAsync());
        }
        // Ward B's agency named in a form is unknown here, as in the API.
        var intoB = await PostAsync(client, $"{Base}/new", $"{Base}/new", Form(ids.AgencyB, RegistryWorld.Unique("X")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, intoB.StatusCode);
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
    }

    [Fact]
    public async Task A_post_without_the_form_token_is_refused_with_a_page_and_stores_nothing()
    {
        var ids = await DemoIds.LoadAsync(app);
        var client = await app.CookieClientAsync(DemoUsers.Administrator);
        var before = await RegistryWorld.SnapshotAsync(app);

        var response = await client.PostAsync($"{Base}/new", new FormUrlEncodedContent(Form(ids.AgencyA, RegistryWorld.Unique("NOAF"))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv) =>
        RegistryPagesWorld.UploadCsvAsync(client, $"{Base}/import", csv, "can-bo.csv");

    [Fact]
    public async Task The_import_preview_stores_nothing_and_the_import_stores_every_row_or_none()
    {
        var client = await app.CookieClientAsync(DemoUsers.Administrator);
        var sample = await client.GetAsync($"{Base}/import/sample.csv");
        Assert.Equal("text/csv", sample.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("staff_code,full_name,position,agency_code,is_leader,active_from,active_to", (await sample.Content.ReadAsStringAsync())
            .TrimStart('\uFEFF'));

        var (a, b) = (RegistryWorld.Unique("IMA"), RegistryWorld.Unique("IMB"));
        const string header = "staff_code,full_name,position,agency_code,is_leader,active_from,active_to\n";
        var before = await RegistryWorld.SnapshotAsync(app);
        var bad =
            await UploadAsync(client,
            header + $"{a},Ngô Văn Một,Công chức,DEMO-92-CR-UBND,không,2025-07-01,\n{b},Ngô Văn Hai,Công chức,KHONG-CO,có,2025-13-01,\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("1 dòng có lỗi", html);
        Assert.Contains("agency_code: không có cơ quan, đơn vị mã KHONG-CO trong phạm vi phụ trách.", html);
        Assert.Contains("active_from: “2025-13-01” không phải ngày", html);
        Assert.DoesNotContain("id=\"confirm\"", html);
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));

        var good =
            await UploadAsync(client,
            header + $"{a},Ngô Văn Một,Công chức,DEMO-92-CR-UBND,không,2025-07-01,\n{b},\"Ngô Văn Hai, Jr\",Công chức,DEMO-92-CR-UBND,có,01/07/2025,\n");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        html = await good.Content.ReadAsStringAsync();
        Assert.Contains("Mọi dòng đều hợp lệ", html);
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
        var csv = WebUtility.HtmlDecode(Regex.Match(html, "name=\"csv\" value=\"([^\"]*)\"").Groups[1].Value);
        var token = PageForms.AntiforgeryToken(html);

        var imported =
            await client.PostAsync($"{Base}/import/confirm", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token, ["csv"] = csv }));
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Equal($"{Base}?imported=2", imported.Headers.Location!.OriginalString);
        await using (var db = app.NewDbContext())
        {
            Assert.Equal(2, await db.Officials.CountAsync(o => o.StaffCode == a || o.StaffCode == b));
            Assert.True((await db.Officials.SingleAsync(o => o.StaffCode == b)).IsLeader);
        }

        // The same file again: both codes are taken now, so the import shows the problems and stores nothing.
        var afterFirst = await RegistryWorld.SnapshotAsync(app);
        var again =
            await client.PostAsync($"{Base}/import/confirm", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token, ["csv"] = csv }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("2 dòng có lỗi", await again.Content.ReadAsStringAsync());
        Assert.Equal(afterFirst, await RegistryWorld.SnapshotAsync(app));
    }
}
