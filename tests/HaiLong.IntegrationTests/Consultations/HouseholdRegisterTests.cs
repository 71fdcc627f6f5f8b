using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HaiLong.Api.Features.Consultations;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The household register's API (issue 19, point 1): who sees which hamlet, the refusals (each a ProblemDetails that changes
/// nothing) and the audit entry of every change, read back as the household's history.
/// </summary>
public sealed class HouseholdRegisterTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private async Task<int> UnitIdAsync(string code)
    {
        await using var db = app.NewDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_household_form_whose_session_expired_leads_the_hamlet_head_back_to_a_page_they_can_open()
    {
        var kv1 = await UnitIdAsync(HamletWorld.HamletA);
        var head = await app.CookieClientAsync(DemoUsers.HamletHeadA);

        var refused = await head.PostAsync($"{HouseholdPages.HamletPath(kv1)}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "EXPIRED-1", ["representative"] = "Nguyễn Văn Hết Hạn" }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"href=\"{HouseholdPages.Path}\"", html);
        Assert.DoesNotContain("/staff/registry", html);
        Assert.Equal(HttpStatusCode.OK, (await head.GetAsync(HouseholdPages.Path)).StatusCode);
        await using var db = app.NewDbContext();
        Assert.False(await db.Households.AnyAsync(h => h.Code == "EXPIRED-1"));
    }

    [Fact]
    public async Task A_hamlet_head_sees_only_their_hamlet_and_ward_staff_every_hamlet_of_their_ward()
    {
        var (kv1, kv2, kv4) = (await UnitIdAsync(HamletWorld.HamletA), await UnitIdAsync(HamletWorld.HamletA2), await UnitIdAsync(HamletWorld.HamletB));
        var other = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA2, 1, "JUR-KV2-");
        var wardB = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletB, 1, "JUR-KV4-");
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);

        var hamlets = await head.GetFromJsonAsync<HamletRegisterSummary[]>("/api/households/hamlets");
        Assert.Equal([HamletWorld.HamletA], hamlets!.Select(h => h.Code));
        Assert.Equal(HttpStatusCode.OK, (await head.GetAsync($"/api/households?unitId={kv1}")).StatusCode);
        foreach (var unit in new[] { kv2, kv4 }) await AssertProblemAsync(await head.GetAsync($"/api/households?unitId={unit}"), HttpStatusCode.NotFound);
        foreach (var id in other.Concat(wardB))
        {
            await AssertProblemAsync(await head.GetAsync($"/api/households/{id}"), HttpStatusCode.NotFound);
            await AssertProblemAsync(await head.PostAsJsonAsync($"/api/households/{id}/move-out", new { leftOn = "2026-12-01" }), HttpStatusCode.NotFound);
        }
        await AssertProblemAsync(await head.PostAsJsonAsync("/api/households",
            new { unitId = kv2, code = "JUR-X", representativeName = "Lê Văn Tám", address = "Số 1", registeredOn = "2026-12-01" }),
            HttpStatusCode.NotFound);

        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var seen = (await leader.GetFromJsonAsync<HamletRegisterSummary[]>("/api/households/hamlets"))!.Select(h => h.Code).ToList();
        Assert.Contains(HamletWorld.HamletA, seen);
        Assert.Contains(HamletWorld.HamletA2, seen);
        Assert.DoesNotContain(HamletWorld.HamletB, seen);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/households/{other[0]}")).StatusCode);
        await AssertProblemAsync(await leader.GetAsync($"/api/households/{wardB[0]}"), HttpStatusCode.NotFound);
        // The ward itself is in the leader's jurisdiction but holds no register.
        var ward = await UnitIdAsync("DEMO-92-CR");
        await AssertProblemAsync(await leader.GetAsync($"/api/households?unitId={ward}"), HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(await leader.PostAsJsonAsync("/api/households",
            new { unitId = ward, code = "JUR-W", representativeName = "Lê Văn Tám", address = "Số 1", registeredOn = "2026-12-01" }),
            HttpStatusCode.UnprocessableEntity);

        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.GetAsync("/api/households/hamlets")).StatusCode);
        await using var db = app.NewDbContext();
        Assert.All(await db.Households.Where(h => other.Contains(h.Id) || wardB.Contains(h.Id)).ToListAsync(),
            h => Assert.Equal(HouseholdStatus.Active, h.Status));
        Assert.False(await db.Households.AnyAsync(h => h.Code == "JUR-X" || h.Code == "JUR-W"));
    }

    [Fact]
    public async Task Every_change_is_audited_and_read_back_as_the_households_history()
    {
        var kv1 = await UnitIdAsync(HamletWorld.HamletA);
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var added = await head.PostAsJsonAsync("/api/households",
            new { unitId = kv1, code = "AUD-1", representativeName = "Nguyễn Văn An", address = "Số 12, hẻm 3", registeredOn = "2026-01-05" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var a = (await added.Content.ReadFromJsonAsync<HouseholdResponse>())!;
        var b = (await (await head.PostAsJsonAsync("/api/households",
            new { unitId = kv1, code = "AUD-2", representativeName = "Trần Thị Bình", address = "Số 14", registeredOn = "2026-01-05" }))
            .Content.ReadFromJsonAsync<HouseholdResponse>())!;
        var c = (await (await head.PostAsJsonAsync("/api/households",
            new { unitId = kv1, code = "AUD-3", representativeName = "Lý Văn Cường", address = "Số 16", registeredOn = "2026-01-05" }))
            .Content.ReadFromJsonAsync<HouseholdResponse>())!;

        var corrected = await head.PutAsJsonAsync($"/api/households/{a.Id}", new { representativeName = "Nguyễn Văn Ân", address = "Số 12, hẻm 3" });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var split = await head.PostAsJsonAsync($"/api/households/{a.Id}/split",
            new { code = "AUD-1T", representativeName = "Nguyễn Thị Hoa", address = "Số 12A, hẻm 3", splitOn = "2026-06-01" });
        Assert.Equal(HttpStatusCode.Created, split.StatusCode);
        var child = (await split.Content.ReadFromJsonAsync<HouseholdResponse>())!;
        Assert.Equal((a.Id, HouseholdStatus.Active, new DateOnly(2026, 6, 1)), (child.SplitFromId!.Value, child.Status, child.RegisteredOn));
        var merged = await head.PostAsJsonAsync($"/api/households/{b.Id}/merge", new { intoId = c.Id, mergedOn = "2026-07-01" });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var moved = await head.PostAsJsonAsync($"/api/households/{c.Id}/move-out", new { leftOn = "2026-08-01" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        // Refusals change nothing: a taken code (even of a household that left), a change of one that left, a merge into one
        // that left or into itself, a day before registration.
        await AssertProblemAsync(await head.PostAsJsonAsync("/api/households",
            new { unitId = kv1, code = "AUD-2", representativeName = "X", address = "Y", registeredOn = "2026-01-05" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await head.PostAsJsonAsync($"/api/households/{a.Id}/split",
            new { code = "AUD-1T", representativeName = "X", address = "Y", splitOn = "2026-06-01" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await head.PostAsJsonAsync($"/api/households/{c.Id}/move-out", new { leftOn = "2026-09-01" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await head.PutAsJsonAsync($"/api/households/{b.Id}", new { representativeName = "X", address = "Y" }),
            HttpStatusCode.Conflict);
        await AssertProblemAsync(await head.PostAsJsonAsync($"/api/households/{a.Id}/merge", new { intoId = c.Id, mergedOn = "2026-09-01" }),
            HttpStatusCode.Conflict);
        await AssertProblemAsync(await head.PostAsJsonAsync($"/api/households/{a.Id}/merge", new { intoId = a.Id, mergedOn = "2026-09-01" }),
            HttpStatusCode.Conflict);
        await AssertProblemAsync(await head.PostAsJsonAsync($"/api/households/{a.Id}/move-out", new { leftOn = "2025-12-31" }),
            HttpStatusCode.UnprocessableEntity);

        var detail = (await head.GetFromJsonAsync<HouseholdDetailResponse>($"/api/households/{a.Id}", JsonOptions))!;
        Assert.Equal(("Nguyễn Văn Ân", HouseholdStatus.Active), (detail.Household.RepresentativeName, detail.Household.Status));
        Assert.Equal(["Household.updated", "Household.created"], detail.History.Select(h => h.Action));
        Assert.All(detail.History, h => Assert.Equal(DemoUsers.HamletHeadA, h.Actor));
        var rename = detail.History[0].Details!.Value.GetProperty("RepresentativeName");
        Assert.Equal(("Nguyễn Văn An", "Nguyễn Văn Ân"), (rename.GetProperty("from").GetString(), rename.GetProperty("to").GetString()));

        await using var db = app.NewDbContext();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(Household)).ToListAsync();
        string Changed(long id, string field) => string.Join("|", entries.Where(e => e.EntityId == id.ToString() && e.Action == "Household.updated")
            .Select(e => JsonDocument.Parse(e.Details!).RootElement).Where(d => d.TryGetProperty(field, out _))
            .Select(d => d.GetProperty(field).GetProperty("to").ToString()));
        Assert.Equal("Merged", Changed(b.Id, "Status"));
        Assert.Equal(c.Id.ToString(), Changed(b.Id, "MergedIntoId"));
        Assert.Equal("MovedOut", Changed(c.Id, "Status"));
        Assert.Equal("2026-08-01", Changed(c.Id, "LeftOn"));
        var created = entries.Single(e => e.EntityId == child.Id.ToString() && e.Action == "Household.created");
        Assert.Equal(a.Id, JsonDocument.Parse(created.Details!).RootElement.GetProperty("SplitFromId").GetInt64());
        var stored = await db.Households.AsNoTracking().Where(h => h.Code.StartsWith("AUD-")).ToDictionaryAsync(h => h.Code);
        Assert.Equal(4, stored.Count);
        Assert.Equal((HouseholdStatus.Merged, c.Id, new DateOnly(2026, 7, 1)), (stored["AUD-2"].Status, stored["AUD-2"].MergedIntoId!.Value,
            stored["AUD-2"].LeftOn!.Value));
        Assert.Equal(HouseholdStatus.Active, stored["AUD-1"].Status);
    }

    [Fact]
    public async Task A_merge_stays_inside_one_hamlet()
    {
        var kv1 = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 1, "MRG-KV1-");
        var kv2 = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA2, 1, "MRG-KV2-");
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var response = await leader.PostAsJsonAsync($"/api/households/{kv1[0]}/merge", new { intoId = kv2[0], mergedOn = "2026-12-01" });
        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("same hamlet", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        // The hamlet head of KV1 cannot even name KV2's household.
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        await AssertProblemAsync(await head.PostAsJsonAsync($"/api/households/{kv1[0]}/merge", new { intoId = kv2[0], mergedOn = "2026-12-01" }),
            HttpStatusCode.NotFound);
        await using var db = app.NewDbContext();
        Assert.Equal(HouseholdStatus.Active, (await db.Households.SingleAsync(h => h.Id == kv1[0])).Status);
    }

    [Fact]
    public async Task The_register_is_searched_filtered_and_paged()
    {
        var kv1 = await UnitIdAsync(HamletWorld.HamletA);
        var ids = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 30, "PAG-");
        await using (var db = app.NewDbContext())
        {
            await db.Households.Where(h => h.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, HouseholdStatus.MovedOut));
        }
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var page2 = (await head.GetFromJsonAsync<HouseholdListResponse>($"/api/households?unitId={kv1}&q=pag-&page=2", JsonOptions))!;
        Assert.Equal((2, 2, 30, 5), (page2.Page, page2.Pages, page2.Total, page2.Households.Length));
        var movedOut = (await head.GetFromJsonAsync<HouseholdListResponse>($"/api/households?unitId={kv1}&q=PAG-&status=MovedOut", JsonOptions))!;
        Assert.Equal(["PAG-0001"], movedOut.Households.Select(h => h.Code));
        var byName = (await head.GetFromJsonAsync<HouseholdListResponse>($"/api/households?unitId={kv1}&q=đại diện hộ PAG-0017", JsonOptions))!;
        Assert.Equal(["PAG-0017"], byName.Households.Select(h => h.Code));
        Assert.Equal(HttpStatusCode.BadRequest, (await head.GetAsync($"/api/households?unitId={kv1}&status=Gone")).StatusCode);
    }

    [Fact]
    public async Task A_hamlet_heads_jurisdiction_must_be_a_hamlet_or_residential_group()
    {
        var (ward, kv2) = (await UnitIdAsync("DEMO-92-CR"), await UnitIdAsync(HamletWorld.HamletA2));
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        object Account(string userName, int unitId) =>
            new { userName, fullName = "Tổ trưởng khu vực Yên Thạnh", password = "Mat-khau-dai-2026", role = "HamletHead", jurisdictionUnitId = unitId };

        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/users", Account("truong.phuong", ward)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", Account("truong.yenthanh", kv2))).StatusCode);
        await using var db = app.NewDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "truong.phuong"));
        Assert.Equal(kv2, (await db.Users.SingleAsync(u => u.UserName == "truong.yenthanh")).JurisdictionUnitId);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
