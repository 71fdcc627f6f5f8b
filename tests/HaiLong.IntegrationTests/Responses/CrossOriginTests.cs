namespace HaiLong.IntegrationTests.Responses;

/// <summary>
/// The survey pages' posts carry no antiforgery token: a post that a browser says came from another site is refused with the
/// page again, every answer kept, and nothing stored (CrossOriginProtection); a same-origin post and one with neither header
/// (a script, an old browser) are stored.
/// </summary>
public sealed partial class CrossOriginTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const string Comment = "Cán bộ hướng dẫn <b>tận tình</b>";

    [Theory]
    [InlineData("cross-site", null, "vi")]
    [InlineData(null, "https://evil.example", "vi")]
    [InlineData("same-site", "http://localhost", "vi")]
    [InlineData("cross-site", "https://evil.example", "en")]
    public async Task A_post_from_another_site_is_refused_with_every_answer_kept_and_nothing_stored(string? site, string? origin, string lang)
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, $"HS-CO-{site}-{origin?.Length}-{lang}");
        var phone = app.PageClient();
        var fields = SurveyPageForm.Answers(await phone.GetStringAsync($"/s/{issued.Token}?lang={lang}"), Comment);

        var refused = await phone.SendAsync(SurveyPageForm.Post($"/s/{issued.Token}?lang={lang}", fields, site, origin));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"<html lang=\"{lang}\"", page);
        Assert.Contains(lang == "en" ? "the form came from another website" : "biểu mẫu được gửi từ một trang web khác", page);
        Assert.Contains($"{Comment}</textarea>", page);
        Assert.Equal(fields.Count(f => f.Key.StartsWith('q')), CheckedFours().Matches(page).Count);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.Equal(0, await InvitationWorld.ResponsesOfAsync(app, issued.Id));
    }

    [Theory]
    [InlineData("same-origin", null)]
    [InlineData("none", null)]
    [InlineData("same-origin", "https://evil.example")]
    [InlineData(null, "http://localhost")]
    [InlineData(null, null)]
    public async Task A_same_origin_post_and_one_without_either_header_are_stored(string? site, string? origin)
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, $"HS-SO-{site}-{origin?.Length}");
        var phone = app.PageClient();
        var fields = SurveyPageForm.Answers(await phone.GetStringAsync($"/s/{issued.Token}"), Comment);

        var sent = await phone.SendAsync(SurveyPageForm.Post($"/s/{issued.Token}", fields, site, origin));

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.StartsWith($"/s/{issued.Token}/thanks?r=", sent.Headers.Location?.OriginalString);
        await using var db = app.NewDbContext();
        Assert.Equal(Comment, await db.Responses.Where(r => r.InvitationId == issued.Id).Select(r => r.Comment).SingleAsync());
    }

    [Fact]
    public async Task The_thank_you_pages_criteria_from_another_site_are_refused_with_the_ticks_kept_and_recorded_from_the_site_itself()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-CO-THANKS");
        var phone = app.PageClient();
        var low = SurveyPageForm.Answers(await phone.GetStringAsync($"/s/{issued.Token}"))
            .ToDictionary(f => f.Key, f => f.Key.StartsWith('q') ? "2" : f.Value);
        var sent = await phone.SendAsync(SurveyPageForm.Post($"/s/{issued.Token}", low, "same-origin"));
        var thanksPath = sent.Headers.Location!.OriginalString;
        var thanks = await phone.GetStringAsync(thanksPath);
        var fields = PageForms.HiddenFields(thanks).ToList();
        var criterion = WebUtility.HtmlDecode(Criterion().Match(thanks).Groups[1].Value);
        fields.Add(new("criteria", criterion));
        var action = PageForms.PostAction(thanks);

        var refused = await phone.SendAsync(SurveyPageForm.Post(action, fields, null, "https://evil.example"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("biểu mẫu được gửi từ một trang web khác", WebUtility.HtmlDecode(page));
        Assert.Contains($"value=\"{criterion}\" checked", page);
        await using var db = app.NewDbContext();
        Assert.Empty(await db.Responses.Where(r => r.InvitationId == issued.Id).Select(r => r.Disappointments).SingleAsync());

        var recorded = await phone.SendAsync(SurveyPageForm.Post(action, fields, "same-origin"));

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal([criterion], await db.Responses.Where(r => r.InvitationId == issued.Id).Select(r => r.Disappointments).SingleAsync());
    }

    [GeneratedRegex("""type="radio" id="[^"]+" name="q\d+" value="4"( required)? checked""")]
    private static partial Regex CheckedFours();

    [GeneratedRegex("""type="checkbox" id="[^"]+" name="criteria" value="([^"]+)"[ >]""")]
    private static partial Regex Criterion();
}
