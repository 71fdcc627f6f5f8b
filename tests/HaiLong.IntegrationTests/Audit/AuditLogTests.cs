using System.Text.Json.Nodes;

namespace HaiLong.IntegrationTests.Audit;

/// <summary>The audit log as an administrator or inspector reads it: in words, by name, through the jurisdiction, and itself audited.</summary>
public sealed class AuditLogTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const string Password = "Audit@2026-long";

    [Fact]
    public async Task Changes_read_in_words_with_who_acted_newest_first_and_the_read_is_audited()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var w = await InvitationWorld.LoadAsync(app);
        var staffCode = $"AU-{Guid.NewGuid().ToString("N")[..8]}";
        var official = await CreateOfficialAsync(admin, await ServiceCentreAsync(w.WardA), "Lê Thị Hạnh", staffCode);
        var promoted = OfficialBody(await ServiceCentreAsync(w.WardA), "Lê Thị Hạnh", staffCode, "Phó Giám đốc");
        var update = await admin.PutAsJsonAsync($"/api/officials/{official}", promoted);
        Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());

        var page = await admin.GetFromJsonAsync<JsonObject>($"/api/audit?actor=Quản trị&entityType=Official&entityId={official}");

        var entries = page!["entries"]!.AsArray();
        Assert.Equal(["Cập nhật: Cán bộ, công chức", "Thêm mới: Cán bộ, công chức"], entries.Select(e => e!["actionText"]!.ToString()));
        Assert.All(entries, e =>
        {
            Assert.Equal("Quản trị hệ thống", e!["actorName"]!.ToString());
            Assert.Equal(DemoUsers.Administrator, e["actorUserName"]!.ToString());
            Assert.Equal("Cán bộ, công chức", e["entityTypeText"]!.ToString());
        });
        var position = entries[0]!["changes"]!.AsArray().Single(c => c!["field"]!.ToString() == "Chức vụ");
        Assert.Equal(("Chuyên viên", "Phó Giám đốc", true),
            (position!["from"]!.ToString(), position["to"]!.ToString(), position["isChange"]!.GetValue<bool>()));
        Assert.False(page["hasMore"]!.GetValue<bool>());

        // The page says the same in words, and shows no account id.
        var html = await CaseWorld.ReadPageAsync(admin, $"/staff/audit?entityType=Official&entityId={official}");
        Assert.Contains("Cập nhật: Cán bộ, công chức", html);
        Assert.Contains("Quản trị hệ thống (quantri)", html);
        Assert.Contains("Chức vụ: Chuyên viên → Phó Giám đốc", html);
        Assert.DoesNotContain((await CaseWorld.UserIdAsync(app, DemoUsers.Administrator)).ToString(), html);

        // Both reads are in the log, with the filter used.
        await using var db = app.NewDbContext();
        var reads = (await db.AuditEntries.Where(a => a.Action == "audit.viewed").OrderBy(a => a.Id).ToListAsync())
            .Where(a => JsonNode.Parse(a.Details!)!["filter"]!["entityId"]?.ToString() == official.ToString()).ToList();
        Assert.Equal(2, reads.Count);
        Assert.Equal(["api", "page"], reads.Select(r => JsonNode.Parse(r.Details!)!["channel"]!.ToString()));
        Assert.All(reads, r => Assert.Equal(official.ToString(), JsonNode.Parse(r.Details!)!["filter"]!["entityId"]!.ToString()));
        Assert.Equal("Quản trị", JsonNode.Parse(reads[0].Details!)!["filter"]!["actor"]!.ToString());
        // And they read in words: the filter as its fields, what was not given left out.
        var log = await CaseWorld.ReadPageAsync(admin, "/staff/audit?action=audit.viewed&pageSize=5");
        Assert.Contains("Xem nhật ký hệ thống", log);
        Assert.Contains($"Bộ lọc: Người thực hiện: Quản trị, Mã đối tượng: {official}, Loại đối tượng: Official", log);
        Assert.DoesNotContain("\"to\": null", log);
    }

    [Fact]
    public async Task System_entries_unnamed_codes_and_secrets_are_shown_safely()
    {
        var admin = await NationalAdministratorAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        await InsertAsync(app.Clock.GetUtcNow(), null, "case.contacts-purged", "Case", null, "{\"retentionDays\": 365}");
        await InsertAsync(app.Clock.GetUtcNow(), null, "future.thing-done", "HangfireJob", id, null);
        await InsertAsync(app.Clock.GetUtcNow(), await CaseWorld.UserIdAsync(app, DemoUsers.Administrator), "StaffUser.updated", "StaffUser", id,
            """{"PasswordHash": {"from": "old-hash-7Q", "to": "new-hash-7Q"}, "TokenHash": "dG9rZW4tN1E=", "FullName": {"from": "A", "to": "B"}}""");

        await InsertAsync(app.Clock.GetUtcNow(), null, "signin.failed", "StaffUser", id, "{\"channel\": \"cookie\", \"userName\": \"ai.do\"}");

        var html = await CaseWorld.ReadPageAsync(admin, $"/staff/audit?entityId={id}");
        Assert.Contains("Đăng nhập không thành công", html);
        Assert.Contains("Tên đăng nhập: ai.do", html);
        Assert.Contains("Kênh: cookie", html);
        Assert.Contains("Hành động chưa có tên: future.thing-done", html);
        Assert.Contains("Họ và tên: A → B", html);
        Assert.Contains("PasswordHash: (ẩn) → (ẩn)", html);
        Assert.Contains("TokenHash: (ẩn)", html);
        Assert.DoesNotContain("hash-7Q", html);
        Assert.DoesNotContain("dG9rZW4tN1E=", html);

        var purged = await admin.GetFromJsonAsync<JsonObject>("/api/audit?action=case.contacts-purged&pageSize=1");
        var entry = purged!["entries"]!.AsArray().Single()!;
        Assert.Equal("hệ thống", entry["actorName"]!.ToString());
        Assert.Null(entry["actorUserName"]);
        Assert.Equal("Xóa thông tin liên hệ đã hết thời hạn lưu giữ", entry["actionText"]!.ToString());

        // Every code this version writes has words.
        var actions = await admin.GetFromJsonAsync<JsonArray>("/api/audit/actions");
        Assert.DoesNotContain(actions!, a => a!["text"]!.ToString().StartsWith("Hành động chưa có tên"));
        Assert.Contains(actions!, a => a!["code"]!.ToString() == "Official.created");
    }

    [Fact]
    public async Task A_ward_administrator_reads_only_entries_of_their_ward_and_its_people()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var w = await InvitationWorld.LoadAsync(app);
        var (wardAdminA, nameA) = await WardAdministratorAsync(admin, w.WardA, "a");
        var (wardAdminB, _) = await WardAdministratorAsync(admin, w.WardB, "b");

        // The province's administrator adds an official to ward A; ward A's administrator changes one of theirs; a citizen files in ward A.
        var byProvince = await CreateOfficialAsync(admin, await ServiceCentreAsync(w.WardA), "Phạm Văn Khánh");
        var byWard = await CreateOfficialAsync(wardAdminA, await ServiceCentreAsync(w.WardA), "Đỗ Thị Mai");
        var code = await CaseWorld.FileOkAsync(app.AnonymousClient(), $"unit={DemoWorld.WardACode}", CaseWorld.Petition());
        var caseId = await CaseWorld.CaseIdAsync(app, code);

        async Task<int> CountAsync(HttpClient client, string query) =>
            (await client.GetFromJsonAsync<JsonObject>($"/api/audit?{query}"))!["entries"]!.AsArray().Count;

        // Ward A's administrator: the object of their ward (whoever acted), their own act, the citizen's case in their ward.
        Assert.Equal(1, await CountAsync(wardAdminA, $"entityType=Official&entityId={byProvince}"));
        Assert.Equal(1, await CountAsync(wardAdminA, $"entityType=Official&entityId={byWard}"));
        Assert.True(await CountAsync(wardAdminA, $"entityType=Case&entityId={caseId}") >= 1);
        // Ward B's: none of it, not even by the other administrator's name, nor the province administrator's own sign-ins.
        Assert.Equal(0, await CountAsync(wardAdminB, $"entityType=Official&entityId={byProvince}"));
        Assert.Equal(0, await CountAsync(wardAdminB, $"entityType=Official&entityId={byWard}"));
        Assert.Equal(0, await CountAsync(wardAdminB, $"entityType=Case&entityId={caseId}"));
        Assert.Equal(0, await CountAsync(wardAdminB, $"actor={Uri.EscapeDataString(nameA)}"));
        Assert.Equal(0, await CountAsync(wardAdminB, "action=signin.succeeded&actor=quantri"));
        var csv = await (await wardAdminB.GetAsync($"/api/audit/export?entityType=Official&entityId={byWard}")).Content.ReadAsStringAsync();
        Assert.Single(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        // The province's administrator reads both wards.
        Assert.Equal(1, await CountAsync(admin, $"entityType=Official&entityId={byWard}"));
        Assert.True(await CountAsync(admin, $"actor={Uri.EscapeDataString(nameA)}") >= 1);

        // The board reads the log too; service staff do not.
        var inspector = await app.ClientAsInspectorAsync();
        Assert.Equal(1, await CountAsync(inspector, $"entityType=Official&entityId={byWard}"));
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task The_export_is_csv_in_words_with_formulas_defused_and_is_audited()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var w = await InvitationWorld.LoadAsync(app);
        var (wardAdmin, _) = await WardAdministratorAsync(admin, w.WardA, "csv", "=HYPERLINK(\"http://x\",\"Bấm\")");
        var official = await CreateOfficialAsync(wardAdmin, await ServiceCentreAsync(w.WardA), "Trương Văn Lợi");

        var response = await admin.GetAsync($"/api/audit/export?entityType=Official&entityId={official}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Số hiệu,Thời gian (giờ Việt Nam),Người thực hiện,Tên đăng nhập,Hành động,Mã hành động,Đối tượng,Mã đối tượng,Chi tiết", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"Bấm\"\")\"", row);
        Assert.Contains(",\"Thêm mới: Cán bộ, công chức\",Official.created,", row);
        Assert.Contains("Official.created", row);
        Assert.Contains("Họ và tên: Trương Văn Lợi", row);

        await using var db = app.NewDbContext();
        var exported = await db.AuditEntries.Where(a => a.Action == "audit.exported").Select(a => a.Details!).ToListAsync();
        Assert.Contains(exported, d => JsonNode.Parse(d)!["filter"]!["entityId"]!.ToString() == official.ToString()
            && JsonNode.Parse(d)!["entries"]!.GetValue<int>() == 1);
    }

    [Fact]
    public async Task Dates_are_Vietnam_days_and_pages_follow_newest_first()
    {
        var admin = await NationalAdministratorAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        // 23:59:59 on 1 March and 00:00 on 2 March, Vietnam time.
        await InsertAsync(new DateTimeOffset(2030, 3, 1, 16, 59, 59, TimeSpan.Zero), null, "scorecards.rollups.run-requested", "HangfireJob", id, null);
        await InsertAsync(new DateTimeOffset(2030, 3, 1, 17, 0, 0, TimeSpan.Zero), null, "scorecards.rollups.run-requested", "HangfireJob", id, null);
        await InsertAsync(new DateTimeOffset(2030, 3, 3, 2, 0, 0, TimeSpan.Zero), null, "scorecards.rollups.run-requested", "HangfireJob", id, null);

        var second = await admin.GetFromJsonAsync<JsonObject>($"/api/audit?entityId={id}&from=2030-03-02&to=2030-03-02");
        var at = Assert.Single(second!["entries"]!.AsArray())!["at"]!.GetValue<DateTimeOffset>();
        Assert.Equal(new DateTimeOffset(2030, 3, 1, 17, 0, 0, TimeSpan.Zero), at);

        var first = await admin.GetFromJsonAsync<JsonObject>($"/api/audit?entityId={id}&pageSize=2");
        var next = await admin.GetFromJsonAsync<JsonObject>($"/api/audit?entityId={id}&pageSize=2&page=2");
        Assert.True(first!["hasMore"]!.GetValue<bool>());
        Assert.False(next!["hasMore"]!.GetValue<bool>());
        var times = first["entries"]!.AsArray().Concat(next["entries"]!.AsArray()).Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(3, times.Count);
        Assert.Equal(times.OrderByDescending(t => t), times);

        var html = await CaseWorld.ReadPageAsync(admin, $"/staff/audit?entityId={id}&from=2030-03-02&to=2030-03-02");
        Assert.Contains("02/03/2030 00:00:00", html);
        Assert.Contains("hệ thống", html);
        Assert.DoesNotContain("01/03/2030 23:59:59", html);
    }

    [Fact]
    public async Task Bad_filters_are_refused_beside_their_field_and_nothing_is_recorded()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        await using var db = app.NewDbContext();
        var before = await db.AuditEntries.CountAsync(a => a.Action == "audit.viewed" || a.Action == "audit.exported");

        foreach (var (query, field) in new[]
        {
            ("action=nope.never", "action"), ("entityType=Spaceship", "entityType"), ("from=2026-05-02&to=2026-05-01", "from"),
            ("page=0", "page"), ("page=100000", "page"), ("pageSize=5000", "pageSize"), ($"actor={new string('x', 300)}", "actor"),
            ("from=1900-01-01", "from"),
        })
        {
            var response = await admin.GetAsync($"/api/audit?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
            Assert.True(errors.Any(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase)), $"{query}: {errors.ToJsonString()}");
        }
        var export = await admin.GetAsync("/api/audit/export?from=2026-05-02&to=2026-05-01");
        Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        Assert.Equal("application/problem+json", export.Content.Headers.ContentType!.MediaType);

        // The page: a message beside each field, what was typed kept, no entries read.
        var page = await admin.GetAsync("/staff/audit?action=nope.never&from=2026-05-02&to=2026-05-01&page=abc&actor=Nguy%E1%BB%85n");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("id=\"action-error\"", html);
        Assert.Contains("Không có hành động này", html);
        Assert.Contains("id=\"from-error\"", html);
        Assert.Contains("“Từ ngày” không được sau “Đến ngày”", html);
        Assert.Contains("id=\"page-error\"", html);
        Assert.Contains("value=\"2026-05-02\"", html);
        Assert.Contains("value=\"Nguyễn\"", html);
        Assert.Contains("aria-describedby=\"from-error\"", html);
        Assert.DoesNotContain("id=\"entries\"", html);
        var reversedOnly = await admin.GetAsync("/staff/audit?from=2026-13-45");
        Assert.Equal(HttpStatusCode.BadRequest, reversedOnly.StatusCode);
        Assert.Contains("Ngày không hợp lệ", WebUtility.HtmlDecode(await reversedOnly.Content.ReadAsStringAsync()));

        Assert.Equal(before, await db.AuditEntries.CountAsync(a => a.Action == "audit.viewed" || a.Action == "audit.exported"));
    }

    private async Task<(HttpClient Client, string FullName)> WardAdministratorAsync(HttpClient admin, int wardId, string suffix, string? fullName = null)
    {
        var (userName, name) = await CreateAdministratorAsync(admin, wardId, suffix, fullName);
        return (await app.ClientAsAsync(userName, Password), name);
    }

    /// <summary>An administrator of <paramref name="wardId"/> made through the API; the user name ends in six random letters.</summary>
    private static async Task<(string UserName, string FullName)> CreateAdministratorAsync(HttpClient admin, int wardId, string suffix,
        string? fullName)
    {
        var userName = $"qt.{suffix}.{Guid.NewGuid().ToString("N")[..6]}";
        fullName ??= $"Quản trị phường {suffix.ToUpperInvariant()} {userName[^6..]}";
        var created = await admin.PostAsJsonAsync("/api/users",
            new { userName, fullName, password = Password, role = Roles.Administrator, jurisdictionUnitId = wardId });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (userName, fullName);
    }

    private async Task<int> ServiceCentreAsync(int wardId)
    {
        await using var db = app.NewDbContext();
        return await db.Agencies.Where(a => a.UnitId == wardId && a.Kind == AgencyKind.ServiceCentre).Select(a => a.Id).FirstAsync();
    }

    private static object OfficialBody(int agencyId, string fullName, string staffCode, string position = "Chuyên viên") =>
        new { agencyId, staffCode, fullName, position, activeFrom = "2024-01-01", isLeader = false };

    private static async Task<int> CreateOfficialAsync(HttpClient client, int agencyId, string fullName, string? staffCode = null)
    {
        var response = await client.PostAsJsonAsync("/api/officials", OfficialBody(agencyId, fullName, staffCode ?? $"AU-{Guid.NewGuid().ToString("N")[..8]}"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
    }

    /// <summary>An administrator without a jurisdiction (the whole country): only the database makes one, as the API always asks for a unit.</summary>
    private async Task<HttpClient> NationalAdministratorAsync()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var w = await InvitationWorld.LoadAsync(app);
        var (userName, _) = await CreateAdministratorAsync(admin, w.WardA, "quocgia", "Quản trị toàn quốc");
        await using var db = app.NewDbContext();
        await db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(u => u.SetProperty(x => x.JurisdictionUnitId, (int?)null));
        return await app.ClientAsAsync(userName, Password);
    }

    private async Task InsertAsync(DateTimeOffset at, Guid? actor, string action, string? entityType, string? entityId, string? details)
    {
        await using var db = app.NewDbContext();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO audit_entries (at, actor_id, action, entity_type, entity_id, details)
            VALUES ({at}, {actor}, {action}, {entityType}, {entityId}, {details}::jsonb)
            """);
    }
}
