using System.Net;
using System.Net.Http.Json;
using HaiLong.Api.Features.Consultations;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The register's changes made through the API decide the roll a later consultation freezes: a household that moved out or
/// merged is not on it, one split off is; the opening counts only active households. A class of its own, so that the
/// hamlet's register holds exactly what this test wrote.
/// </summary>
public sealed class HouseholdOpeningTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Move_out_merge_and_split_change_the_roll_of_a_consultation_opened_afterwards()
    {
        var ids = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 10, "OPN");
        var first = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA, ConsultationKind.Decide, [("Điều 1", null, false)]);
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);

        Assert.Equal(HttpStatusCode.OK, (await head.PostAsJsonAsync($"/api/households/{ids[0]}/move-out", new { leftOn = "2026-12-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await head.PostAsJsonAsync($"/api/households/{ids[1]}/merge", new { intoId = ids[2], mergedOn = "2026-12-01" })).StatusCode);
        var split = await head.PostAsJsonAsync($"/api/households/{ids[3]}/split",
            new { code = "OPN0004-T", representativeName = "Võ Thị Tách", address = "Số 4A", splitOn = "2026-12-01" });
        Assert.Equal(HttpStatusCode.Created, split.StatusCode);
        var child = (await split.Content.ReadFromJsonAsync<HouseholdResponse>())!;

        var second = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA, ConsultationKind.Decide, [("Điều 1", null, false)]);

        await using var db = app.NewDbContext();
        var consultations = await db.Consultations.AsNoTracking().Where(c => c.Id == first || c.Id == second).ToDictionaryAsync(c => c.Id);
        Assert.Equal(10, consultations[first].RegisteredHouseholds);
        Assert.Equal(9, consultations[second].RegisteredHouseholds);
        var roll = await db.ConsultationRoll.AsNoTracking().Where(r => r.ConsultationId == second).Select(r => r.HouseholdId).ToListAsync();
        Assert.Equal(9, roll.Count);
        Assert.DoesNotContain(ids[0], roll);
        Assert.DoesNotContain(ids[1], roll);
        Assert.Contains(ids[2], roll);
        Assert.Contains(ids[3], roll);
        Assert.Contains(child.Id, roll);
        // The first consultation's roll, frozen before the changes, still holds all ten.
        Assert.Equal(10, await db.ConsultationRoll.CountAsync(r => r.ConsultationId == first));
    }
}
