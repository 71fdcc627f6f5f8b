namespace HaiLong.IntegrationTests.Responses;

/// <summary>
/// The submission that stores a single-use link in one statement, before reading it, with answers checked against the
/// version the previous single-use submission had (docs/DEVELOPING.md, "Round trips of a submission"). Each test first
/// stores one transaction QR, so that the next submission takes that path: whatever it cannot store must come out exactly
/// as before — the same status and problem, nothing stored — and a link of another version must keep its own version.
/// </summary>
public sealed class OneStatementSubmissionTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private async Task<InvitationWorld.World> AfterOneStoredTransactionAsync(string dossier)
    {
        var (w, issued) = await InvitationWorld.IssueTransactionAsync(app, dossier);
        var first = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token, InvitationWorld.ServiceAnswers(5));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        return w;
    }

    [Fact]
    public async Task A_used_revoked_expired_or_unknown_link_is_refused_as_before_and_nothing_is_stored()
    {
        var w = await AfterOneStoredTransactionAsync("OS-PRIME-1");
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var used = await InvitationWorld.IssueTransactionAsync(staff, w, "OS-USED");
        var revoked = await InvitationWorld.IssueTransactionAsync(staff, w, "OS-REVOKED");
        var expired = await InvitationWorld.IssueTransactionAsync(staff, w, "OS-EXPIRED");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/invitations/{revoked.Id}/revoke", null)).StatusCode);
        await using (var db = app.NewDbContext())
        {
            await db.Invitations.Where(i => i.Id == expired.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, app.Clock.GetUtcNow().AddMinutes(-1)));
        }
        var client = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Created, (await InvitationWorld.SubmitAsync(client, used.Token, InvitationWorld.ServiceAnswers(4))).StatusCode);

        var usedAgain = await InvitationWorld.SubmitAsync(client, used.Token, InvitationWorld.ServiceAnswers(2), "lần hai");
        var onRevoked = await InvitationWorld.SubmitAsync(client, revoked.Token, InvitationWorld.ServiceAnswers());
        var fullOnExpired = await InvitationWorld.SubmitAsync(client, expired.Token, InvitationWorld.ServiceAnswers());
        var unknown = await InvitationWorld.SubmitAsync(client, "AAAAAAAAAAAAAAAAAAAAAA", InvitationWorld.ServiceAnswers());

        await AssertProblemAsync(usedAgain, HttpStatusCode.Conflict, "Used");
        await AssertProblemAsync(onRevoked, HttpStatusCode.Gone, "Revoked");
        await AssertProblemAsync(fullOnExpired, HttpStatusCode.UnprocessableEntity, state: null);
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "Unknown");
        await using var check = app.NewDbContext();
        Assert.Equal(1, await InvitationWorld.ResponsesOfAsync(app, used.Id));
        Assert.Equal(0, await check.Responses.CountAsync(r => r.InvitationId == revoked.Id || r.InvitationId == expired.Id));
        Assert.Null((await check.Invitations.SingleAsync(i => i.Id == expired.Id)).UsedAt);
        Assert.False(await check.ReviewItems.AnyAsync(r => r.Summary == "lần hai"));
        // The expired link still takes its one general rating, through the path that reads it.
        var general = await InvitationWorld.SubmitAsync(client, expired.Token, [new { criterion = Criteria.Overall, score = 3 }]);
        Assert.Equal(HttpStatusCode.Created, general.StatusCode);
        Assert.True((await check.Responses.SingleAsync(r => r.InvitationId == expired.Id)).IsGeneralFallback);
    }

    [Fact]
    public async Task Answers_that_break_the_rules_are_refused_as_before_and_nothing_is_stored()
    {
        var w = await AfterOneStoredTransactionAsync("OS-PRIME-2");
        var issued = await InvitationWorld.IssueTransactionAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), w, "OS-BAD");
        var noOverall = InvitationWorld.ServiceAnswers().Where(a => !JsonSerializer.Serialize(a).Contains($"\"{Criteria.Overall}\"")).ToArray();

        var missing = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token, noOverall);
        var unknownCriterion = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token,
            [.. InvitationWorld.ServiceAnswers(), new { criterion = "no.such.criterion", score = 3 }]);

        await AssertProblemAsync(missing, HttpStatusCode.BadRequest, state: null);
        await AssertProblemAsync(unknownCriterion, HttpStatusCode.UnprocessableEntity, state: null);
        await using var db = app.NewDbContext();
        Assert.False(await db.Responses.AnyAsync(r => r.InvitationId == issued.Id));
        Assert.Null((await db.Invitations.SingleAsync(i => i.Id == issued.Id)).UsedAt);
    }

    [Fact]
    public async Task A_link_of_another_version_whose_answers_fit_the_likely_one_is_stored_with_its_own_version()
    {
        var w = await AfterOneStoredTransactionAsync("OS-PRIME-3");
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var onV1 = await InvitationWorld.IssueTransactionAsync(staff, w, "OS-V1");
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var templates = await admin.GetFromJsonAsync<JsonElement>("/api/surveys");
        var service = templates.EnumerateArray().Single(t => t.GetProperty("code").GetString() == "sipas-service");
        var created = await admin.PostAsync($"/api/surveys/{service.GetProperty("id").GetInt32()}/versions", null);
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var v2 = draft.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/surveys/versions/{v2}/publish", null)).StatusCode);
        var onV2 = await InvitationWorld.IssueTransactionAsync(staff, w, "OS-V2");
        Assert.Equal(v2, onV2.SurveyVersionId);

        // v2 (the same questions as v1, by criterion) becomes the likely version; then v1's link is answered by criterion.
        var second = await InvitationWorld.SubmitAsync(app.AnonymousClient(), onV2.Token, InvitationWorld.ServiceAnswers(4));
        var first = await InvitationWorld.SubmitAsync(app.AnonymousClient(), onV1.Token, InvitationWorld.ServiceAnswers(3));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (second.StatusCode, first.StatusCode));
        await using var db = app.NewDbContext();
        var stored = await db.Responses.Include(r => r.Answers).Where(r => r.InvitationId == onV1.Id || r.InvitationId == onV2.Id).ToListAsync();
        Assert.Equal(onV1.SurveyVersionId, stored.Single(r => r.InvitationId == onV1.Id).SurveyVersionId);
        Assert.Equal(v2, stored.Single(r => r.InvitationId == onV2.Id).SurveyVersionId);
        var v1Questions = await db.SurveyQuestions.Where(q => q.VersionId == onV1.SurveyVersionId).Select(q => q.Id).ToListAsync();
        Assert.All(stored.Single(r => r.InvitationId == onV1.Id).Answers, a => Assert.Contains(a.QuestionId, v1Questions));
    }

    [Fact]
    public async Task A_yearly_slip_and_a_counter_qr_after_a_transaction_are_stored_by_their_own_rules()
    {
        var w = await AfterOneStoredTransactionAsync("OS-PRIME-4");
        var sample = await AnnualSampleWorld.IssueAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), w.WardA, 2);
        var counter = await InvitationWorld.IssueAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), new { kind = "Counter", servicePointId = w.CounterA });
        var phone = app.AnonymousClient();

        var slip = await InvitationWorld.SubmitAsync(phone, sample.Slips[0].Token, AnnualSampleWorld.YearlyAnswers());
        var slipAgain = await InvitationWorld.SubmitAsync(phone, sample.Slips[0].Token, AnnualSampleWorld.YearlyAnswers());
        var otherSlip = await InvitationWorld.SubmitAsync(phone, sample.Slips[1].Token, AnnualSampleWorld.YearlyAnswers(2, 2, 2));
        var rating = await InvitationWorld.SubmitAsync(phone, counter.Token, InvitationWorld.ServiceAnswers(5));
        var ratingAgain = await InvitationWorld.SubmitAsync(phone, counter.Token, InvitationWorld.ServiceAnswers(4));

        Assert.Equal(HttpStatusCode.Created, slip.StatusCode);
        await AssertProblemAsync(slipAgain, HttpStatusCode.Conflict, "Used");
        Assert.Equal(HttpStatusCode.Created, otherSlip.StatusCode);
        Assert.Equal(HttpStatusCode.Created, rating.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ratingAgain.StatusCode);
        await using var db = app.NewDbContext();
        var slips = await db.Responses.Where(r => r.InvitationId == sample.Slips[0].Id || r.InvitationId == sample.Slips[1].Id).ToListAsync();
        Assert.Equal(2, slips.Count);
        Assert.All(slips, r => Assert.Equal((sample.SurveyVersionId, w.WardA, (string?)null), (r.SurveyVersionId, r.UnitId, r.DeviceHash)));
        var counted = await db.Responses.SingleAsync(r => r.InvitationId == counter.Id);
        Assert.Equal((w.CounterA, (int?)w.CounterAOfficial), (counted.ServicePointId, counted.OfficialId));
        Assert.NotNull(counted.DeviceHash);
    }

    [Fact]
    public async Task A_retry_with_its_idempotency_key_gets_the_original_result_and_a_low_rating_its_review_item()
    {
        var w = await AfterOneStoredTransactionAsync("OS-PRIME-5");
        var issued = await InvitationWorld.IssueTransactionAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), w, "OS-KEY");
        var client = app.AnonymousClient();

        var first = await InvitationWorld.SubmitAsync(client, issued.Token, InvitationWorld.ServiceAnswers(1), "Chờ lâu", key: "os-key-1");
        var retry = await InvitationWorld.SubmitAsync(client, issued.Token, InvitationWorld.ServiceAnswers(1), "Chờ lâu", key: "os-key-1");
        var other = await InvitationWorld.SubmitAsync(client, issued.Token, InvitationWorld.ServiceAnswers(3), key: "os-key-1");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("responseId").GetInt64(), b.GetProperty("responseId").GetInt64());
        await AssertProblemAsync(other, HttpStatusCode.UnprocessableEntity, state: null);
        await using var db = app.NewDbContext();
        var stored = await db.Responses.SingleAsync(r => r.InvitationId == issued.Id);
        Assert.Equal(a.GetProperty("responseId").GetInt64(), stored.Id);
        Assert.Equal((w.WardA, (int?)w.OfficialA, (int?)w.Procedure), (stored.UnitId, stored.OfficialId, stored.ProcedureId));
        var item = await db.ReviewItems.SingleAsync(r => r.ResponseId == stored.Id);
        Assert.Equal((w.WardA, SubjectKind.Official, w.OfficialA, "Chờ lâu"), (item.UnitId, item.SubjectKind, item.SubjectId, item.Summary));
        Assert.True(await db.PendingRollups.AnyAsync(p => p.ResponseId == stored.Id));
        Assert.Equal(1, await db.IdempotencyRecords.CountAsync(r => r.Scope == $"submission:{issued.Id}" && r.Key == "os-key-1"));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? state)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (state is not null) Assert.Equal(state, problem.GetProperty("state").GetString());
    }
}
