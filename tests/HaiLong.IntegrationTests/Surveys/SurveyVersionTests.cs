namespace HaiLong.IntegrationTests.Surveys;

public sealed class SurveyVersionTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task The_default_templates_are_published_with_the_shared_criteria()
    {
        await using var db = app.NewDbContext();
        var service = await db.SurveyVersions.Include(v => v.Questions).SingleAsync(v => v.Template.Code == "sipas-service" && v.Number == 1);
        var annual = await db.SurveyVersions.Include(v => v.Questions).SingleAsync(v => v.Template.Code == "ward-annual" && v.Number == 1);

        Assert.NotNull(service.PublishedAt);
        Assert.Contains(service.Questions, q => q.Criterion == Criteria.Overall && q.Kind == QuestionKind.Likert && q.Required);
        Assert.All(service.Questions.Where(q => q.Kind == QuestionKind.Likert), q => Assert.True(Criteria.LabelsVi.ContainsKey(q.Criterion)));
        Assert.Equal(["access", "feedback", "official", "overall", "procedure", "result"], service.Questions.Select(q => q.CriterionGroup).Distinct().Order());
        Assert.Equal(
            new[]
            {
                Criteria.GovernmentCouncil, Criteria.GovernmentCommittee, Criteria.GovernmentTransparency, Criteria.GovernmentListening,
                Criteria.GovernmentPetitions, Criteria.Overall,
            }.Order(),
            annual.Questions.Select(q => q.Criterion).Order());
    }

    [Fact]
    public async Task Publishing_makes_a_version_immutable_and_responses_keep_the_version_they_answered()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var (w, issuedOnV1) = await InvitationWorld.IssueTransactionAsync(app, "HS-V1");
        var templates = await admin.GetFromJsonAsync<JsonElement>("/api/surveys");
        var service = templates.EnumerateArray().Single(t => t.GetProperty("code").GetString() == "sipas-service");
        var v1 = service.GetProperty("versions")[0].GetProperty("id").GetInt32();

        var editPublished = await admin.PutAsJsonAsync($"/api/surveys/versions/{v1}/questions", new { questions = Questions("Hài lòng chung?") });
        var draftResponse = await admin.PostAsync($"/api/surveys/{service.GetProperty("id").GetInt32()}/versions", null);
        var draft = await draftResponse.Content.ReadFromJsonAsync<JsonElement>();
        var v2 = draft.GetProperty("id").GetInt32();
        var editDraft = await admin.PutAsJsonAsync($"/api/surveys/versions/{v2}/questions",
            new { questions = Questions("Nhìn chung, ông/bà hài lòng không?") });
        var publish = await admin.PostAsync($"/api/surveys/versions/{v2}/publish", null);
        var editAfterPublish = await admin.PutAsJsonAsync($"/api/surveys/versions/{v2}/questions", new { questions = Questions("Sửa sau khi công bố") });
        var publishAgain = await admin.PostAsync($"/api/surveys/versions/{v2}/publish", null);
        var answerV1 = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issuedOnV1.Token, InvitationWorld.ServiceAnswers(4));
        var issuedOnV2 = await InvitationWorld.IssueTransactionAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), w, "HS-V2");

        Assert.Equal(HttpStatusCode.Conflict, editPublished.StatusCode);
        Assert.Equal(HttpStatusCode.Created, draftResponse.StatusCode);
        Assert.Equal(2, draft.GetProperty("number").GetInt32());
        Assert.Equal(HttpStatusCode.OK, editDraft.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, editAfterPublish.StatusCode);
        Assert.Equal("application/problem+json", editAfterPublish.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, publishAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Created, answerV1.StatusCode);
        Assert.Equal(v2, issuedOnV2.SurveyVersionId);
        await using var db = app.NewDbContext();
        Assert.Equal(v1, (await db.Responses.SingleAsync(r => r.InvitationId == issuedOnV1.Id)).SurveyVersionId);
        var published = await db.SurveyQuestions.Where(q => q.VersionId == v2).ToListAsync();
        Assert.Equal(["Nhìn chung, ông/bà hài lòng không?"], published.Select(q => q.TextVi));
        Assert.Equal(13, await db.SurveyQuestions.CountAsync(q => q.VersionId == v1));
    }

    [Fact]
    public async Task A_question_set_without_overall_satisfaction_or_with_an_unknown_likert_criterion_is_400()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        await using var db = app.NewDbContext();
        var annual = await db.SurveyTemplates.SingleAsync(t => t.Code == "ward-annual");
        var draft = await (await admin.PostAsync($"/api/surveys/{annual.Id}/versions", null)).Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetInt32();

        var noOverall = await admin.PutAsJsonAsync($"/api/surveys/versions/{id}/questions", new
        {
            questions = new[] { Likert(Criteria.GovernmentCouncil, "government", "HĐND", "Council", required: true) },
        });
        var unknown = await admin.PutAsJsonAsync($"/api/surveys/versions/{id}/questions", new
        {
            questions = new[] { Questions("Chung")[0], Likert("official.charm", "official", "Duyên", "Charm", required: false) },
        });
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var notAdmin = await staff.PostAsync($"/api/surveys/versions/{id}/publish", null);

        Assert.Equal(HttpStatusCode.BadRequest, noOverall.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("official.charm", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Equal(6, await db.SurveyQuestions.CountAsync(q => q.VersionId == id));
    }

    private static object[] Questions(string overallText) => [Likert(Criteria.Overall, "overall", overallText, "Overall?", required: true)];

    /// <summary>A rated question as the API takes it.</summary>
    private static object Likert(string criterion, string criterionGroup, string textVi, string textEn, bool required) =>
        new { criterion, criterionGroup, kind = "Likert", textVi, textEn, required, allowNotApplicable = false };
}
