namespace HaiLong.IntegrationTests.Consultations;

/// <summary>The voting part's test steps: a household voting on its ballot page, paper keyings and meeting marks through the API.</summary>
public static class VotingWorld
{
    /// <summary>Two items: an approve clause and a choice of three options.</summary>
    public static readonly (string Title, string[]? Options, bool Secret)[] TwoItems =
    [
        ("Điều 1: Giữ gìn vệ sinh chung", null, false),
        ("Mức đóng góp làm đường", ["50.000 đồng", "100.000 đồng", "150.000 đồng"], false),
    ];

    /// <summary>An opened consultation of <paramref name="unitCode"/> using every channel, online from a day ago for a week.</summary>
    public static Task<long> OpenAllChannelsAsync(HaiLongApp app, string unitCode = HamletWorld.HamletA,
        (string Title, string[]? Options, bool Secret)[]? items = null) =>
        HamletWorld.AddConsultationAsync(app, unitCode, ConsultationKind.Decide, items ?? TwoItems,
            meetingAt: app.Clock.GetUtcNow().AddHours(2), paperBallots: true,
            onlineOpensAt: app.Clock.GetUtcNow().AddDays(-1), onlineClosesAt: app.Clock.GetUtcNow().AddDays(7));

    /// <summary>Households added to ward A's residential group, then a consultation opened over them with every channel.</summary>
    public static async Task<(long[] Households, long Id, long[] Items)> OpenedAsync(HaiLongApp app, int households, string prefix)
    {
        var added = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, households, prefix);
        var id = await OpenAllChannelsAsync(app);
        return (added, id, await ItemIdsAsync(app, id));
    }

    public static async Task<long[]> ItemIdsAsync(HaiLongApp app, long consultationId)
    {
        await using var db = app.NewDbContext();
        return await db.ConsultationItems.Where(i => i.ConsultationId == consultationId).OrderBy(i => i.Position).Select(i => i.Id).ToArrayAsync();
    }

    /// <summary>The household's ballot page as a browser opens it: a client with the page's cookie and its form's token.</summary>
    public static async Task<(HttpClient Client, string Token)> OpenBallotAsync(HaiLongApp app, string code, string? lang = null)
    {
        var client = app.PageClient();
        var html = await client.GetStringAsync($"/h/{code}{(lang is null ? "" : $"?lang={lang}")}");
        return (client, PageForms.AntiforgeryToken(html));
    }

    public static Task<HttpResponseMessage> PostBallotAsync(HttpClient client, string token, string code, IDictionary<long, short> choices) =>
        client.PostAsync($"/h/{code}", new FormUrlEncodedContent(choices.ToDictionary(c => $"i{c.Key}", c => c.Value.ToString())
            .Append(new KeyValuePair<string, string>("__af", token))));

    /// <summary>Votes online with the given choices (agree and the first option when none are given); the response must be 200.</summary>
    public static async Task VoteOnlineAsync(HaiLongApp app, long consultationId, long householdId, IDictionary<long, short>? choices = null)
    {
        var code = HamletWorld.SlipCode(app, consultationId, householdId);
        var (client, token) = await OpenBallotAsync(app, code);
        choices ??= (await ItemIdsAsync(app, consultationId)).ToDictionary(i => i, _ => (short)0);
        var response = await PostBallotAsync(client, token, code, choices);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static object PaperBody(string code, IDictionary<long, short> choices) =>
        new { code, choices = choices.Select(c => new { itemId = c.Key, choice = c.Value }).ToArray() };

    public static async Task<string> HouseholdCodeAsync(HaiLongApp app, long householdId)
    {
        await using var db = app.NewDbContext();
        return await db.Households.Where(h => h.Id == householdId).Select(h => h.Code).SingleAsync();
    }

    public static async Task<ConsultationRollEntry> RollEntryAsync(HaiLongApp app, long consultationId, long householdId)
    {
        await using var db = app.NewDbContext();
        return await db.ConsultationRoll.AsNoTracking().SingleAsync(r => r.ConsultationId == consultationId && r.HouseholdId == householdId);
    }

    /// <summary>What a refusal must leave unchanged: the votes, ballots, tallies, keyings and conflicts of the consultation.</summary>
    public static async Task<string> SnapshotAsync(HaiLongApp app, long consultationId)
    {
        await using var db = app.NewDbContext();
        var voted = await db.ConsultationRoll.Where(r => r.ConsultationId == consultationId && r.VotedChannel != null)
            .OrderBy(r => r.Id).Select(r => $"{r.Id}:{r.VotedChannel}").ToListAsync();
        var ballots = await db.ConsultationBallots.CountAsync(b => b.ConsultationId == consultationId);
        var tallies = await db.ConsultationTallies.Where(t => t.ConsultationId == consultationId)
            .OrderBy(t => t.ItemId).ThenBy(t => t.Choice).ThenBy(t => t.Channel).Select(t => $"{t.ItemId}/{t.Choice}/{t.Channel}={t.Count}").ToListAsync();
        var keyings = (await db.PaperBallotKeyings.AsNoTracking().Where(k => k.ConsultationId == consultationId).OrderBy(k => k.Id).ToListAsync())
            .Select(k => $"{k.Id}:{k.State}:{k.FirstChoices}:{k.SecondChoices}").ToList();
        var conflicts = await db.ConsultationConflicts.CountAsync(c => c.ConsultationId == consultationId);
        var consultation = await db.Consultations.AsNoTracking().SingleAsync(c => c.Id == consultationId);
        return string.Join("|", [.. voted, ballots.ToString(), .. tallies, .. keyings, conflicts.ToString(), consultation.MeetingChair ?? "",
            consultation.MeetingNotes ?? ""]);
    }
}
