namespace HaiLong.IntegrationTests.Invitations;

public sealed record Issued(long Id, string Kind, string Url, string Token, int SurveyVersionId, DateTimeOffset? ValidFrom,
    DateTimeOffset? ExpiresAt, string Png, string Svg);

/// <summary>The seeded world's ids and a few journeys the survey tests share.</summary>
public static class InvitationWorld
{
    public sealed record World(int WardA, int WardB, int HamletA, int OfficialA, string OfficialAName, int OfficialB, int Procedure,
        string ProcedureName, int CounterA, int CounterAOfficial, int CounterB);

    public static async Task<World> LoadAsync(HaiLongApp app)
    {
        await using var db = app.NewDbContext();
        var wardA = await db.Units.SingleAsync(u => u.Code == DemoWorld.WardACode);
        var wardB = await db.Units.SingleAsync(u => u.Code == DemoWorld.WardBCode);
        var hamletA = await db.Units.Where(u => u.ParentId == wardA.Id).OrderBy(u => u.Id).FirstAsync();
        var officialA = await db.Officials.SingleAsync(o => o.StaffCode == "CR-006");
        var officialB = await db.Officials.SingleAsync(o => o.StaffCode == "HP-006");
        var procedure = await db.Procedures.OrderBy(p => p.Id).FirstAsync();
        var counterA = await db.ServicePoints.SingleAsync(s => s.Code == $"{DemoWorld.WardACode}-Q1");
        var counterB = await db.ServicePoints.SingleAsync(s => s.Code == $"{DemoWorld.WardBCode}-Q1");
        var onDuty = await db.ServicePointShifts.Where(s => s.ServicePointId == counterA.Id).Select(s => s.OfficialId).SingleAsync();
        return new World(wardA.Id, wardB.Id, hamletA.Id, officialA.Id, officialA.FullName, officialB.Id, procedure.Id, procedure.Name,
            counterA.Id, onDuty, counterB.Id);
    }

    /// <summary>The seeded world and a transaction QR that ward A's service staff issued for official A and the first procedure.</summary>
    public static async Task<(World World, Issued Issued)> IssueTransactionAsync(HaiLongApp app, string dossier = "HS-2026-0001")
    {
        var w = await LoadAsync(app);
        return (w, await IssueTransactionAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), w, dossier));
    }

    /// <summary>The seeded world and a counter QR of counter A that ward A's service staff issued.</summary>
    public static async Task<(World World, Issued Issued)> IssueCounterAsync(HaiLongApp app)
    {
        var w = await LoadAsync(app);
        return (w, await IssueAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), new { kind = "Counter", servicePointId = w.CounterA }));
    }

    public static async Task<Issued> IssueTransactionAsync(HttpClient staff, World w, string dossier = "HS-2026-0001")
    {
        var response = await staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = w.OfficialA, procedureId = w.Procedure, dossierReference = dossier });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Issued>())!;
    }

    public static async Task<Issued> IssueAsync(HttpClient staff, object request)
    {
        var response = await staff.PostAsJsonAsync("/api/invitations", request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Issued>())!;
    }

    /// <summary>A complete, valid set of answers to the default service survey: every rating 4, overall as given.</summary>
    public static object[] ServiceAnswers(int overall = 4) =>
    [
        .. new[]
        {
            Criteria.AccessLocation, Criteria.AccessFacilities, Criteria.ProcedurePublic, Criteria.ProcedureRequirements, Criteria.ProcedureFees,
            Criteria.OfficialAttitude, Criteria.OfficialCompetence, Criteria.OfficialGuidance, Criteria.ResultCorrect, Criteria.ResultTimeliness,
        }.Select(c => (object)new { criterion = c, score = 4 }),
        new { criterion = Criteria.FeedbackHandling, notApplicable = true },
        new { criterion = "info.revisits", text = "no" },
        new { criterion = Criteria.Overall, score = overall },
    ];

    /// <summary>How many responses a link has stored (a single-use link: 0 or 1, never more).</summary>
    public static async Task<int> ResponsesOfAsync(HaiLongApp app, long invitationId)
    {
        await using var db = app.NewDbContext();
        return await db.Responses.CountAsync(r => r.InvitationId == invitationId);
    }

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string token, object[] answers, string? comment = null, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/responses") { Content = JsonContent.Create(new { token, answers, comment }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
