using System.Net;

namespace HaiLong.IntegrationTests.Surveys;

/// <summary>
/// The survey template pages as an administrator uses them at a browser (cookie, antiforgery, form posts): a draft is made,
/// edited (a refusal keeps what was typed), previewed without creating anything, published, and then can no longer change.
/// </summary>
public sealed class SurveyTemplatePagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task An_administrator_drafts_edits_previews_and_publishes_and_the_published_version_refuses_edits()
    {
        var browser = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StaffBrowser.SignInAsync(browser, DemoUsers.Administrator)).StatusCode);
        await using var db = app.NewDbContext();
        var template = await db.SurveyTemplates.AsNoTracking().SingleAsync(t => t.Code == "sipas-service");
        var index = await browser.GetStringAsync("/staff/surveys");
        Assert.Contains(template.NameVi, WebUtility.HtmlDecode(index));
        var af = StaffBrowser.Antiforgery(index);

        // Act: a new draft, copied from the latest published version.
        var created = await browser.PostAsync($"/staff/surveys/{template.Id}/versions", Form(("__af", af)));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var draftId = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var draft = await db.SurveyVersions.AsNoTracking().Include(v => v.Questions).SingleAsync(v => v.Id == draftId);
        Assert.Null(draft.PublishedAt);
        var questions = draft.Questions.OrderBy(q => q.Order).ToList();
        Assert.Equal(13, questions.Count);
        var page = await browser.GetStringAsync($"/staff/surveys/versions/{draftId}");
        Assert.Contains("id=\"questions-form\"", page);

        // A refused edit: an empty Vietnamese text and an unknown criterion on a Likert question. Nothing is stored; the
        // page comes back with both values as typed and each reason beside its field.
        var refusedRows = Rows(questions);
        refusedRows[0]["textVi"] = "";
        refusedRows[1]["criterion"] = "access.charm";
        var refused = await browser.PostAsync($"/staff/surveys/versions/{draftId}/questions", Form(af, refusedRows));
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"textVi0-error\"", refusedHtml);
        Assert.Contains("id=\"criterion1-error\"", refusedHtml);
        Assert.Contains("value=\"access.charm\"", refusedHtml);
        Assert.Contains("aria-describedby=\"criterion1-error\"", refusedHtml);
        Assert.Equal(questions.Select(q => q.TextVi),
            await db.SurveyQuestions.Where(q => q.VersionId == draftId).OrderBy(q => q.Order).Select(q => q.TextVi).ToListAsync());

        // An accepted edit: the overall question reworded and a free-text question added at the end.
        var rows = Rows(questions);
        rows[^1]["textVi"] = "Nhìn chung, ông/bà hài lòng với việc giải quyết hồ sơ ở mức nào?";
        rows.Add(new Dictionary<string, string>
        {
            ["criterion"] = "info.suggest", ["group"] = "feedback", ["kind"] = "FreeText", ["textVi"] = "Ông/bà muốn phường cải thiện điều gì?",
            ["textEn"] = "What should the ward improve?", ["order"] = "14",
        });
        var saved = await browser.PostAsync($"/staff/surveys/versions/{draftId}/questions", Form(af, rows));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await db.SurveyQuestions.AsNoTracking().Where(q => q.VersionId == draftId).OrderBy(q => q.Order).ToListAsync();
        Assert.Equal(14, stored.Count);
        Assert.Equal(("info.suggest", QuestionKind.FreeText), (stored[^1].Criterion, stored[^1].Kind));
        Assert.Equal("Nhìn chung, ông/bà hài lòng với việc giải quyết hồ sơ ở mức nào?", stored.Single(q => q.Criterion == Criteria.Overall).TextVi);

        // The preview is the citizen's form with the draft's questions, and it creates nothing.
        var responsesBefore = await db.Responses.CountAsync();
        var invitationsBefore = await db.Invitations.CountAsync();
        var preview = await browser.GetAsync($"/staff/surveys/versions/{draftId}/preview");
        var previewHtml = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("không gửi được", previewHtml);
        Assert.Contains("Ông/bà muốn phường cải thiện điều gì?", previewHtml);
        Assert.Matches("<form class=\"survey\">|<form[^>]*class=\"survey\"", previewHtml);
        Assert.Matches("<button type=\"submit\" disabled", previewHtml);
        Assert.DoesNotContain("action=\"/s/", previewHtml);
        var english = WebUtility.HtmlDecode(await browser.GetStringAsync($"/staff/surveys/versions/{draftId}/preview?lang=en"));
        Assert.Contains("What should the ward improve?", english);
        Assert.Equal(responsesBefore, await db.Responses.CountAsync());
        Assert.Equal(invitationsBefore, await db.Invitations.CountAsync());

        // Publish; from then on the version refuses every edit and keeps its questions.
        var published = await browser.PostAsync($"/staff/surveys/versions/{draftId}/publish", Form(("__af", af)));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.NotNull(await db.SurveyVersions.Where(v => v.Id == draftId).Select(v => v.PublishedAt).SingleAsync());
        var afterPublish = await browser.PostAsync($"/staff/surveys/versions/{draftId}/questions", Form(af, refusedRows));
        Assert.Equal(HttpStatusCode.Conflict, afterPublish.StatusCode);
        Assert.Contains("không thể sửa", WebUtility.HtmlDecode(await afterPublish.Content.ReadAsStringAsync()));
        Assert.Equal(14, await db.SurveyQuestions.CountAsync(q => q.VersionId == draftId));
        var again = await browser.PostAsync($"/staff/surveys/versions/{draftId}/publish", Form(("__af", af)));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // New service invitations now use the published version; the edits are in the audit log under the administrator.
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var issued = await InvitationWorld.IssueTransactionAsync(staff, await InvitationWorld.LoadAsync(app), "HS-V-PAGE");
        Assert.Equal(draftId, issued.SurveyVersionId);
        Assert.True(await db.AuditEntries.AnyAsync(
            a => a.EntityType == "SurveyVersion" && a.EntityId == draftId.ToString() && a.Action == "SurveyVersion.updated"));
    }

    [Fact]
    public async Task Only_administrators_change_templates_and_an_unknown_version_is_a_404_page()
    {
        var leader = app.AnonymousClient();
        await StaffBrowser.SignInAsync(leader, DemoUsers.WardLeaderA);
        await using var db = app.NewDbContext();
        var annual = await db.SurveyTemplates.AsNoTracking().SingleAsync(t => t.Code == "ward-annual");
        var v1 = await db.SurveyVersions.Where(v => v.TemplateId == annual.Id).Select(v => v.Id).FirstAsync();
        var home = await leader.GetStringAsync("/staff");
        var af = StaffBrowser.Antiforgery(home);
        var versionsBefore = await db.SurveyVersions.CountAsync();

        var readable = await leader.GetAsync($"/staff/surveys/versions/{v1}");
        var create = await leader.PostAsync($"/staff/surveys/{annual.Id}/versions", Form(("__af", af)));
        var admin = app.AnonymousClient();
        await StaffBrowser.SignInAsync(admin, DemoUsers.Administrator);
        var missing = await admin.GetAsync("/staff/surveys/versions/999999");
        var missingPreview = await admin.GetAsync("/staff/surveys/versions/999999/preview");
        var noToken = await admin.PostAsync($"/staff/surveys/{annual.Id}/versions", Form(("x", "y")));

        Assert.Equal(HttpStatusCode.OK, readable.StatusCode);
        Assert.DoesNotContain("id=\"questions-form\"", await readable.Content.ReadAsStringAsync());
        Assert.DoesNotContain("href=\"/staff/surveys\"", home);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("text/html", missing.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, missingPreview.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(versionsBefore, await db.SurveyVersions.CountAsync());
    }

    private static List<Dictionary<string, string>> Rows(IEnumerable<SurveyQuestion> questions) => questions.Select(q =>
    {
        var row = new Dictionary<string, string>
        {
            ["criterion"] = q.Criterion, ["group"] = q.CriterionGroup, ["kind"] = q.Kind.ToString(), ["textVi"] = q.TextVi, ["textEn"] = q.TextEn,
            ["choices"] = q.Choices ?? "", ["order"] = q.Order.ToString(),
        };
        if (q.Required) row["required"] = "true";
        if (q.AllowNotApplicable) row["na"] = "true";
        return row;
    }).ToList();

    private static FormUrlEncodedContent Form(string af, List<Dictionary<string, string>> rows)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__af", af), new("count", rows.Count.ToString()) };
        for (var i = 0; i < rows.Count; i++) fields.AddRange(rows[i].Select(f => new KeyValuePair<string, string>($"{f.Key}{i}", f.Value)));
        return new FormUrlEncodedContent(fields);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
