using System.Text.Json.Nodes;

namespace HaiLong.IntegrationTests.Api;

/// <summary>
/// The examples of the hardened-input issue, one test each: each was a 500, a silently stored default or a lost text on the
/// main of 2026-11-25. Every refusal is a 400 naming the field and changes no table.
/// </summary>
public sealed partial class HardenedInputTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
        Assert.True(errors.Any(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase)), $"no error for '{field}': {body}");
    }

    private async Task<T> UnchangedAsync<T>(Func<Task<T>> act)
    {
        var before = await InputSweep.ChecksumsAsync(app.ConnectionString);
        var result = await act();
        var after = await InputSweep.ChecksumsAsync(app.ConnectionString);
        var changed = after.Where(kv => before.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => kv.Key).ToList();
        Assert.True(changed.Count == 0, "changed: " + string.Join(", ", changed));
        return result;
    }

    [Fact]
    public async Task A_nul_in_the_sign_in_name_is_a_400_naming_it()
    {
        var response = await UnchangedAsync(() => app.AnonymousClient().PostAsync("/api/auth/token",
            Json("""{"userName":"a\u0000b","password":"x"}""")));
        await AssertRefusedAsync(response, "userName");
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\uffff")]
    [InlineData("\\u0001")]
    public async Task An_invalid_code_point_in_the_sign_in_name_is_a_400(string escaped)
    {
        var response = await app.AnonymousClient().PostAsync("/api/auth/token", Json($$"""{"userName":"x{{escaped}}","password":"x"}"""));
        await AssertRefusedAsync(response, "userName");
    }

    [Fact]
    public async Task A_nul_in_a_query_filter_is_a_400_naming_it()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        await AssertRefusedAsync(await admin.GetAsync("/api/procedures?field=%00"), "field");
    }

    [Fact]
    public async Task A_nul_in_a_dossier_reference_is_a_400_and_no_invitation_is_stored()
    {
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var w = await InvitationWorld.LoadAsync(app);
        var response = await UnchangedAsync(() => staff.PostAsync("/api/invitations", Json(
            $$"""{"kind":"Transaction","officialId":{{w.OfficialA}},"procedureId":{{w.Procedure}},"dossierReference":"HS\u0000-1"}""")));
        await AssertRefusedAsync(response, "dossierReference");
    }

    [Fact]
    public async Task A_nul_in_a_survey_comment_or_a_null_answer_is_a_400_and_the_link_stays_unused()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-NUL-001");
        var citizen = app.AnonymousClient();
        var answers = JsonSerializer.Serialize(InvitationWorld.ServiceAnswers(), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        var nul = await UnchangedAsync(() => citizen.PostAsync("/api/responses",
            Json($$"""{"token":"{{issued.Token}}","answers":{{answers}},"comment":"tốt\u0000lắm"}""")));
        var nullAnswer = await UnchangedAsync(() => citizen.PostAsync("/api/responses", Json($$"""{"token":"{{issued.Token}}","answers":[null]}""")));
        var duplicated = await UnchangedAsync(() => citizen.PostAsync("/api/responses",
            Json($$"""{"token":"{{issued.Token}}","answers":{{answers}},"comment":"a","comment":"b"}""")));

        await AssertRefusedAsync(nul, "comment");
        await AssertRefusedAsync(nullAnswer, "answers[0]");
        await AssertRefusedAsync(duplicated, "comment");
        // The link was not consumed by the refusals: the real answer is still taken.
        var ok = await citizen.PostAsync("/api/responses", Json($$"""{"token":"{{issued.Token}}","answers":{{answers}}}"""));
        Assert.True(ok.IsSuccessStatusCode, await ok.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("123")]
    [InlineData("-1")]
    [InlineData("\"Village\"")]
    public async Task An_undefined_unit_level_is_a_400_naming_it(string level)
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        await using var db = app.NewDbContext();
        var ward = await db.Units.SingleAsync(u => u.Code == DemoWorld.WardACode);
        var response = await UnchangedAsync(() => admin.PostAsync("/api/units",
            Json($$"""{"code":"LVL-{{level.Length}}","name":"Ấp thử","level":{{level}},"parentId":{{ward.Id}}}""")));
        await AssertRefusedAsync(response, "level");
    }

    [Fact]
    public async Task A_holiday_without_its_date_is_a_400_not_year_one()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var response = await UnchangedAsync(() => admin.PutAsync("/api/cases/holidays", Json("""{"name":"Thiếu ngày"}""")));
        await AssertRefusedAsync(response, "date");
    }

    [Fact]
    public async Task A_policy_without_its_weights_or_figures_without_overdue_dossiers_is_a_400_not_zero()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var policy = await UnchangedAsync(() => admin.PostAsync("/api/evaluations/policies", Json("""{"basis":"Nghị quyết thử"}""")));
        await AssertRefusedAsync(policy, "officialSatisfactionWeight");

        await using var db = app.NewDbContext();
        var ward = await db.Units.SingleAsync(u => u.Code == DemoWorld.WardACode);
        var cycle = await Evaluations.EvaluationWorld.CreateCycleAsync(admin, ward.Id, year: 2025);
        var figures = await UnchangedAsync(() => admin.PutAsync($"/api/evaluations/{cycle}/dossier-figures/{ward.Id}",
            Json("""{"dossiersTotal":10,"source":"Báo cáo một cửa"}""")));
        await AssertRefusedAsync(figures, "dossiersOverdue");
    }

    [Fact]
    public async Task A_question_without_its_criterion_or_longer_than_its_column_is_a_400()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        await using var db = app.NewDbContext();
        var template = await db.SurveyTemplates.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        var draft = await admin.PostAsync($"/api/surveys/{template}/versions", null);
        Assert.True(draft.IsSuccessStatusCode, await draft.Content.ReadAsStringAsync());
        var version = JsonNode.Parse(await draft.Content.ReadAsStringAsync())!["id"]!.GetValue<int>();
        var noCriterion = await UnchangedAsync(() => admin.PutAsync($"/api/surveys/versions/{version}/questions",
            Json("""{"questions":[{"kind":"Likert","textVi":"Câu hỏi","textEn":"Question"}]}""")));
        var tooLong = await UnchangedAsync(() => admin.PutAsync($"/api/surveys/versions/{version}/questions",
            Json($$"""{"questions":[{"criterion":"{{new string('c', 65)}}","kind":"Likert","textVi":"{{new string('ệ', 1001)}}","textEn":"Q"}]}""")));

        await AssertRefusedAsync(noCriterion, "questions[0].criterion");
        await AssertRefusedAsync(tooLong, "questions[0].textVi");
    }

    [Fact]
    public async Task A_null_question_in_a_survey_version_is_a_400()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        await using var db = app.NewDbContext();
        var version = await db.SurveyVersions.OrderBy(v => v.Id).Select(v => v.Id).FirstAsync();
        var response = await UnchangedAsync(() => admin.PutAsync($"/api/surveys/versions/{version}/questions", Json("""{"questions":[null]}""")));
        await AssertRefusedAsync(response, "questions[0]");
    }

    [Fact]
    public async Task An_evaluation_target_titled_with_a_non_character_is_refused_so_no_export_can_be_poisoned()
    {
        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        await using var db = app.NewDbContext();
        var ward = await db.Units.SingleAsync(u => u.Code == DemoWorld.WardACode);
        var cycle = await Evaluations.EvaluationWorld.CreateCycleAsync(evaluator, ward.Id, year: 2026);

        var response = await UnchangedAsync(() => evaluator.PostAsync($"/api/evaluations/{cycle}/targets",
            Json($$"""{"unitId":{{ward.Id}},"title":"\uffff","targetValue":1}""")));

        await AssertRefusedAsync(response, "title");
    }

    [Fact]
    public async Task A_citizen_filing_with_a_nul_gets_the_form_back_with_the_text_kept()
    {
        var client = app.PageClient();
        var fields = new Dictionary<string, string>
        {
            ["type"] = "Petition", ["subject"] = "unit", ["content"] = "Đèn đường\u0000 hỏng",
        };
        var response = await UnchangedAsync(() => Cases.CaseWorld.FileAsync(client, $"unit={DemoWorld.WardACode}", fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"vi\"", page);
        Assert.Contains("Đèn đường hỏng</textarea>", page);
        Assert.Contains("ký tự không hợp lệ", page);
    }

    [Fact]
    public async Task A_nul_in_the_filing_links_unit_is_a_vietnamese_page_not_a_500()
    {
        var client = app.PageClient();
        var response = await client.GetAsync("/c/new?unit=%00");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<html lang=\"vi\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cross_site_survey_post_gets_a_vietnamese_page_that_keeps_the_answers_and_sends_on_the_second_press()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-CROSS-01");
        var phone = app.PageClient();
        var fields = Responses.SurveyPageForm.Answers(await phone.GetStringAsync($"/s/{issued.Token}"), "Cán bộ nhiệt tình");

        // The same answers, posted by a page of another site (a browser says so in Sec-Fetch-Site).
        var refused = await UnchangedAsync(() => phone.SendAsync(Responses.SurveyPageForm.Post($"/s/{issued.Token}", fields, "cross-site")));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        var html = await refused.Content.ReadAsStringAsync();
        var page = WebUtility.HtmlDecode(html);
        Assert.Contains("<html lang=\"vi\"", page);
        Assert.Contains("biểu mẫu được gửi từ một trang web khác", page);
        Assert.Contains("Cán bộ nhiệt tình</textarea>", page);
        Assert.Matches("value=\"4\"( required)? checked", page);

        // That page is this site's own: pressing send on it (a same-origin post of what it shows) stores the answers.
        var sent = await phone.SendAsync(Responses.SurveyPageForm.Post($"/s/{issued.Token}",
            Responses.SurveyPageForm.Answers(html, "Cán bộ nhiệt tình"), "same-origin"));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        await using var db = app.NewDbContext();
        Assert.True(await db.Responses.AnyAsync(r => r.InvitationId == issued.Id && r.Comment == "Cán bộ nhiệt tình"));
    }

}

