namespace HaiLong.IntegrationTests.Responses;

public sealed class SubmissionTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_transaction_submission_is_stored_with_its_subject_version_and_a_pending_rollup()
    {
        var (w, issued) = await InvitationWorld.IssueTransactionAsync(app);

        var response = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token, InvitationWorld.ServiceAnswers(5), "Cán bộ nhiệt tình");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("responseId").GetInt64();
        Assert.StartsWith("/c/new?r=", body.GetProperty("followUpUrl").GetString());
        await using var db = app.NewDbContext();
        var stored = await db.Responses.Include(r => r.Answers).SingleAsync(r => r.Id == id);
        Assert.Equal((w.WardA, w.OfficialA, w.Procedure, issued.SurveyVersionId, false),
            (stored.UnitId, stored.OfficialId, stored.ProcedureId, stored.SurveyVersionId, stored.IsGeneralFallback));
        Assert.NotNull(stored.AgencyId);
        Assert.Equal(13, stored.Answers.Count);
        Assert.Equal((short)5, stored.Answers.Single(a => a.Criterion == Criteria.Overall).Score);
        Assert.Null(stored.Answers.Single(a => a.Criterion == Criteria.FeedbackHandling).Score);
        Assert.Equal(("no", (short?)null),
            (stored.Answers.Single(a => a.Criterion == "info.revisits").Text, stored.Answers.Single(a => a.Criterion == "info.revisits").Score));
        Assert.True(await db.PendingRollups.AnyAsync(p => p.ResponseId == id));
        Assert.NotNull((await db.Invitations.SingleAsync(i => i.Id == issued.Id)).UsedAt);
        Assert.False(await db.ReviewItems.AnyAsync(r => r.ResponseId == id));
    }

    [Fact]
    public async Task Fifty_simultaneous_submissions_of_one_transaction_token_store_exactly_one_response()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-RACE");
        var client = app.AnonymousClient();
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await InvitationWorld.SubmitAsync(client, issued.Token, InvitationWorld.ServiceAnswers(i % 5 + 1));
        })).ToArray();
        start.Set();
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Used", await conflict.Content.ReadAsStringAsync());
        }
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.Responses.CountAsync(r => r.InvitationId == issued.Id));
        Assert.Equal(1, await db.PendingRollups.CountAsync(p => db.Responses.Any(r => r.Id == p.ResponseId && r.InvitationId == issued.Id)));
    }

    [Fact]
    public async Task Many_citizens_viewing_and_submitting_their_own_links_at_once_are_all_stored()
    {
        // The lookup and the submission share pooled connections; a connection handed back while still in use by its
        // reader once answered other requests with someone else's rows (found by the submit benchmark, not by 50 on one token).
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var links = new List<Issued>();
        for (var i = 0; i < 60; i++) links.Add(await InvitationWorld.IssueTransactionAsync(staff, w, $"HS-MANY-{i}"));
        var client = app.AnonymousClient();

        var outcomes = await Task.WhenAll(links.Select(link => Task.Run(async () =>
        {
            var statuses = new List<HttpStatusCode>();
            for (var view = 0; view < 3; view++) statuses.Add((await client.GetAsync($"/api/responses/forms/{link.Token}")).StatusCode);
            var submitted = await InvitationWorld.SubmitAsync(client, link.Token, InvitationWorld.ServiceAnswers());
            statuses.Add(submitted.StatusCode);
            return (link.Id, Statuses: statuses, Body: await submitted.Content.ReadAsStringAsync());
        }))).WaitAsync(TimeSpan.FromSeconds(90)); // with that bug some requests never finished

        Assert.All(outcomes, o => Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created], o.Statuses));
        await using var db = app.NewDbContext();
        var ids = links.Select(l => l.Id).ToList();
        Assert.Equal(60, await db.Responses.CountAsync(r => ids.Contains(r.InvitationId!.Value)));
        Assert.Equal(60 * 13, await db.ResponseAnswers.CountAsync(a => db.Responses.Any(r => r.Id == a.ResponseId && ids.Contains(r.InvitationId!.Value))));
    }

    public static TheoryData<string, object[], string?, HttpStatusCode> Malformed => new()
    {
        { "score 0", Replace(Criteria.Overall, new { criterion = Criteria.Overall, score = 0 }), null, HttpStatusCode.BadRequest },
        { "score 6", Replace(Criteria.OfficialAttitude, new { criterion = Criteria.OfficialAttitude, score = 6 }), null, HttpStatusCode.BadRequest },
        { "unknown criterion", [.. InvitationWorld.ServiceAnswers(), new { criterion = "official.charm", score = 3 }],
            null, HttpStatusCode.UnprocessableEntity },
        { "missing required answer", InvitationWorld.ServiceAnswers().Where(a => !JsonSerializer.Serialize(a).Contains(Criteria.Overall))
            .ToArray(), null, HttpStatusCode.BadRequest },
        { "over-long comment", InvitationWorld.ServiceAnswers(), new string('x', 2001), HttpStatusCode.BadRequest },
        { "not applicable where not allowed",
            Replace(Criteria.Overall, new { criterion = Criteria.Overall, notApplicable = true }), null, HttpStatusCode.BadRequest },
        { "yes/no answered with a score", Replace("info.revisits", new { criterion = "info.revisits", score = 3 }), null, HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_answers_are_refused_with_a_problem_and_nothing_is_stored(string why, object[] answers, string? comment, HttpStatusCode expected)
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, $"HS-BAD-{why}");

        var response = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token, answers, comment);

        await AssertRefusedAsync(response, expected, issued.Id);
    }

    [Fact]
    public async Task An_answer_for_another_versions_question_is_422_and_nothing_is_stored()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-OTHER-VERSION");
        await using var db = app.NewDbContext();
        var annualQuestion = await db.SurveyQuestions.Where(q => q.VersionId != issued.SurveyVersionId).Select(q => q.Id).FirstAsync();

        var response = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token,
            [.. InvitationWorld.ServiceAnswers(), new { questionId = annualQuestion, score = 3 }]);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, issued.Id);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415_and_nothing_is_stored()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-CONTENT-TYPE");
        var json = JsonSerializer.Serialize(new { token = issued.Token, answers = InvitationWorld.ServiceAnswers() });

        var response = await app.AnonymousClient().PostAsync("/api/responses", new StringContent(json, Encoding.UTF8, "text/plain"));

        await AssertRefusedAsync(response, HttpStatusCode.UnsupportedMediaType, issued.Id);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_gets_the_original_result_and_a_different_body_is_422()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-IDEMPOTENT");
        var client = app.AnonymousClient();

        var first = await InvitationWorld.SubmitAsync(client, issued.Token, InvitationWorld.ServiceAnswers(4), key: "kiosk-7-0001");
        var retry = await InvitationWorld.SubmitAsync(client, issued.Token, InvitationWorld.ServiceAnswers(4), key: "kiosk-7-0001");
        var other = await InvitationWorld.SubmitAsync(client, issued.Token, InvitationWorld.ServiceAnswers(2), key: "kiosk-7-0001");
        var noKey = await InvitationWorld.SubmitAsync(client, issued.Token, InvitationWorld.ServiceAnswers(4));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("responseId").GetInt64(), b.GetProperty("responseId").GetInt64());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, noKey.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.Responses.CountAsync(r => r.InvitationId == issued.Id));
    }

    [Fact]
    public async Task A_low_overall_rating_with_a_comment_queues_a_review_item_for_the_official()
    {
        var (w, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-LOW");

        var response = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token, InvitationWorld.ServiceAnswers(1), "Phải chờ quá lâu");

        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("responseId").GetInt64();
        await using var db = app.NewDbContext();
        var item = await db.ReviewItems.SingleAsync(r => r.ResponseId == id);
        Assert.Equal((ReviewItemKind.LowScoreComment, w.WardA, SubjectKind.Official, w.OfficialA, $"comment:{id}", "Phải chờ quá lâu"),
            (item.Kind, item.UnitId, item.SubjectKind, item.SubjectId, item.DedupKey, item.Summary));
    }

    [Fact]
    public async Task An_expired_unused_transaction_link_takes_one_general_rating_of_the_ward()
    {
        var (w, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-LATE");
        await using (var db = app.NewDbContext())
        {
            await db.Invitations.Where(i => i.Id == issued.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, app.Clock.GetUtcNow().AddMinutes(-1)));
        }
        var client = app.AnonymousClient();

        var form = await client.GetFromJsonAsync<JsonElement>($"/api/responses/forms/{issued.Token}");
        var full = await InvitationWorld.SubmitAsync(client, issued.Token, InvitationWorld.ServiceAnswers(3));
        var general =
            await InvitationWorld.SubmitAsync(client, issued.Token, [new { criterion = Criteria.Overall, score = 2 }], "Đến muộn nhưng vẫn muốn góp ý");
        var again = await InvitationWorld.SubmitAsync(client, issued.Token, [new { criterion = Criteria.Overall, score = 5 }]);

        Assert.Equal("General", form.GetProperty("mode").GetString());
        Assert.Equal(1, form.GetProperty("questions").GetArrayLength());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, full.StatusCode);
        Assert.Equal(HttpStatusCode.Created, general.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await using var check = app.NewDbContext();
        var stored = await check.Responses.SingleAsync(r => r.InvitationId == issued.Id);
        Assert.Equal((true, (int?)null, (int?)null, w.WardA), (stored.IsGeneralFallback, stored.OfficialId, stored.ProcedureId, stored.UnitId));
        var item = await check.ReviewItems.SingleAsync(r => r.ResponseId == stored.Id);
        Assert.Equal((SubjectKind.Unit, w.WardA), (item.SubjectKind, item.SubjectId));
    }

    [Fact]
    public async Task A_revoked_link_is_410_and_an_unknown_one_404()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var issued = await InvitationWorld.IssueTransactionAsync(staff, w, "HS-REVOKED");

        var revoke = await staff.PostAsync($"/api/invitations/{issued.Id}/revoke", null);
        var revokeAgain = await staff.PostAsync($"/api/invitations/{issued.Id}/revoke", null);
        var submit = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token, InvitationWorld.ServiceAnswers());
        var unknown = await InvitationWorld.SubmitAsync(app.AnonymousClient(), "AAAAAAAAAAAAAAAAAAAAAA", InvitationWorld.ServiceAnswers());

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, revokeAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, submit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await NothingStoredAsync(issued.Id);
        await using var db = app.NewDbContext();
        var changes = await db.AuditEntries.Where(a => a.EntityType == "Invitation" && a.EntityId == issued.Id.ToString()).Select(a => a.Details).ToListAsync();
        Assert.Contains(changes, d => d!.Contains("RevokedAt"));
    }

    [Fact]
    public async Task A_counter_qr_is_attributed_to_the_official_on_duty_and_one_phone_rates_once_within_the_window()
    {
        var (w, issued) = await InvitationWorld.IssueCounterAsync(app);
        var phone = app.AnonymousClient();

        var first = await InvitationWorld.SubmitAsync(phone, issued.Token, InvitationWorld.ServiceAnswers(5));
        var second = await InvitationWorld.SubmitAsync(phone, issued.Token, InvitationWorld.ServiceAnswers(1));
        var otherPhone = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token, InvitationWorld.ServiceAnswers(3));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherPhone.StatusCode);
        await using var db = app.NewDbContext();
        var stored = await db.Responses.Where(r => r.InvitationId == issued.Id).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, r => Assert.Equal((w.CounterAOfficial, w.CounterA, w.WardA), (r.OfficialId!.Value, r.ServicePointId!.Value, r.UnitId)));
        Assert.All(stored, r => Assert.Matches("^[0-9a-f]{64}$", r.DeviceHash!));
        Assert.Equal(2, stored.Select(r => r.DeviceHash).Distinct().Count());
    }

    [Fact]
    public async Task Twenty_simultaneous_submissions_of_one_phone_on_a_counter_qr_store_one_and_a_low_rating_goes_to_the_official_on_duty()
    {
        var (w, issued) = await InvitationWorld.IssueCounterAsync(app);
        // One phone: the same device cookie on every request (the client keeps none of its own).
        var phone = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        var answers = InvitationWorld.ServiceAnswers(1);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/responses")
            {
                Content = JsonContent.Create(new { token = issued.Token, answers, comment = "Chờ quá lâu" }),
            };
            request.Headers.Add("Cookie", $"{HaiLong.Api.Features.Responses.AbuseSignals.DeviceCookie}=onePhoneAtTheCounter01");
            using var response = await phone.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.Equal(1, outcomes.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, outcomes.Count(s => s == HttpStatusCode.Conflict));
        await using var db = app.NewDbContext();
        var stored = await db.Responses.SingleAsync(r => r.InvitationId == issued.Id);
        Assert.Equal((w.CounterAOfficial, w.CounterA), (stored.OfficialId!.Value, stored.ServicePointId!.Value));
        var item = await db.ReviewItems.SingleAsync(r => r.ResponseId == stored.Id);
        Assert.Equal((ReviewItemKind.LowScoreComment, SubjectKind.Official, w.CounterAOfficial), (item.Kind, item.SubjectKind, item.SubjectId));
    }

    [Fact]
    public async Task The_json_flow_is_in_the_openapi_document()
    {
        var document = await app.AnonymousClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/responses\"", document);
        Assert.Contains("SubmitResponse", document);
        Assert.Contains("Idempotency-Key", document);
        Assert.Contains("IssueInvitation", document);
        Assert.Contains("PublishSurveyVersion", document);
    }

    /// <summary>A refused submission: the status, a ProblemDetails body, and the link still unused.</summary>
    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode expected, long invitationId)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await NothingStoredAsync(invitationId);
    }

    private async Task NothingStoredAsync(long invitationId)
    {
        await using var db = app.NewDbContext();
        Assert.False(await db.Responses.AnyAsync(r => r.InvitationId == invitationId));
        Assert.Null((await db.Invitations.SingleAsync(i => i.Id == invitationId)).UsedAt);
    }

    private static object[] Replace(string criterion, object answer) =>
        InvitationWorld.ServiceAnswers().Select(a => JsonSerializer.Serialize(a).Contains($"\"{criterion}\"") ? answer : a).ToArray();
}
