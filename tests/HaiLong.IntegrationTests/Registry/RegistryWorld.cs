namespace HaiLong.IntegrationTests.Registry;

/// <summary>Ids of the demo world's ward A (Phường Cái Răng) and ward B (Phường Hưng Phú) objects, read from the database.</summary>
public sealed record DemoIds(
    int Province, int WardA, int WardB, int HamletA, int HamletB,
    int AgencyA, int AgencyB, string AgencyBCode, int CentreB,
    int OfficialA, int OfficialB, int CounterA, int CounterB, long ShiftA, int ShiftAOfficial, long ShiftB, int ShiftBOfficial,
        DateTimeOffset ShiftBStartsAt, int Procedure1)
{
    public static async Task<DemoIds> LoadAsync(HaiLongApp app)
    {
        await using var db = app.NewDbContext();
        var units = await db.Units.AsNoTracking().ToListAsync();
        var province = units.Single(u => u.Code == DemoWorld.ProvinceCode);
        var wardA = units.Single(u => u.Code == DemoWorld.WardACode);
        var wardB = units.Single(u => u.Code == DemoWorld.WardBCode);
        var hamletA = units.Single(u => u.Code == DemoWorld.WardACode + "-KV1");
        var hamletB = units.Single(u => u.Code == DemoWorld.WardBCode + "-KV1");
        var agencyA = await db.Agencies.SingleAsync(a => a.Code == DemoWorld.WardACode + "-UBND");
        var agencyB = await db.Agencies.SingleAsync(a => a.Code == DemoWorld.WardBCode + "-UBND");
        var centreB = await db.Agencies.SingleAsync(a => a.Code == DemoWorld.WardBCode + "-TTPVHCC");
        var officialA = await db.Officials.SingleAsync(o => o.StaffCode == "CR-002");
        var officialB = await db.Officials.SingleAsync(o => o.StaffCode == "HP-002");
        var counterA = await db.ServicePoints.SingleAsync(s => s.Code == DemoWorld.WardACode + "-Q1");
        var counterB = await db.ServicePoints.SingleAsync(s => s.Code == DemoWorld.WardBCode + "-Q1");
        var shiftA = await db.ServicePointShifts.Where(s => s.ServicePointId == counterA.Id).OrderBy(s => s.Id).FirstAsync();
        var shiftB = await db.ServicePointShifts.Where(s => s.ServicePointId == counterB.Id).OrderBy(s => s.Id).FirstAsync();
        var procedure1 = await db.Procedures.SingleAsync(p => p.Code == "DEMO-TTHC-001");
        return new DemoIds(province.Id, wardA.Id, wardB.Id, hamletA.Id, hamletB.Id, agencyA.Id, agencyB.Id, agencyB.Code, centreB.Id,
            officialA.Id, officialB.Id, counterA.Id, counterB.Id, shiftA.Id, shiftA.OfficialId, shiftB.Id, shiftB.OfficialId, shiftB.StartsAt, procedure1.Id);
    }
}

public static class RegistryWorld
{
    public const string WardAdminA = "quantri.cairang";

    /// <summary>An administrator whose jurisdiction is ward A only, created through the API by the province administrator.</summary>
    public static async Task<HttpClient> WardAdminAAsync(HaiLongApp app, DemoIds ids)
    {
        await using (var db = app.NewDbContext())
        {
            if (!await db.Users.AnyAsync(u => u.UserName == WardAdminA))
            {
                var admin = await app.ClientAsAsync(DemoUsers.Administrator);
                var created = await admin.PostAsJsonAsync("/api/users", new
                {
                    userName = WardAdminA,
                    fullName = "Quản trị phường Cái Răng",
                    password = Seeder.DemoPassword,
                    role = "Administrator",
                    jurisdictionUnitId = ids.WardA,
                });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
        }
        return await app.ClientAsAsync(WardAdminA);
    }

    /// <summary>Every registry row, serialised: equal before and after means a request changed nothing.</summary>
    public static async Task<string> SnapshotAsync(HaiLongApp app)
    {
        await using var db = app.NewDbContext();
        var snapshot = new
        {
            units = await db.Units.AsNoTracking().OrderBy(u => u.Id)
                .Select(u => new { u.Id, u.Code, u.Name, u.Level, u.ParentId, u.Path, u.IsRemoteArea }).ToListAsync(),
            agencies = await db.Agencies.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.UnitId, a.Kind, a.Code, a.Name }).ToListAsync(),
            officials = await db.Officials.AsNoTracking().OrderBy(o => o.Id)
                .Select(o => new { o.Id, o.AgencyId, o.StaffCode, o.FullName, o.Position, o.IsLeader, o.ActiveFrom, o.ActiveTo }).ToListAsync(),
            points = await db.ServicePoints.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.Id, s.AgencyId, s.Code, s.Name }).ToListAsync(),
            shifts = await db.ServicePointShifts.AsNoTracking().OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.ServicePointId, s.OfficialId, s.StartsAt, s.EndsAt }).ToListAsync(),
            procedures = await db.Procedures.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Code, p.Name, p.Field }).ToListAsync(),
        };
        return JsonSerializer.Serialize(snapshot);
    }

    /// <summary>Sends <paramref name="request"/> as <paramref name="client"/>, checks the answer with <paramref name="assert"/>,
    /// and that the registry is as it was before.</summary>
    public static async Task SendChangingNothingAsync(HaiLongApp app, HttpClient client, HttpRequestMessage request,
        Func<HttpResponseMessage, Task> assert)
    {
        var before = await SnapshotAsync(app);
        await assert(await client.SendAsync(request));
        Assert.Equal(before, await SnapshotAsync(app));
    }

    public static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    public static async Task AssertProblemAsync(HttpResponseMessage response, params HttpStatusCode[] allowed)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(allowed.Contains(response.StatusCode),
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: " +
            $"expected {string.Join("/", allowed)}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)response.StatusCode, json.RootElement.GetProperty("status").GetInt32());
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];
}