/// <summary>In its own class: serving on a real port switches the fixture's host to Kestrel for every test that shares it.</summary>
public sealed class OversizedAttachmentBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_citizen_attaching_photos_over_the_limit_sees_the_form_again_with_the_text_and_the_size_limit()
    {
        var baseUrl = app.StartLoopbackServer().ToString().TrimEnd('/');
        await using var browser = await Chromium.LeaseAsync();
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{baseUrl}/c/new?unit={DemoWorld.WardACode}");
        await page.CheckAsync("input[name=type][value=Reflection]");
        const string typed = "Cống thoát nước trước nhà số 12 bị tắc, nước tràn lên đường mỗi khi mưa.";
        await page.FillAsync("#content", typed);
        await page.FillAsync("#name", "Lê Văn Tâm");
        var photo = new byte[3_500_000];
        new Random(1).NextBytes(photo);
        await page.SetInputFilesAsync("#attachments", new[]
        {
            new FilePayload { Name = "anh-1.jpg", MimeType = "image/jpeg", Buffer = photo },
            new FilePayload { Name = "anh-2.jpg", MimeType = "image/jpeg", Buffer = photo },
        });

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Gửi đơn" }).ClickAsync(), r => r.Url.EndsWith("/c/new") && r.Request.Method == "POST");

        Assert.Equal(413, response.Status);
        Assert.Equal(typed, await page.InputValueAsync("#content"));
        Assert.Equal("Lê Văn Tâm", await page.InputValueAsync("#name"));
        Assert.True(await page.IsCheckedAsync("input[name=type][value=Reflection]"));
        var message = await page.TextContentAsync("#error");
        Assert.Contains("2 MB", message);
        Assert.Contains("chọn lại tệp", message);
        await using var db = app.NewDbContext();
        Assert.False(await db.Cases.AnyAsync(c => c.Content == typed));
    }
}
