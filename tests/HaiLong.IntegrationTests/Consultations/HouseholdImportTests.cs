using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HaiLong.Api.Features.Consultations;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// A hamlet's register imported from the ward's residence records (CSV): 120 households previewed then applied, the same file
/// again changes nothing, a later file adds, changes and — only when asked — marks moved out, and a file with bad rows is
/// refused with each row's number, storing nothing. Khu vực Yên Thạnh (KV2) has no demo register, so its counts are exact.
/// </summary>
public sealed class HouseholdImportTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string File(IEnumerable<int> numbers, Func<int, string>? name = null, bool bom = false) =>
        (bom ? "\uFEFF" : "") + "code,representative,address\n"
        + string.Concat(numbers.Select(i => $"IMP{i:0000},{name?.Invoke(i) ?? $"Nguyễn Văn Hộ {i}"},\"Số {i}, đường 3/2, khu vực Yên Thạnh\"\n"));

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, int unitId, string csv, bool dryRun, bool markMissing = false)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new("text/csv") { CharSet = "utf-8" };
        return await client.PostAsync($"/api/households/import?unitId={unitId}&dryRun={dryRun}&markMissingMovedOut={markMissing}", content);
    }

    private async Task<(int UnitId, HttpClient Client)> SetUpAsync()
    {
        await using var db = app.NewDbContext();
        var unitId = await db.Units.Where(u => u.Code == HamletWorld.HamletA2).Select(u => u.Id).SingleAsync();
        return (unitId, await app.ClientAsAsync(DemoUsers.WardLeaderA));
    }

    private async Task<Dictionary<string, Household>> RegisterAsync(int unitId)
    {
        await using var db = app.NewDbContext();
        return await db.Households.AsNoTracking().Where(h => h.UnitId == unitId).ToDictionaryAsync(h => h.Code);
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = app.NewDbContext();
        return await db.AuditEntries.CountAsync(e => e.EntityType == nameof(Household));
    }

    [Fact]
    public async Task One_hundred_twenty_households_are_previewed_applied_and_imported_again_without_a_change()
    {
        var (unitId, client) = await SetUpAsync();
        var csv = File(Enumerable.Range(1, 120), bom: true);

        var preview = await ImportAsync(client, unitId, csv, dryRun: true);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var dry = (await preview.Content.ReadFromJsonAsync<HouseholdImportResult>(Json))!;
        Assert.Equal((false, 120, 0, 0), (dry.Applied, dry.ToAdd.Length, dry.ToChange.Length, dry.Missing.Length));
        Assert.Equal((2, "IMP0001", "Số 1, đường 3/2, khu vực Yên Thạnh"), (dry.ToAdd[0].Row, dry.ToAdd[0].Code, dry.ToAdd[0].Address));
        Assert.Empty(await RegisterAsync(unitId));

        var applied = (await (await ImportAsync(client, unitId, csv, dryRun: false)).Content.ReadFromJsonAsync<HouseholdImportResult>(Json))!;
        Assert.Equal((true, 120), (applied.Applied, applied.ToAdd.Length));
        var register = await RegisterAsync(unitId);
        Assert.Equal(120, register.Values.Count(h => h.Status == HouseholdStatus.Active));
        Assert.Equal("Nguyễn Văn Hộ 7", register["IMP0007"].RepresentativeName);
        var audited = await AuditCountAsync();

        // The same file again (without its BOM this time): nothing to add, change or miss, and nothing written.
        var again = (await (await ImportAsync(client, unitId, File(Enumerable.Range(1, 120)), dryRun: false, markMissing: true))
            .Content.ReadFromJsonAsync<HouseholdImportResult>(Json))!;
        Assert.Equal((0, 0, 0, 120), (again.ToAdd.Length, again.ToChange.Length, again.Missing.Length, again.Unchanged));
        Assert.Equal(audited, await AuditCountAsync());
        Assert.Equal(register.Values.Select(h => h.UpdatedAt).Order(), (await RegisterAsync(unitId)).Values.Select(h => h.UpdatedAt).Order());

        // The next year's records: two households gone, one renamed, three new. Missing households stay until the importer
        // chooses to mark them moved out.
        var next = File(Enumerable.Range(3, 121), i => i == 10 ? "Phạm Thị Mười" : $"Nguyễn Văn Hộ {i}");
        var kept = (await (await ImportAsync(client, unitId, next, dryRun: false)).Content.ReadFromJsonAsync<HouseholdImportResult>(Json))!;
        Assert.Equal((3, 1, 2), (kept.ToAdd.Length, kept.ToChange.Length, kept.Missing.Length));
        Assert.Equal(["IMP0001", "IMP0002"], kept.Missing.Select(m => m.Code));
        Assert.Equal(HouseholdStatus.Active, (await RegisterAsync(unitId))["IMP0001"].Status);
        var marked = (await (await ImportAsync(client, unitId, next, dryRun: false, markMissing: true)).Content
            .ReadFromJsonAsync<HouseholdImportResult>(Json))!;
        Assert.Equal((0, 0, 2), (marked.ToAdd.Length, marked.ToChange.Length, marked.Missing.Length));
        register = await RegisterAsync(unitId);
        Assert.Equal((HouseholdStatus.MovedOut, marked.MovedOutOn), (register["IMP0001"].Status, register["IMP0001"].LeftOn));
        Assert.Equal("Phạm Thị Mười", register["IMP0010"].RepresentativeName);
        Assert.Equal(121, register.Values.Count(h => h.Status == HouseholdStatus.Active));

        // A household that left is not given its code back by a later file.
        var back = await ImportAsync(client, unitId, File([1]), dryRun: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, back.StatusCode);
        var problem = await back.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, problem.GetProperty("rowErrors")[0].GetProperty("row").GetInt32());
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_refused_with_their_line_numbers_and_stores_nothing()
    {
        var (unitId, client) = await SetUpAsync();
        var before = await RegisterAsync(unitId);
        var audited = await AuditCountAsync();
        var csv = "code,representative,address\n"
            + "BAD0001,Nguyễn Văn A,Số 1\n"
            + "BAD0002,,Số 2\n"
            + "BAD0001,Nguyễn Văn B,Số 3\n"
            + $"BAD0004,{new string('x', 257)},Số 4\n"
            + "BAD0005,Nguyễn Văn E,Số 5\n";
        foreach (var dryRun in new[] { true, false })
        {
            var response = await ImportAsync(client, unitId, csv, dryRun);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rowErrors").EnumerateArray()
                .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
            Assert.Equal([(3, "representative"), (4, "code"), (5, "representative")], errors);
        }
        var header = await ImportAsync(client, unitId, "code,name,address\nX,Y,Z\n", dryRun: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, header.StatusCode);
        var tooMany = await ImportAsync(client, unitId, File(Enumerable.Range(1, HouseholdImport.MaxRows + 1)), dryRun: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        var notCsv = await client.PostAsync($"/api/households/import?unitId={unitId}", new StringContent("code,representative,address\n"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notCsv.StatusCode);
        var latin1 = new ByteArrayContent([.. Encoding.UTF8.GetBytes("code,representative,address\nL1,"), 0xE0, .. "x,y\n"u8.ToArray()]);
        latin1.Headers.ContentType = new("text/csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsync($"/api/households/import?unitId={unitId}", latin1)).StatusCode);

        Assert.Equal(before.Count, (await RegisterAsync(unitId)).Count);
        Assert.Equal(audited, await AuditCountAsync());
    }

    [Fact]
    public async Task Only_a_hamlet_in_the_importers_jurisdiction_takes_a_file()
    {
        await using var db = app.NewDbContext();
        var units = await db.Units.Where(u => u.Code == HamletWorld.HamletA2 || u.Code == HamletWorld.HamletB || u.Code == "DEMO-92-CR")
            .ToDictionaryAsync(u => u.Code, u => u.Id);
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var csv = File([900]);
        Assert.Equal(HttpStatusCode.NotFound, (await ImportAsync(head, units[HamletWorld.HamletA2], csv, dryRun: false)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ImportAsync(leader, units[HamletWorld.HamletB], csv, dryRun: false)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ImportAsync(leader, units["DEMO-92-CR"], csv, dryRun: false)).StatusCode);
        Assert.False(await db.Households.AnyAsync(h => h.Code == "IMP0900"));
    }
}
