using HaiLong.IntegrationTests.Scorecards;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>The conventions pages keep the jurisdiction as the API does: another ward, or its convention, is a 404 page.</summary>
public sealed class ConventionPagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Ward_staff_asking_for_another_ward_or_its_convention_get_a_404_page()
    {
        int wardB, convention;
        await using (var db = app.NewDbContext())
        {
            wardB = await db.Units.Where(u => u.Code == DemoWorld.WardBCode).Select(u => u.Id).SingleAsync();
            var hamletB = await db.Units.Where(u => u.Code == HamletWorld.HamletB).Select(u => u.Id).SingleAsync();
            var c = new CommunityConvention
            {
                UnitId = hamletB, Title = "Hương ước ấp Phú Quới", Kind = ConventionKind.HuongUoc, CreatedAt = app.Clock.GetUtcNow(),
            };
            db.CommunityConventions.Add(c);
            await db.SaveChangesAsync();
            convention = c.Id;
        }
        var leader = await app.CookieClientAsync(DemoUsers.WardLeaderA);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/staff/conventions?unitId={wardB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/staff/conventions/{convention}")).StatusCode);
        var head = await app.CookieClientAsync(DemoUsers.HamletHeadA);
        var own = await head.GetStringAsync("/staff/conventions");
        Assert.DoesNotContain("Hương ước ấp Phú Quới", own);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.CookieClientAsync(DemoUsers.InspectorA)).GetAsync("/staff/conventions")).StatusCode);
    }
}
