namespace HaiLong.IntegrationTests.Registry;

/// <summary>
/// Every registry endpoint, asked about ward B (Phường Hưng Phú): the ward leader of ward A is refused (403 or 404) and nothing
/// changes; an administrator of ward A gets 404 for ward B's objects (422 where ward B's object is only named in the body)
/// and nothing changes; the province administrator can do it.
/// </summary>
[RunsLong(16)]
public sealed class RegistryJurisdictionTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>What the request addresses: a list (ward B's rows must be absent), an object of ward B by id, or a body naming one.</summary>
    public enum Target
    {
        List,
        ById,
        InBody,
        National,
    }

    public sealed record Case(Target Target, HttpMethod Method, Func<DemoIds, string> Path, Func<DemoIds, HttpContent?> Body,
        Func<DemoIds, HttpClient, Task<string>>? FreshPath = null)
    {
        public HttpRequestMessage Request(DemoIds ids, string? path = null) => new(Method, path ?? Path(ids)) { Content = Body(ids) };
    }

    private static readonly DateTimeOffset FutureShift = new(2031, 1, 1, 7, 0, 0, TimeSpan.FromHours(7));

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["ListUnits"] = new(Target.List, HttpMethod.Get, _ => "/api/units", _ => null),
        ["ListUnitsTree"] = new(Target.List, HttpMethod.Get, _ => "/api/units?view=tree", _ => null),
        ["GetUnit"] = new(Target.ById, HttpMethod.Get, i => $"/api/units/{i.WardB}", _ => null),
        ["CreateUnit"] = new(Target.InBody, HttpMethod.Post, _ => "/api/units",
            i => JsonContent.Create(new { code = RegistryWorld.Unique("U"), name = "Khu vực mới", level = "ResidentialGroup", parentId = i.WardB })),
        ["UpdateUnit"] = new(Target.ById, HttpMethod.Put, i => $"/api/units/{i.HamletB}",
            i => JsonContent.Create(new { code = "DEMO-92-HP-KV1", name = "Khu vực 1 (đổi tên)", level = "ResidentialGroup", parentId = i.WardB })),
        ["MoveUnitIntoB"] = new(Target.InBody, HttpMethod.Put, i => $"/api/units/{i.HamletA}",
            i => JsonContent.Create(new { code = "DEMO-92-CR-KV1-X", name = "Khu vực Yên Bình", level = "ResidentialGroup", parentId = i.WardB }),
            async (i, admin) =>
            {
                // A hamlet of its own, so that moving it leaves the demo hamlet where the other cases expect it.
                var created = await admin.PostAsJsonAsync("/api/units", new { code = "DEMO-92-CR-KV1-X", name = "Tạm", level = "Hamlet", parentId = i.WardA });
                return $"/api/units/{(await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32()}";
            }),
        ["DeleteUnit"] = new(Target.ById, HttpMethod.Delete, i => $"/api/units/{i.HamletB}", _ => null, async (i, admin) =>
        {
            var created =
                await admin.PostAsJsonAsync("/api/units", new { code = RegistryWorld.Unique("U"), name = "Tạm", level = "Hamlet", parentId = i.WardB });
            return $"/api/units/{(await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32()}";
        }),

        ["ListAgencies"] = new(Target.List, HttpMethod.Get, _ => "/api/agencies", _ => null),
        ["ListAgenciesOfB"] = new(Target.List, HttpMethod.Get, i => $"/api/agencies?unitId={i.WardB}", _ => null),
        ["GetAgency"] = new(Target.ById, HttpMethod.Get, i => $"/api/agencies/{i.AgencyB}", _ => null),
        ["CreateAgency"] = new(Target.InBody, HttpMethod.Post, _ => "/api/agencies",
            i => JsonContent.Create(new { unitId = i.WardB, kind = "PublicServiceUnit", code = RegistryWorld.Unique("A"), name = "Trạm Y tế" })),
        ["UpdateAgency"] = new(Target.ById, HttpMethod.Put, i => $"/api/agencies/{i.AgencyB}",
            i => JsonContent.Create(new { unitId = i.WardB, kind = "PeoplesCommittee", code = i.AgencyBCode, name = "Ủy ban nhân dân phường hưng phú" })),
        ["DeleteAgency"] = new(Target.ById, HttpMethod.Delete, i => $"/api/agencies/{i.AgencyB}", _ => null, async (i, admin) =>
        {
            var created =
                await admin.PostAsJsonAsync("/api/agencies", new { unitId = i.WardB, kind = "Other", code = RegistryWorld.Unique("A"), name = "Tạm" });
            return $"/api/agencies/{(await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32()}";
        }),

        ["ListOfficials"] = new(Target.List, HttpMethod.Get, _ => "/api/officials", _ => null),
        ["ListOfficialsOfB"] = new(Target.List, HttpMethod.Get, i => $"/api/officials?agencyId={i.AgencyB}", _ => null),
        ["GetOfficial"] = new(Target.ById, HttpMethod.Get, i => $"/api/officials/{i.OfficialB}", _ => null),
        ["CreateOfficial"] = new(Target.InBody, HttpMethod.Post, _ => "/api/officials", i => JsonContent.Create(new
        {
            agencyId = i.AgencyB, staffCode = RegistryWorld.Unique("O"), fullName = "Nguyễn Văn Mới", position = "Công chức",
                isLeader = false, activeFrom = "2025-07-01",
        })),
        ["UpdateOfficial"] = new(Target.ById, HttpMethod.Put, i => $"/api/officials/{i.OfficialB}", i => JsonContent.Create(new
        {
            agencyId = i.AgencyB, staffCode = "HP-002", fullName = "Trương Thị Bích Vân", position = "Chủ tịch Ủy ban nhân dân",
                isLeader = true, activeFrom = "2023-01-01",
        })),
        ["EndOfficialService"] = new(Target.ById, HttpMethod.Post, i => $"/api/officials/{i.OfficialB}/end-of-service",
            _ => JsonContent.Create(new { activeTo = "2030-12-31" }), async (i, admin)
                => $"/api/officials/{await NewOfficialAsync(admin, i.AgencyB)}/end-of-service"),
        ["TransferOfficial"] = new(Target.ById, HttpMethod.Post, i => $"/api/officials/{i.OfficialB}/transfer",
            i => JsonContent.Create(new { agencyId = i.CentreB }), async (i, admin) => $"/api/officials/{await NewOfficialAsync(admin, i.AgencyB)}/transfer"),
        ["TransferOfficialIntoB"] = new(Target.InBody, HttpMethod.Post, i => $"/api/officials/{i.OfficialA}/transfer",
            i => JsonContent.Create(new { agencyId = i.AgencyB }), async (i, admin) => $"/api/officials/{await NewOfficialAsync(admin, i.AgencyA)}/transfer"),
        ["DeleteOfficial"] = new(Target.ById, HttpMethod.Delete, i => $"/api/officials/{i.OfficialB}", _ => null,
            async (i, admin) => $"/api/officials/{await NewOfficialAsync(admin, i.AgencyB)}"),
        ["ImportOfficials"] = new(Target.InBody, HttpMethod.Post, _ => "/api/officials/import", i => RegistryWorld.Csv(
            "staff_code,full_name,position,agency_code,is_leader,active_from,active_to\n" +
            $"{RegistryWorld.Unique("O")},Lê Văn Nhập,Công chức,{i.AgencyBCode},0,2025-07-01,\n")),

        ["ListServicePoints"] = new(Target.List, HttpMethod.Get, _ => "/api/service-points", _ => null),
        ["GetServicePoint"] = new(Target.ById, HttpMethod.Get, i => $"/api/service-points/{i.CounterB}", _ => null),
        ["CreateServicePoint"] = new(Target.InBody, HttpMethod.Post, _ => "/api/service-points",
            i => JsonContent.Create(new { agencyId = i.CentreB, code = RegistryWorld.Unique("Q"), name = "Quầy số 9" })),
        ["UpdateServicePoint"] = new(Target.ById, HttpMethod.Put, i => $"/api/service-points/{i.CounterB}",
            i => JsonContent.Create(new { agencyId = i.CentreB, code = "DEMO-92-HP-Q1", name = "Quầy số 1" })),
        ["DeleteServicePoint"] = new(Target.ById, HttpMethod.Delete, i => $"/api/service-points/{i.CounterB}", _ => null,
            async (i, admin) => $"/api/service-points/{await NewCounterAsync(admin, i.CentreB)}"),
        ["ListShifts"] = new(Target.ById, HttpMethod.Get, i => $"/api/service-points/{i.CounterB}/shifts", _ => null),
        ["CreateShift"] = new(Target.ById, HttpMethod.Post, i => $"/api/service-points/{i.CounterB}/shifts",
            i => JsonContent.Create(new { officialId = i.OfficialB, startsAt = FutureShift }),
            async (i, admin) => $"/api/service-points/{await NewCounterAsync(admin, i.CentreB)}/shifts"),
        ["CreateShiftWithOfficialOfB"] = new(Target.InBody, HttpMethod.Post, i => $"/api/service-points/{i.CounterA}/shifts",
            i => JsonContent.Create(new { officialId = i.OfficialB, startsAt = FutureShift, endsAt = FutureShift.AddHours(4) }),
            async (i, admin) => $"/api/service-points/{await NewCounterAsync(admin, i.CentreB)}/shifts"),
        ["UpdateShift"] = new(Target.ById, HttpMethod.Put, i => $"/api/service-points/{i.CounterB}/shifts/{i.ShiftB}",
            i => JsonContent.Create(new { officialId = i.ShiftBOfficial, startsAt = i.ShiftBStartsAt })),

        ["ListProcedures"] = new(Target.National, HttpMethod.Get, _ => "/api/procedures", _ => null),
        ["CreateProcedure"] = new(Target.National, HttpMethod.Post, _ => "/api/procedures",
            _ => JsonContent.Create(new { code = RegistryWorld.Unique("P"), name = "Thủ tục mới", field = "Hộ tịch" })),
        ["UpdateProcedure"] = new(Target.National, HttpMethod.Put, i => $"/api/procedures/{i.Procedure1}",
            _ => JsonContent.Create(new { code = "DEMO-TTHC-001", name = "Đăng ký khai sinh", field = "Hộ tịch" })),
        ["DeleteProcedure"] = new(Target.National, HttpMethod.Delete, i => $"/api/procedures/{i.Procedure1}", _ => null, async (_, admin) =>
        {
            var created = await admin.PostAsJsonAsync("/api/procedures", new { code = RegistryWorld.Unique("P"), name = "Tạm", field = "Khác" });
            return $"/api/procedures/{(await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32()}";
        }),
        ["ImportProcedures"] = new(Target.National, HttpMethod.Post, _ => "/api/procedures/import",
            _ => RegistryWorld.Csv($"code,name,field\n{RegistryWorld.Unique("P")},\"Thủ tục A, B\",Hộ tịch\n")),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task The_ward_leader_of_A_is_refused_and_nothing_changes(string name)
    {
        var ids = await DemoIds.LoadAsync(app);
        var c = Cases[name];
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);

        await RegistryWorld.SendChangingNothingAsync(app, leader, c.Request(ids), async response =>
        {
            if (c.Method == HttpMethod.Get && c.Target is Target.List or Target.National)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                if (c.Target == Target.List) AssertHasNoneOfB(await response.Content.ReadAsStringAsync());
            }
            else
            {
                await RegistryWorld.AssertProblemAsync(response,
                    c.Method == HttpMethod.Get ? [HttpStatusCode.NotFound] : [HttpStatusCode.Forbidden, HttpStatusCode.NotFound]);
            }
        });
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task An_administrator_of_A_gets_404_for_B_and_nothing_changes(string name)
    {
        var ids = await DemoIds.LoadAsync(app);
        var c = Cases[name];
        var adminA = await RegistryWorld.WardAdminAAsync(app, ids);

        await RegistryWorld.SendChangingNothingAsync(app, adminA, c.Request(ids), response => AssertRefusedToWardAAsync(c, ids, response));
    }

    private async Task AssertRefusedToWardAAsync(Case c, DemoIds ids, HttpResponseMessage response)
    {
        switch (c.Target)
        {
            case Target.List:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                AssertHasNoneOfB(await response.Content.ReadAsStringAsync());
                break;
            case Target.ById:
                await RegistryWorld.AssertProblemAsync(response, HttpStatusCode.NotFound);
                break;
            case Target.InBody:
                // Ward B's object named in the body is unknown to this administrator, exactly like an id that does not exist.
                await RegistryWorld.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
                Assert.Contains("not in your jurisdiction", await response.Content.ReadAsStringAsync());
                break;
            case Target.National when c.Method == HttpMethod.Get:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                break;
            case Target.National:
                // The national catalogue is not a ward administrator's to change; the refusal is audited.
                await RegistryWorld.AssertProblemAsync(response, HttpStatusCode.Forbidden);
                await using (var db = app.NewDbContext())
                {
                    var refused = await db.AuditEntries.Where(a => a.Action == "authorization.refused").Select(a => a.Details).ToListAsync();
                    Assert.Contains(refused, d => d!.Contains(c.Path(ids)));
                }
                break;
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task The_province_administrator_can_read_and_write_B(string name)
    {
        var ids = await DemoIds.LoadAsync(app);
        var c = Cases[name];
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var path = c.FreshPath is null ? c.Path(ids) : await c.FreshPath(ids, admin);

        var response = await admin.SendAsync(c.Request(ids, path));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{c.Method} {path}: {(int)response.StatusCode} {body}");
        if (c.Target == Target.List) Assert.Matches("DEMO-92-HP|\"HP-0", body);
    }

    /// <summary>Every ward B row carries a code starting DEMO-92-HP (units, agencies, counters) or HP- (officials).</summary>
    private static void AssertHasNoneOfB(string json)
    {
        Assert.DoesNotContain("DEMO-92-HP", json);
        Assert.DoesNotContain("\"HP-", json);
    }

    private static async Task<int> NewOfficialAsync(HttpClient admin, int agencyId)
    {
        var created = await admin.PostAsJsonAsync("/api/officials", new
        {
            agencyId, staffCode = RegistryWorld.Unique("O"), fullName = "Tạm", position = "Công chức", isLeader = false, activeFrom = "2025-07-01",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task<int> NewCounterAsync(HttpClient admin, int agencyId)
    {
        var created = await admin.PostAsJsonAsync("/api/service-points", new { agencyId, code = RegistryWorld.Unique("Q"), name = "Quầy tạm" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
