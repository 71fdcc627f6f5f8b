namespace HaiLong.IntegrationTests.Registry;

/// <summary>Bad input to every registry write endpoint is a ProblemDetails 400/404/409/415/422 and changes nothing.</summary>
public sealed class RegistryValidationTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    public sealed record Case(HttpMethod Method, Func<DemoIds, string> Path, Func<DemoIds, HttpContent> Body, HttpStatusCode Expected, string? Says = null);

    private static readonly string Long65 = new('X', 65);
    private static readonly string Long129 = new('Â', 129);
    private static readonly string Long257 = new('Ư', 257);
    private static readonly string Long513 = new('Đ', 513);
    private static readonly DateTimeOffset Morning = new(2031, 3, 2, 8, 0, 0, TimeSpan.FromHours(7));

    private static HttpContent Json(object o) => JsonContent.Create(o);
    private static HttpContent Text(string s) => new StringContent(s, Encoding.UTF8, "text/plain");
    private static HttpContent Broken() => new StringContent("{\"code\": ", Encoding.UTF8, "application/json");

    public static readonly Dictionary<string, Case> Cases = new()
    {
        // Units
        ["CreateUnit: missing fields"] = new(HttpMethod.Post, _ => "/api/units", _ => Json(new { }), HttpStatusCode.BadRequest),
        ["CreateUnit: malformed JSON"] = new(HttpMethod.Post, _ => "/api/units", _ => Broken(), HttpStatusCode.BadRequest),
        ["CreateUnit: over-long name"] = new(HttpMethod.Post, _ => "/api/units",
            i => Json(new { code = "N1", name = Long257, level = "Hamlet", parentId = i.WardA }), HttpStatusCode.BadRequest, "Name"),
        ["CreateUnit: over-long code"] = new(HttpMethod.Post, _ => "/api/units",
            i => Json(new { code = Long65, name = "Ấp", level = "Hamlet", parentId = i.WardA }), HttpStatusCode.BadRequest, "Code"),
        ["CreateUnit: unknown level"] = new(HttpMethod.Post, _ => "/api/units",
            i => Json(new { code = "N1", name = "Ấp", level = "Village", parentId = i.WardA }), HttpStatusCode.BadRequest),
        ["CreateUnit: unknown parent"] = new(HttpMethod.Post, _ => "/api/units",
            _ => Json(new { code = "N1", name = "Ấp", level = "Hamlet", parentId = 999_999 }), HttpStatusCode.UnprocessableEntity, "Unknown parent"),
        ["CreateUnit: duplicate code"] = new(HttpMethod.Post, _ => "/api/units",
            i => Json(new { code = "DEMO-92-CR", name = "Ấp", level = "Hamlet", parentId = i.WardA }), HttpStatusCode.Conflict, "already exists"),
        ["CreateUnit: ward under a hamlet"] = new(HttpMethod.Post, _ => "/api/units",
            i => Json(new { code = "N1", name = "Phường Mới", level = "Ward", parentId = i.HamletA }),
                HttpStatusCode.UnprocessableEntity, "cannot be the parent"),
        ["CreateUnit: hamlet under the province"] = new(HttpMethod.Post, _ => "/api/units",
            i => Json(new { code = "N1", name = "Ấp", level = "Hamlet", parentId = i.Province }), HttpStatusCode.UnprocessableEntity, "cannot be the parent"),
        ["CreateUnit: top-level unit by a province administrator"] = new(HttpMethod.Post, _ => "/api/units",
            _ => Json(new { code = "N1", name = "Tỉnh Mới", level = "Province" }), HttpStatusCode.Forbidden),
        ["CreateUnit: wrong content type"] = new(HttpMethod.Post, _ => "/api/units", _ => Text("code=N1"), HttpStatusCode.UnsupportedMediaType),
        ["UpdateUnit: cycle (ward under its own hamlet)"] = new(HttpMethod.Put, i => $"/api/units/{i.WardA}",
            i => Json(new { code = "DEMO-92-CR", name = "Phường Cái Răng", level = "Ward", parentId = i.HamletA }),
                HttpStatusCode.UnprocessableEntity, "cycle"),
        ["UpdateUnit: cycle (its own parent)"] = new(HttpMethod.Put, i => $"/api/units/{i.WardA}",
            i => Json(new { code = "DEMO-92-CR", name = "Phường Cái Răng", level = "Ward", parentId = i.WardA }), HttpStatusCode.UnprocessableEntity, "cycle"),
        ["UpdateUnit: level no longer fits its children"] = new(HttpMethod.Put, i => $"/api/units/{i.WardA}",
            i => Json(new { code = "DEMO-92-CR", name = "Phường Cái Răng", level = "District", parentId = i.Province }),
                HttpStatusCode.UnprocessableEntity, "children"),
        ["UpdateUnit: duplicate code"] = new(HttpMethod.Put, i => $"/api/units/{i.WardA}",
            i => Json(new { code = "DEMO-92-HP", name = "Phường Cái Răng", level = "Ward", parentId = i.Province }), HttpStatusCode.Conflict),
        ["UpdateUnit: missing name"] = new(HttpMethod.Put, i => $"/api/units/{i.WardA}",
            i => Json(new { code = "DEMO-92-CR", level = "Ward", parentId = i.Province }), HttpStatusCode.BadRequest),
        ["UpdateUnit: wrong content type"] = new(HttpMethod.Put, i => $"/api/units/{i.WardA}", _ => Text("x"), HttpStatusCode.UnsupportedMediaType),
        ["UpdateUnit: unknown unit"] = new(HttpMethod.Put, _ => "/api/units/999999",
            i => Json(new { code = "N1", name = "Ấp", level = "Hamlet", parentId = i.WardA }), HttpStatusCode.NotFound),
        ["DeleteUnit: has children"] = new(HttpMethod.Delete, i => $"/api/units/{i.WardA}", _ => Json(new { }), HttpStatusCode.Conflict, "child units"),

        // Agencies
        ["CreateAgency: missing fields"] = new(HttpMethod.Post, _ => "/api/agencies", _ => Json(new { name = "Trạm" }), HttpStatusCode.BadRequest),
        ["CreateAgency: over-long name"] = new(HttpMethod.Post, _ => "/api/agencies",
            i => Json(new { unitId = i.WardA, kind = "Other", code = "A1", name = Long257 }), HttpStatusCode.BadRequest),
        ["CreateAgency: unknown kind"] = new(HttpMethod.Post, _ => "/api/agencies",
            i => Json(new { unitId = i.WardA, kind = "Ministry", code = "A1", name = "Trạm" }), HttpStatusCode.BadRequest),
        ["CreateAgency: unknown unit"] = new(HttpMethod.Post, _ => "/api/agencies",
            _ => Json(new { unitId = 999_999, kind = "Other", code = "A1", name = "Trạm" }), HttpStatusCode.UnprocessableEntity, "Unknown unit"),
        ["CreateAgency: duplicate code"] = new(HttpMethod.Post, _ => "/api/agencies",
            i => Json(new { unitId = i.WardA, kind = "Other", code = "DEMO-92-CR-UBND", name = "Trạm" }), HttpStatusCode.Conflict),
        ["CreateAgency: wrong content type"] = new(HttpMethod.Post, _ => "/api/agencies", _ => Text("x"), HttpStatusCode.UnsupportedMediaType),
        ["UpdateAgency: duplicate code"] = new(HttpMethod.Put, i => $"/api/agencies/{i.AgencyA}",
            i => Json(new { unitId = i.WardA, kind = "PeoplesCommittee", code = "DEMO-92-CR-HDND", name = "UBND" }), HttpStatusCode.Conflict),
        ["UpdateAgency: unknown unit"] = new(HttpMethod.Put, i => $"/api/agencies/{i.AgencyA}",
            _ => Json(new { unitId = 999_999, kind = "PeoplesCommittee", code = "DEMO-92-CR-UBND", name = "UBND" }), HttpStatusCode.UnprocessableEntity),
        ["UpdateAgency: over-long code"] = new(HttpMethod.Put, i => $"/api/agencies/{i.AgencyA}",
            i => Json(new { unitId = i.WardA, kind = "PeoplesCommittee", code = Long65, name = "UBND" }), HttpStatusCode.BadRequest),
        ["DeleteAgency: has officials"] = new(HttpMethod.Delete, i => $"/api/agencies/{i.AgencyA}", _ => Json(new { }), HttpStatusCode.Conflict),

        // Officials
        ["CreateOfficial: missing fields"] = new(HttpMethod.Post, _ => "/api/officials", _ => Json(new { fullName = "A" }), HttpStatusCode.BadRequest),
        ["CreateOfficial: over-long name"] = new(HttpMethod.Post, _ => "/api/officials",
            i => Json(new { agencyId = i.AgencyA, staffCode = "O1", fullName = Long257, position = "CC", activeFrom = "2025-01-01" }),
                HttpStatusCode.BadRequest),
        ["CreateOfficial: over-long position"] = new(HttpMethod.Post, _ => "/api/officials",
            i => Json(new { agencyId = i.AgencyA, staffCode = "O1", fullName = "A", position = Long129, activeFrom = "2025-01-01" }),
                HttpStatusCode.BadRequest),
        ["CreateOfficial: not a date"] = new(HttpMethod.Post, _ => "/api/officials",
            i => Json(new { agencyId = i.AgencyA, staffCode = "O1", fullName = "A", position = "CC", activeFrom = "mùng 1 tết" }), HttpStatusCode.BadRequest),
        ["CreateOfficial: unknown agency"] = new(HttpMethod.Post, _ => "/api/officials",
            _ => Json(new { agencyId = 999_999, staffCode = "O1", fullName = "A", position = "CC", activeFrom = "2025-01-01" }),
                HttpStatusCode.UnprocessableEntity, "Unknown agency"),
        ["CreateOfficial: duplicate staff code"] = new(HttpMethod.Post, _ => "/api/officials",
            i => Json(new { agencyId = i.AgencyA, staffCode = "CR-001", fullName = "A", position = "CC", activeFrom = "2025-01-01" }), HttpStatusCode.Conflict),
        ["CreateOfficial: ends before it starts"] = new(HttpMethod.Post, _ => "/api/officials",
            i => Json(new { agencyId = i.AgencyA, staffCode = "O1", fullName = "A", position = "CC", activeFrom = "2025-01-01",
                activeTo = "2024-12-31" }), HttpStatusCode.UnprocessableEntity),
        ["CreateOfficial: wrong content type"] = new(HttpMethod.Post, _ => "/api/officials", _ => Text("x"), HttpStatusCode.UnsupportedMediaType),
        ["UpdateOfficial: duplicate staff code"] = new(HttpMethod.Put, i => $"/api/officials/{i.OfficialA}",
            i => Json(new { agencyId = i.AgencyA, staffCode = "CR-001", fullName = "A", position = "CC", activeFrom = "2025-01-01" }), HttpStatusCode.Conflict),
        ["UpdateOfficial: unknown official"] = new(HttpMethod.Put, _ => "/api/officials/999999",
            i => Json(new { agencyId = i.AgencyA, staffCode = "O1", fullName = "A", position = "CC", activeFrom = "2025-01-01" }), HttpStatusCode.NotFound),
        ["EndOfficialService: before the first day"] = new(HttpMethod.Post, i => $"/api/officials/{i.OfficialA}/end-of-service",
            _ => Json(new { activeTo = "2001-01-01" }), HttpStatusCode.UnprocessableEntity),
        ["EndOfficialService: missing day"] =
            new(HttpMethod.Post, i => $"/api/officials/{i.OfficialA}/end-of-service", _ => Json(new { }), HttpStatusCode.BadRequest),
        ["TransferOfficial: to the agency already served"] = new(HttpMethod.Post, i => $"/api/officials/{i.OfficialA}/transfer",
            i => Json(new { agencyId = i.AgencyA }), HttpStatusCode.UnprocessableEntity, "already works"),
        ["TransferOfficial: unknown agency"] = new(HttpMethod.Post, i => $"/api/officials/{i.OfficialA}/transfer",
            _ => Json(new { agencyId = 999_999 }), HttpStatusCode.UnprocessableEntity, "Unknown agency"),
        ["TransferOfficial: missing agency"] =
            new(HttpMethod.Post, i => $"/api/officials/{i.OfficialA}/transfer", _ => Json(new { }), HttpStatusCode.BadRequest),
        ["TransferOfficial: unknown official"] = new(HttpMethod.Post, _ => "/api/officials/999999/transfer",
            i => Json(new { agencyId = i.AgencyA }), HttpStatusCode.NotFound),
        ["DeleteOfficial: has shifts"] =
            new(HttpMethod.Delete, i => $"/api/officials/{i.ShiftAOfficial}", _ => Json(new { }), HttpStatusCode.Conflict, "end-of-service"),
        ["ImportOfficials: wrong content type"] = new(HttpMethod.Post, _ => "/api/officials/import",
            _ => Json(new { staffCode = "O1" }), HttpStatusCode.UnsupportedMediaType),

        // Service points and shifts
        ["CreateServicePoint: missing fields"] = new(HttpMethod.Post, _ => "/api/service-points", _ => Json(new { }), HttpStatusCode.BadRequest),
        ["CreateServicePoint: over-long name"] = new(HttpMethod.Post, _ => "/api/service-points",
            i => Json(new { agencyId = i.AgencyA, code = "Q9", name = Long257 }), HttpStatusCode.BadRequest),
        ["CreateServicePoint: unknown agency"] = new(HttpMethod.Post, _ => "/api/service-points",
            _ => Json(new { agencyId = 999_999, code = "Q9", name = "Quầy 9" }), HttpStatusCode.UnprocessableEntity),
        ["CreateServicePoint: duplicate code"] = new(HttpMethod.Post, _ => "/api/service-points",
            i => Json(new { agencyId = i.AgencyA, code = "DEMO-92-CR-Q1", name = "Quầy 9" }), HttpStatusCode.Conflict),
        ["CreateServicePoint: wrong content type"] = new(HttpMethod.Post, _ => "/api/service-points", _ => Text("x"), HttpStatusCode.UnsupportedMediaType),
        ["UpdateServicePoint: duplicate code"] = new(HttpMethod.Put, i => $"/api/service-points/{i.CounterA}",
            i => Json(new { agencyId = i.AgencyA, code = "DEMO-92-CR-Q2", name = "Quầy 1" }), HttpStatusCode.Conflict),
        ["DeleteServicePoint: has a staffing history"] =
            new(HttpMethod.Delete, i => $"/api/service-points/{i.CounterA}", _ => Json(new { }), HttpStatusCode.Conflict),
        ["CreateShift: missing official"] = new(HttpMethod.Post, i => $"/api/service-points/{i.CounterA}/shifts",
            _ => Json(new { startsAt = Morning }), HttpStatusCode.BadRequest),
        ["CreateShift: ends before it starts"] = new(HttpMethod.Post, i => $"/api/service-points/{i.CounterA}/shifts",
            i => Json(new { officialId = i.OfficialA, startsAt = Morning, endsAt = Morning.AddHours(-1) }), HttpStatusCode.UnprocessableEntity),
        ["CreateShift: unknown official"] = new(HttpMethod.Post, i => $"/api/service-points/{i.CounterA}/shifts",
            _ => Json(new { officialId = 999_999, startsAt = Morning }), HttpStatusCode.UnprocessableEntity),
        ["CreateShift: overlaps the open shift"] = new(HttpMethod.Post, i => $"/api/service-points/{i.CounterA}/shifts",
            i => Json(new { officialId = i.OfficialA, startsAt = Morning, endsAt = Morning.AddHours(4) }), HttpStatusCode.Conflict, "overlaps"),
        ["CreateShift: unknown counter"] = new(HttpMethod.Post, _ => "/api/service-points/999999/shifts",
            i => Json(new { officialId = i.OfficialA, startsAt = Morning }), HttpStatusCode.NotFound),
        ["CreateShift: wrong content type"] =
            new(HttpMethod.Post, i => $"/api/service-points/{i.CounterA}/shifts", _ => Text("x"), HttpStatusCode.UnsupportedMediaType),
        ["UpdateShift: ends before it starts"] = new(HttpMethod.Put, i => $"/api/service-points/{i.CounterA}/shifts/{i.ShiftA}",
            i => Json(new { officialId = i.ShiftAOfficial, startsAt = Morning, endsAt = Morning }), HttpStatusCode.UnprocessableEntity),

        // Procedures
        ["CreateProcedure: missing fields"] = new(HttpMethod.Post, _ => "/api/procedures", _ => Json(new { code = "P1" }), HttpStatusCode.BadRequest),
        ["CreateProcedure: over-long name"] = new(HttpMethod.Post, _ => "/api/procedures",
            _ => Json(new { code = "P1", name = Long513, field = "Hộ tịch" }), HttpStatusCode.BadRequest),
        ["CreateProcedure: duplicate code"] = new(HttpMethod.Post, _ => "/api/procedures",
            _ => Json(new { code = "DEMO-TTHC-001", name = "Khai sinh", field = "Hộ tịch" }), HttpStatusCode.Conflict),
        ["CreateProcedure: wrong content type"] = new(HttpMethod.Post, _ => "/api/procedures", _ => Text("x"), HttpStatusCode.UnsupportedMediaType),
        ["UpdateProcedure: duplicate code"] = new(HttpMethod.Put, i => $"/api/procedures/{i.Procedure1}",
            _ => Json(new { code = "DEMO-TTHC-002", name = "Khai sinh", field = "Hộ tịch" }), HttpStatusCode.Conflict),
        ["UpdateProcedure: unknown procedure"] = new(HttpMethod.Put, _ => "/api/procedures/999999",
            _ => Json(new { code = "P1", name = "Khai sinh", field = "Hộ tịch" }), HttpStatusCode.NotFound),
        ["DeleteProcedure: unknown procedure"] = new(HttpMethod.Delete, _ => "/api/procedures/999999", _ => Json(new { }), HttpStatusCode.NotFound),
        ["ImportProcedures: wrong content type"] = new(HttpMethod.Post, _ => "/api/procedures/import",
            _ => Text("code,name,field\nP1,A,B\n"), HttpStatusCode.UnsupportedMediaType),
        ["ImportProcedures: not UTF-8"] = new(HttpMethod.Post, _ => "/api/procedures/import",
            _ => new ByteArrayContent([.. "code,name,field\nP1,"u8, 0xC0, 0xFF, .. ",B\n"u8]) { Headers = { ContentType = new("text/csv") } },
            HttpStatusCode.UnprocessableEntity, "UTF-8"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_is_a_problem_and_changes_nothing(string name)
    {
        var ids = await DemoIds.LoadAsync(app);
        var c = Cases[name];
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);

        var request = new HttpRequestMessage(c.Method, c.Path(ids)) { Content = c.Method == HttpMethod.Delete ? null : c.Body(ids) };
        await RegistryWorld.SendChangingNothingAsync(app, admin, request, async response =>
        {
            await RegistryWorld.AssertProblemAsync(response, c.Expected);
            if (c.Says is not null) Assert.Contains(c.Says, await response.Content.ReadAsStringAsync());
        });
    }
}
