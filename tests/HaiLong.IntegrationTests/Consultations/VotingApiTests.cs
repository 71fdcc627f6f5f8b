using HaiLong.Api.Features.Consultations;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The voting operations of the API (issue 19, point 3): the meeting's attendance, minutes and counts, paper double entry, the
/// conflicts list and the fold — each refusal a ProblemDetails that changes nothing, a consultation outside the caller's
/// jurisdiction not found.
/// </summary>
public sealed class VotingApiTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task The_secretary_marks_households_present_and_one_that_voted_online_is_refused_and_listed()
    {
        var (households, id, _) = await VotingWorld.OpenedAsync(app, 4, "VAM");
        await VotingWorld.VoteOnlineAsync(app, id, households[3]);
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);

        var response = await head.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance",
            new { householdCodes = new[] { "VAM0001", "vam0002", "VAM0004" } });
        response.EnsureSuccessStatusCode();
        var done = (await response.Content.ReadFromJsonAsync<MeetingAttendance>())!;
        Assert.Equal(["VAM0001", "VAM0002"], done.Marked);
        Assert.Equal(("VAM0004", VoteChannel.Online), (done.Conflicts.Single().HouseholdCode, done.Conflicts.Single().ExistingChannel));

        // Marked again: already present, nothing new.
        var again = (await (await head.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance",
            new { householdCodes = new[] { "VAM0001" } })).Content.ReadFromJsonAsync<MeetingAttendance>())!;
        Assert.Equal((0, 1), (again.Marked.Count, again.AlreadyPresent.Count));

        var meeting = (await head.GetFromJsonAsync<MeetingResponse>($"/api/consultations/{id}/meeting"))!;
        Assert.Equal(2, meeting.Present);
        Assert.Equal(VoteChannel.Online, (await VotingWorld.RollEntryAsync(app, id, households[3])).VotedChannel);
        var conflicts = (await head.GetFromJsonAsync<List<ConflictLine>>($"/api/consultations/{id}/conflicts"))!;
        var conflict = Assert.Single(conflicts);
        Assert.Equal(("VAM0004", VoteChannel.Online, VoteChannel.Meeting), (conflict.HouseholdCode, conflict.ExistingChannel, conflict.AttemptedChannel));
        Assert.False(string.IsNullOrEmpty(conflict.By));
        await using var db = app.NewDbContext();
        // Attendance is THAT a household voted: no ballot rows for it.
        Assert.Equal(0, await db.ConsultationBallots.CountAsync(b => b.ConsultationId == id && b.Channel == VoteChannel.Meeting));
    }

    [Fact]
    public async Task Meeting_refusals_are_problems_and_change_nothing()
    {
        var (households, id, _) = await VotingWorld.OpenedAsync(app, 2, "VMR");
        var noMeeting = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA, ConsultationKind.Decide, VotingWorld.TwoItems);
        var items = await VotingWorld.ItemIdsAsync(app, id);
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        await (await head.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance", new { householdCodes = new[] { "VMR0001" } }))
            .Content.ReadAsStringAsync();
        var before = await VotingWorld.SnapshotAsync(app, id);

        await RefusedAsync(HttpStatusCode.UnprocessableEntity,
            head.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance", new { householdCodes = new[] { "VMR0002", "KHONG-CO" } }));
        await RefusedAsync(HttpStatusCode.BadRequest,
            head.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance", new { householdCodes = Array.Empty<string>() }));
        await RefusedAsync(HttpStatusCode.Conflict,
            head.PostAsJsonAsync($"/api/consultations/{noMeeting}/meeting/attendance", new { householdCodes = new[] { "VMR0002" } }));
        // One present: two hands are more than the hall holds.
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, head.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[0]}/counts",
            new { counts = new[] { new { choice = 0, count = 1 }, new { choice = 1, count = 1 } } }));
        // An approve item has no choice 2; the choice item has three options (0–2).
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, head.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[0]}/counts",
            new { counts = new[] { new { choice = 2, count = 1 } } }));
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, head.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[1]}/counts",
            new { counts = new[] { new { choice = 3, count = 1 } } }));
        await RefusedAsync(HttpStatusCode.BadRequest, head.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[1]}/counts",
            new { counts = new[] { new { choice = 0, count = -1 } } }));
        await RefusedAsync(HttpStatusCode.NotFound, head.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[1] + 100000}/counts",
            new { counts = new[] { new { choice = 0, count = 1 } } }));
        Assert.Equal(before, await VotingWorld.SnapshotAsync(app, id));

        // Closed: no attendance, no counts.
        await CloseAsync(id);
        before = await VotingWorld.SnapshotAsync(app, id);
        await RefusedAsync(HttpStatusCode.Conflict,
            head.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance", new { householdCodes = new[] { "VMR0002" } }));
        await RefusedAsync(HttpStatusCode.Conflict, head.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[0]}/counts",
            new { counts = new[] { new { choice = 0, count = 1 } } }));
        Assert.Equal(before, await VotingWorld.SnapshotAsync(app, id));
        _ = households;
    }

    [Fact]
    public async Task Meeting_counts_are_tallies_replaced_on_correction_and_the_minutes_are_kept()
    {
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 5, "VMC");
        var id = await VotingWorld.OpenAllChannelsAsync(app);
        var items = await VotingWorld.ItemIdsAsync(app, id);
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        (await head.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance",
            new { householdCodes = new[] { "VMC0001", "VMC0002", "VMC0003", "VMC0004" } })).EnsureSuccessStatusCode();

        (await head.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[0]}/counts",
            new { counts = new[] { new { choice = 0, count = 3 }, new { choice = 1, count = 1 } } })).EnsureSuccessStatusCode();
        var corrected = await head.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[0]}/counts",
            new { counts = new[] { new { choice = 0, count = 2 }, new { choice = -1, count = 2 } } });
        corrected.EnsureSuccessStatusCode();
        var minutes = await head.PutAsJsonAsync($"/api/consultations/{id}/meeting",
            new { meetingChair = "Nguyễn Văn Bình", meetingSecretary = "Trần Thị Cúc", meetingNotes = "Các hộ thống nhất." });
        var meeting = (await minutes.Content.ReadFromJsonAsync<MeetingResponse>())!;

        Assert.Equal(("Nguyễn Văn Bình", "Trần Thị Cúc", 4), (meeting.MeetingChair, meeting.MeetingSecretary, meeting.Present));
        Assert.Equal([(ConsultationChoices.Abstain, 2), (ConsultationChoices.Agree, 2)],
            meeting.Items[0].Counts.Select(c => (c.Choice, c.Count)));
        await using var db = app.NewDbContext();
        var tallies = await db.ConsultationTallies.Where(t => t.ConsultationId == id).ToListAsync();
        Assert.All(tallies, t => Assert.Equal(VoteChannel.Meeting, t.Channel));
        Assert.Equal(4, tallies.Sum(t => t.Count));
    }

    [Fact]
    public async Task Paper_slips_count_only_when_two_different_people_key_the_same_choices_and_a_third_resolves_a_difference()
    {
        var (households, id, items) = await VotingWorld.OpenedAsync(app, 3, "VPK");
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var agreeFirst = new Dictionary<long, short> { [items[0]] = 0, [items[1]] = 0 };
        var disagreeThird = new Dictionary<long, short> { [items[0]] = 1, [items[1]] = 2 };
        var slip1 = ShortCodesGrouped(HamletWorld.SlipCode(app, id, households[0]));
        var slip2 = HamletWorld.SlipCode(app, id, households[1]).ToLowerInvariant();

        Assert.Equal(PaperKeyingState.AwaitingSecond, await KeyAsync(head, id, slip1, agreeFirst));
        var before = await VotingWorld.SnapshotAsync(app, id);
        await RefusedAsync(HttpStatusCode.Conflict, head.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody(slip1, agreeFirst)));
        Assert.Equal(before, await VotingWorld.SnapshotAsync(app, id));
        var pending = (await head.GetFromJsonAsync<List<PendingSlip>>($"/api/consultations/{id}/paper"))!;
        Assert.Equal(PaperKeyingState.AwaitingSecond, Assert.Single(pending).State);
        Assert.Equal(PaperKeyingState.Counted, await KeyAsync(leader, id, slip1, agreeFirst));

        // Keyed differently the second time: disputed, listed, resolved by a third person only.
        Assert.Equal(PaperKeyingState.AwaitingSecond, await KeyAsync(head, id, slip2, agreeFirst));
        Assert.Equal(PaperKeyingState.Disputed, await KeyAsync(leader, id, slip2, disagreeThird));
        before = await VotingWorld.SnapshotAsync(app, id);
        await RefusedAsync(HttpStatusCode.Conflict, head.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody(slip2, agreeFirst)));
        await RefusedAsync(HttpStatusCode.Conflict, leader.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody(slip2, agreeFirst)));
        Assert.Equal(before, await VotingWorld.SnapshotAsync(app, id));
        Assert.Equal(PaperKeyingState.Disputed, Assert.Single((await head.GetFromJsonAsync<List<PendingSlip>>($"/api/consultations/{id}/paper"))!).State);
        Assert.Equal(PaperKeyingState.Counted, await KeyAsync(staff, id, slip2, disagreeThird));
        await RefusedAsync(HttpStatusCode.Conflict, staff.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody(slip2, agreeFirst)));

        await using var db = app.NewDbContext();
        var keyings = await db.PaperBallotKeyings.Where(k => k.ConsultationId == id).ToListAsync();
        Assert.All(keyings, k => Assert.Equal((PaperKeyingState.Counted, (string?)null, (string?)null), (k.State, k.FirstChoices, k.SecondChoices)));
        var ballots = await db.ConsultationBallots.Where(b => b.ConsultationId == id).ToListAsync();
        Assert.Equal(["0:0", "0:1", "1:0", "2:1"],
            ballots.Select(b => $"{b.Choice}:{Array.IndexOf(items, b.ItemId)}").Order());
        Assert.All(ballots, b => Assert.Equal(VoteChannel.Paper, b.Channel));
        Assert.Equal(VoteChannel.Paper, (await VotingWorld.RollEntryAsync(app, id, households[1])).VotedChannel);
    }

    [Fact]
    public async Task Paper_refusals_are_problems_and_a_household_that_voted_elsewhere_is_a_conflict()
    {
        var (households, id, _) = await VotingWorld.OpenedAsync(app, 2, "VPR");
        var noPaper = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA, ConsultationKind.Decide, VotingWorld.TwoItems,
            paperBallots: false);
        var items = await VotingWorld.ItemIdsAsync(app, id);
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var valid = new Dictionary<long, short> { [items[0]] = 0, [items[1]] = 1 };
        var code = HamletWorld.SlipCode(app, id, households[0]);
        var before = await VotingWorld.SnapshotAsync(app, id);

        await RefusedAsync(HttpStatusCode.NotFound, head.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody("AAAA-AAAA-AAAA", valid)));
        // Another consultation's slip is not this one's.
        await RefusedAsync(HttpStatusCode.NotFound, head.PostAsJsonAsync($"/api/consultations/{id}/paper",
            VotingWorld.PaperBody(HamletWorld.SlipCode(app, noPaper, households[0]), valid)));
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, head.PostAsJsonAsync($"/api/consultations/{id}/paper",
            VotingWorld.PaperBody(code, new Dictionary<long, short> { [items[0]] = 0 })));
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, head.PostAsJsonAsync($"/api/consultations/{id}/paper",
            VotingWorld.PaperBody(code, new Dictionary<long, short> { [items[0]] = 2, [items[1]] = 1 })));
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, head.PostAsJsonAsync($"/api/consultations/{id}/paper",
            VotingWorld.PaperBody(code, new Dictionary<long, short> { [items[0]] = 0, [items[1]] = 1, [items[1] + 100000] = 0 })));
        await RefusedAsync(HttpStatusCode.Conflict, head.PostAsJsonAsync($"/api/consultations/{noPaper}/paper",
            VotingWorld.PaperBody(HamletWorld.SlipCode(app, noPaper, households[0]), valid)));
        Assert.Equal(before, await VotingWorld.SnapshotAsync(app, id));

        await VotingWorld.VoteOnlineAsync(app, id, households[1]);
        before = await VotingWorld.SnapshotAsync(app, id);
        await RefusedAsync(HttpStatusCode.Conflict, head.PostAsJsonAsync($"/api/consultations/{id}/paper",
            VotingWorld.PaperBody(HamletWorld.SlipCode(app, id, households[1]), valid)));
        await using var db = app.NewDbContext();
        var conflict = await db.ConsultationConflicts.SingleAsync(c => c.ConsultationId == id);
        Assert.Equal((VoteChannel.Online, VoteChannel.Paper), (conflict.ExistingChannel, conflict.AttemptedChannel));
        Assert.Equal(0, await db.PaperBallotKeyings.CountAsync(k => k.ConsultationId == id));
        Assert.NotEqual(before, await VotingWorld.SnapshotAsync(app, id));
    }

    [Fact]
    public async Task A_consultation_outside_the_callers_jurisdiction_is_not_found_on_every_operation()
    {
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA2, 2, "VJA");
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletB, 2, "VJB");
        var otherHamlet = await VotingWorld.OpenAllChannelsAsync(app, HamletWorld.HamletA2);
        var otherWard = await VotingWorld.OpenAllChannelsAsync(app, HamletWorld.HamletB);
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);

        foreach (var (client, id) in new[] { (head, otherHamlet), (head, otherWard), (leader, otherWard) })
        {
            var items = await VotingWorld.ItemIdsAsync(app, id);
            var before = await VotingWorld.SnapshotAsync(app, id);
            await RefusedAsync(HttpStatusCode.NotFound, client.GetAsync($"/api/consultations/{id}/meeting"));
            await RefusedAsync(HttpStatusCode.NotFound, client.GetAsync($"/api/consultations/{id}/paper"));
            await RefusedAsync(HttpStatusCode.NotFound, client.GetAsync($"/api/consultations/{id}/conflicts"));
            await RefusedAsync(HttpStatusCode.NotFound, client.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance",
                new { householdCodes = new[] { "VJA0001", "VJB0001" } }));
            await RefusedAsync(HttpStatusCode.NotFound, client.PutAsJsonAsync($"/api/consultations/{id}/meeting",
                new { meetingChair = "X", meetingSecretary = "Y", meetingNotes = "Z" }));
            await RefusedAsync(HttpStatusCode.NotFound, client.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[0]}/counts",
                new { counts = new[] { new { choice = 0, count = 0 } } }));
            await RefusedAsync(HttpStatusCode.NotFound, client.PostAsJsonAsync($"/api/consultations/{id}/paper",
                VotingWorld.PaperBody("AAAA-AAAA-AAAA", new Dictionary<long, short> { [items[0]] = 0, [items[1]] = 0 })));
            Assert.Equal(before, await VotingWorld.SnapshotAsync(app, id));
        }
        // Ward A's leader sees every hamlet of the ward; an inspector takes no votes.
        (await leader.GetAsync($"/api/consultations/{otherHamlet}/meeting")).EnsureSuccessStatusCode();
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.GetAsync($"/api/consultations/{otherHamlet}/meeting")).StatusCode);
    }

    [Fact]
    public async Task The_fold_moves_ballots_into_tallies_once_however_often_it_runs()
    {
        var (households, id, items) = await VotingWorld.OpenedAsync(app, 3, "VFD");
        await VotingWorld.VoteOnlineAsync(app, id, households[0], new Dictionary<long, short> { [items[0]] = 0, [items[1]] = 2 });
        await VotingWorld.VoteOnlineAsync(app, id, households[1], new Dictionary<long, short> { [items[0]] = 0, [items[1]] = -1 });

        using (var scope = app.Services.CreateScope())
        {
            var fold = scope.ServiceProvider.GetRequiredService<VotingFold>();
            // Two folds at once and the job after them: each ballot counted once.
            var folded = await Task.WhenAll(FoldInOwnScopeAsync(), FoldInOwnScopeAsync());
            Assert.Equal(4, folded.Sum());
            await scope.ServiceProvider.GetRequiredService<VotingFoldJob>().RunAsync([id], CancellationToken.None);
            Assert.Equal(0, await fold.FoldAsync(id, CancellationToken.None));
        }
        await VotingWorld.VoteOnlineAsync(app, id, households[2], new Dictionary<long, short> { [items[0]] = 1, [items[1]] = 2 });
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<VotingFoldJob>().RunAsync(null, CancellationToken.None);
        }

        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.ConsultationBallots.CountAsync(b => b.ConsultationId == id));
        var tallies = await db.ConsultationTallies.Where(t => t.ConsultationId == id).ToListAsync();
        Assert.Equal(["0/0=2", "0/1=1", "1/-1=1", "1/2=2"],
            tallies.Select(t => $"{Array.IndexOf(items, t.ItemId)}/{t.Choice}={t.Count}").Order());
        Assert.All(tallies, t => Assert.Equal(VoteChannel.Online, t.Channel));

        async Task<int> FoldInOwnScopeAsync()
        {
            using var own = app.Services.CreateScope();
            return await own.ServiceProvider.GetRequiredService<VotingFold>().FoldAsync(id, CancellationToken.None);
        }
    }

    private static async Task<PaperKeyingState> KeyAsync(HttpClient client, long id, string code, Dictionary<long, short> choices)
    {
        var response = await client.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody(code, choices));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PaperKeyingResult>())!.State;
    }

    private static string ShortCodesGrouped(string code) => HaiLong.Api.Features.Invitations.ShortCodes.Grouped(code);

    internal static async Task RefusedAsync(HttpStatusCode expected, Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode} instead of {(int)expected}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonSerializer.Deserialize<ProblemDetails>(text)?.Status);
    }

    private async Task CloseAsync(long id)
    {
        await using var db = app.NewDbContext();
        await db.Consultations.Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConsultationStatus.Closed).SetProperty(c => c.ClosedAt, app.Clock.GetUtcNow()));
    }
}
