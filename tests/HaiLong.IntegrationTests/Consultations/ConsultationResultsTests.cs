using System.Text.Json.Nodes;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// Issue 19, point 5: results over the register frozen at opening, from the tallies plus the ballots not yet folded, and the
/// certification that follows. The voting part is stood in for by writing roll marks, tallies and ballots directly, in the
/// acceptance's shape: 120 households, 55 at the meeting, 20 on paper, 10 online = 85; threshold 61.
/// </summary>
public sealed class ConsultationResultsTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>A hamlet head for Khu vực Yên Thạnh (the demo has none), so the certification can go all the way.</summary>
    private async Task<HttpClient> HeadOfHamletA2Async()
    {
        var userName = await HamletWorld.AddHamletHeadAsync(app, HamletWorld.HamletA2, "truong.yenthanh.results");
        return await app.ClientAsAsync(userName);
    }

    /// <summary>
    /// The acceptance's votes: roll entries marked 55 Meeting, 20 Paper, 10 Online; item 1 agree 45 + 15 folded and 10
    /// online ballots waiting = 70; item 2 agree as given (<paramref name="secondAgree"/> of the meeting's 55).
    /// </summary>
    private async Task VoteAsync(long id, int secondAgree)
    {
        await using var db = app.NewDbContext();
        var roll = await db.ConsultationRoll.Where(r => r.ConsultationId == id).OrderBy(r => r.HouseholdCode).ToListAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        foreach (var (entry, i) in roll.Select((e, i) => (e, i)))
        {
            entry.VotedChannel = i < 55 ? VoteChannel.Meeting : i < 75 ? VoteChannel.Paper : i < 85 ? VoteChannel.Online : null;
            entry.VotedOn = entry.VotedChannel is null ? null : today;
        }
        var items = await db.ConsultationItems.Where(i => i.ConsultationId == id).OrderBy(i => i.Position).Select(i => i.Id).ToListAsync();
        void Tally(long item, short choice, VoteChannel channel, int count) =>
            db.ConsultationTallies.Add(new ConsultationTally { ConsultationId = id, ItemId = item, Choice = choice, Channel = channel, Count = count });
        Tally(items[0], ConsultationChoices.Agree, VoteChannel.Meeting, 45);
        Tally(items[0], ConsultationChoices.Disagree, VoteChannel.Meeting, 10);
        Tally(items[0], ConsultationChoices.Agree, VoteChannel.Paper, 15);
        Tally(items[0], ConsultationChoices.Abstain, VoteChannel.Paper, 5);
        Tally(items[1], ConsultationChoices.Agree, VoteChannel.Meeting, secondAgree);
        Tally(items[1], ConsultationChoices.Disagree, VoteChannel.Meeting, 55 - secondAgree);
        Tally(items[1], ConsultationChoices.Agree, VoteChannel.Paper, 20);
        for (var i = 0; i < 10; i++)
        {
            db.ConsultationBallots.Add(new ConsultationBallot
            {
                ConsultationId = id, ItemId = items[0], Choice = ConsultationChoices.Agree, Channel = VoteChannel.Online,
            });
            db.ConsultationBallots.Add(new ConsultationBallot
            {
                ConsultationId = id, ItemId = items[1], Choice = ConsultationChoices.Disagree, Channel = VoteChannel.Online,
            });
        }
        await db.SaveChangesAsync();
    }

    private async Task<(long Consultation, int Convention)> AmendmentAsync(string prefix)
    {
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA2, 120, prefix);
        await using var db = app.NewDbContext();
        var unit = await db.Units.Where(u => u.Code == HamletWorld.HamletA2).Select(u => u.Id).SingleAsync();
        var convention = new CommunityConvention
        {
            UnitId = unit, Title = $"Quy ước Khu vực Yên Thạnh {prefix}", Kind = ConventionKind.QuyUoc, CreatedAt = app.Clock.GetUtcNow(),
            Versions = [new ConventionVersion { Number = 1, Summary = "Bản đầu", CreatedAt = app.Clock.GetUtcNow() }],
        };
        db.CommunityConventions.Add(convention);
        await db.SaveChangesAsync();
        var id = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA2, ConsultationKind.Decide,
            [("Điều 1: giữ gìn vệ sinh", null, false), ("Điều 2: giờ giữ trật tự", null, false)], meetingAt: app.Clock.GetUtcNow());
        await db.Consultations.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ConventionId, convention.Id));
        // Only this consultation's households: earlier tests of the class added theirs to the same hamlet.
        await db.ConsultationRoll.Where(r => r.ConsultationId == id && !r.HouseholdCode.StartsWith(prefix)).ExecuteDeleteAsync();
        await db.Consultations.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RegisteredHouseholds, 120));
        return (id, convention.Id);
    }

    [Fact]
    public async Task The_acceptance_counts_85_of_120_against_61_and_a_register_grown_after_opening_changes_nothing()
    {
        var (id, convention) = await AmendmentAsync("RSA");
        await VoteAsync(id, secondAgree: 30);
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA2, 10, "RSLATE");
        var ward = await app.ClientAsAsync(DemoUsers.WardLeaderA);

        var r = (await ward.GetFromJsonAsync<JsonObject>($"/api/consultations/{id}/results"))!;

        Assert.Equal((120, 85, 61), (r["registeredHouseholds"]!.GetValue<int>(), r["participatingHouseholds"]!.GetValue<int>(),
            r["decisionThreshold"]!.GetValue<int>()));
        Assert.Equal((55, 61, false), (r["meetingPresent"]!.GetValue<int>(), r["meetingQuorumThreshold"]!.GetValue<int>(),
            r["meetingQuorate"]!.GetValue<bool>()));
        Assert.Equal([55, 20, 10], r["turnout"]!.AsArray().Select(t => t!["households"]!.GetValue<int>()));
        var first = r["items"]![0]!;
        // 45 + 15 folded + 10 online ballots not yet folded = 70 ≥ 61.
        Assert.Equal(("Passed", 70, 85), (first["outcome"]!.GetValue<string>(), first["decisiveCount"]!.GetValue<int>(),
            first["answered"]!.GetValue<int>()));
        var agree = first["counts"]!.AsArray().Single(c => c!["choice"]!.GetValue<int>() == 0)!;
        Assert.Equal((45, 15, 10), (agree["meeting"]!.GetValue<int>(), agree["paper"]!.GetValue<int>(), agree["online"]!.GetValue<int>()));
        // 30 + 20 = 50 < 61, though 50 of 85 voting agreed.
        Assert.Equal(("Failed", 50), (r["items"]![1]!["outcome"]!.GetValue<string>(), r["items"]![1]!["decisiveCount"]!.GetValue<int>()));

        // Certified with a failed item: no new version of the convention.
        var head = await HeadOfHamletA2Async();
        Assert.Equal(HttpStatusCode.OK, (await ward.PostAsync($"/api/consultations/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await head.PostAsync($"/api/consultations/{id}/certify/hamlet", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ward.PostAsync($"/api/consultations/{id}/certify/ward", null)).StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.ConventionVersions.CountAsync(v => v.ConventionId == convention));
    }

    [Fact]
    public async Task Certifying_a_passed_amendment_makes_the_conventions_next_version_in_the_same_step()
    {
        var (id, convention) = await AmendmentAsync("RSB");
        await VoteAsync(id, secondAgree: 45); // 45 + 20 = 65 ≥ 61: both items pass
        var ward = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var head = await HeadOfHamletA2Async();
        Assert.Equal(HttpStatusCode.OK, (await head.PostAsync($"/api/consultations/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await head.PostAsync($"/api/consultations/{id}/certify/hamlet", null)).StatusCode);

        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.ConventionVersions.CountAsync(v => v.ConventionId == convention));
        Assert.Equal(HttpStatusCode.OK, (await ward.PostAsync($"/api/consultations/{id}/certify/ward", null)).StatusCode);

        var version = await db.ConventionVersions.AsNoTracking().SingleAsync(v => v.ConventionId == convention && v.Number == 2);
        var c = await db.Consultations.AsNoTracking().SingleAsync(x => x.Id == id);
        Assert.Equal(id, version.ConsultationId);
        Assert.Equal(VietnamTime.DateOf(c.WardCertifiedAt!.Value), version.EffectiveFrom);
        // A second certification is refused and makes no third version.
        Assert.Equal(HttpStatusCode.Conflict, (await ward.PostAsync($"/api/consultations/{id}/certify/ward", null)).StatusCode);
        Assert.Equal(2, await db.ConventionVersions.CountAsync(v => v.ConventionId == convention));
    }
}
