namespace HaiLong.IntegrationTests.Registry;

/// <summary>The registry's journeys: moving a subtree, the tree view, deleting, ending service, staffing counters.</summary>
public sealed class RegistryBehaviourTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Moving_a_ward_under_a_legacy_district_moves_its_whole_subtree_and_keeps_the_ward_leaders_view()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var district = await CreatedAsync(admin, "/api/units",
            new { code = "DEMO-92-Q-CR", name = "Quận Cái Răng", level = "District", parentId = ids.Province });

        var moved = await admin.PutAsJsonAsync($"/api/units/{ids.WardA}",
            new { code = "DEMO-92-CR", name = "Phường Cái Răng", level = "Ward", parentId = district.Id });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await using var db = app.NewDbContext();
        var ward = await db.Units.SingleAsync(u => u.Id == ids.WardA);
        Assert.Equal($"/{ids.Province}/{district.Id}/{ids.WardA}/", ward.Path);
        var hamlets = await db.Units.Where(u => u.ParentId == ids.WardA).ToListAsync();
        Assert.Equal(4, hamlets.Count);
        Assert.All(hamlets, h => Assert.Equal($"{ward.Path}{h.Id}/", h.Path));
        var audited = await db.AuditEntries.Where(a => a.Action == "AdministrativeUnit.updated").Select(a => a.EntityId).ToListAsync();
        Assert.Contains(ids.HamletA.ToString(), audited);

        // The ward leader's jurisdiction is the ward itself: it moved with its subtree and still holds the same units.
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var tree = await leader.GetFromJsonAsync<JsonElement>("/api/units?view=tree");
        var root = Assert.Single(tree.GetProperty("tree").EnumerateArray());
        Assert.Equal(ids.WardA, root.GetProperty("id").GetInt32());
        Assert.Equal(4, root.GetProperty("children").GetArrayLength());

        // And back, so that a cycle is refused from the district's side too: the district under its own ward.
        var cycle = await admin.PutAsJsonAsync($"/api/units/{district.Id}",
            new { code = "DEMO-92-Q-CR", name = "Quận Cái Răng", level = "District", parentId = ids.WardA });
        await RegistryWorld.AssertProblemAsync(cycle, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("cycle", await cycle.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_flat_list_is_ordered_by_path_and_an_unknown_view_is_a_400()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/units");
        var paths = list.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("path").GetString()!).ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        Assert.True(paths.Count >= 11);

        var bad = await admin.GetAsync("/api/units?view=forest");
        await RegistryWorld.AssertProblemAsync(bad, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_unit_nothing_refers_to_can_be_deleted_but_a_staff_jurisdiction_cannot()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var unit = await CreatedAsync(admin, "/api/units",
            new { code = "DEMO-92-HP-KV9", name = "Tổ dân phố 9", level = "ResidentialGroup", parentId = ids.WardB });

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/units/{unit.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/units/{unit.Id}")).StatusCode);

        // A leaf that is a staff member's jurisdiction.
        var leaf = await CreatedAsync(admin, "/api/units",
            new { code = "DEMO-92-HP-KV10", name = "Tổ dân phố 10", level = "ResidentialGroup", parentId = ids.WardB });
        var user =
            await admin.PostAsJsonAsync("/api/users",
            new { userName = "totruong.kv10", fullName = "Tổ trưởng", password = "HaiLong@2026", role = "WardLeader", jurisdictionUnitId = leaf.Id });
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        await RegistryWorld.AssertProblemAsync(await admin.DeleteAsync($"/api/units/{leaf.Id}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_official_who_served_is_ended_not_deleted()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);

        var refused = await admin.DeleteAsync($"/api/officials/{ids.ShiftAOfficial}");
        await RegistryWorld.AssertProblemAsync(refused, HttpStatusCode.Conflict);

        var ended = await admin.PostAsJsonAsync($"/api/officials/{ids.ShiftAOfficial}/end-of-service", new { activeTo = "2032-06-30" });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        await using var db = app.NewDbContext();
        var official = await db.Officials.SingleAsync(o => o.Id == ids.ShiftAOfficial);
        Assert.Equal(new DateOnly(2032, 6, 30), official.ActiveTo);
    }

    [Fact]
    public async Task A_counter_keeps_a_history_of_shifts_that_never_overlap()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var counter = await CreatedAsync(admin, "/api/service-points", new { agencyId = ids.AgencyA, code = "DEMO-92-CR-Q9", name = "Quầy số 9" });
        var day = new DateTimeOffset(2031, 5, 4, 0, 0, 0, TimeSpan.FromHours(7));
        var shifts = $"/api/service-points/{counter.Id}/shifts";

        var morning = await admin.PostAsJsonAsync(shifts, new { officialId = ids.OfficialA, startsAt = day.AddHours(7), endsAt = day.AddHours(11) });
        var afternoon = await admin.PostAsJsonAsync(shifts, new { officialId = ids.ShiftAOfficial, startsAt = day.AddHours(11), endsAt = day.AddHours(17) });
        Assert.Equal(HttpStatusCode.Created, morning.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afternoon.StatusCode);

        var overlap = await admin.PostAsJsonAsync(shifts, new { officialId = ids.OfficialA, startsAt = day.AddHours(10), endsAt = day.AddHours(12) });
        await RegistryWorld.AssertProblemAsync(overlap, HttpStatusCode.Conflict);
        var open = await admin.PostAsJsonAsync(shifts, new { officialId = ids.OfficialA, startsAt = day.AddHours(6) });
        await RegistryWorld.AssertProblemAsync(open, HttpStatusCode.Conflict);
        var morningId = (await morning.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var stretched =
            await admin.PutAsJsonAsync($"{shifts}/{morningId}", new { officialId = ids.OfficialA, startsAt = day.AddHours(7), endsAt = day.AddHours(12) });
        await RegistryWorld.AssertProblemAsync(stretched, HttpStatusCode.Conflict);

        var history = await admin.GetFromJsonAsync<JsonElement>(shifts);
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal(ids.ShiftAOfficial, history[0].GetProperty("officialId").GetInt32());

        // The database itself refuses an overlap that bypasses the API check (two administrators at the same moment).
        await using var db = app.NewDbContext();
        db.ServicePointShifts.Add(new ServicePointShift { ServicePointId = counter.Id, OfficialId = ids.OfficialA,
            StartsAt = day.AddHours(8), EndsAt = day.AddHours(9) });
        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, Assert.IsType<PostgresException>(ex.InnerException).SqlState);
    }

    [Fact]
    public async Task Any_staff_member_reads_the_procedures_catalogue_and_can_search_it()
    {
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var all = await staff.GetFromJsonAsync<JsonElement>("/api/procedures");
        Assert.Equal(30, all.GetArrayLength());
        var births = await staff.GetFromJsonAsync<JsonElement>("/api/procedures?q=khai%20sinh");
        Assert.All(births.EnumerateArray(), p => Assert.Contains("khai sinh", p.GetProperty("name").GetString()!, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(3, births.GetArrayLength());
        var civil = await staff.GetFromJsonAsync<JsonElement>("/api/procedures?field=Chứng%20thực");
        Assert.Equal(4, civil.GetArrayLength());
    }

    [Fact]
    public async Task The_registry_page_lists_the_administrators_units_with_names_escaped()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        await admin.PostAsJsonAsync("/api/units", new { code = "DEMO-92-HP-XSS", name = "<script>alert(1)</script>", level = "Hamlet", parentId = ids.WardB });

        var page = await admin.GetStringAsync("/staff/registry");

        var text = WebUtility.HtmlDecode(page);
        Assert.Contains("Phường Hưng Phú", text);
        Assert.Contains("Trung tâm Phục vụ hành chính công", text);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        Assert.DoesNotContain("<script>alert", page);
        Assert.Contains("href=\"/staff/registry\"", await admin.GetStringAsync("/staff"));
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/staff/registry")).StatusCode);
        Assert.DoesNotContain("/staff/registry", await leader.GetStringAsync("/staff"));
    }

    private sealed record UnitBody(int Id);

    /// <summary>Posts a registry record through the API and gives its id.</summary>
    private static async Task<UnitBody> CreatedAsync(HttpClient admin, string path, object record)
    {
        var created = await admin.PostAsJsonAsync(path, record);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<UnitBody>())!;
    }
}
