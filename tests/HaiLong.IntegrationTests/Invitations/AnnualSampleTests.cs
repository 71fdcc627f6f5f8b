using System.Globalization;

namespace HaiLong.IntegrationTests.Invitations;

/// <summary>
/// Single-use yearly-survey slips (issue 18): the batch API's refusals and jurisdiction, one winner among simultaneous
/// answers, the code a person types at /s, and the staff page that prints the slips.
/// </summary>
public sealed partial class AnnualSampleTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_batch_stores_only_hashes_of_codes_a_person_can_type_and_opens_the_yearly_form()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var year = VietnamTime.DateOf(app.Clock.GetUtcNow()).Year;

        var sample = await AnnualSampleWorld.IssueAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), w.WardA, 30);

        Assert.Equal((w.WardA, year, 30), (sample.UnitId, sample.Year, sample.Slips.Length));
        Assert.All(sample.Slips, s => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", s.Code));
        Assert.All(sample.Slips, s => Assert.Equal($"http://localhost/s/{s.Code.Replace("-", "")}", s.Url));
        Assert.Equal(30, sample.Slips.Select(s => s.Code).Distinct().Count());
        await using var db = app.NewDbContext();
        var ids = sample.Slips.Select(s => s.Id).ToList();
        var stored = await db.Invitations.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id);
        Assert.All(sample.Slips, s => Assert.Equal(SHA256(s.Token), stored[s.Id].TokenHash));
        Assert.All(stored.Values, i => Assert.Equal((InvitationKind.AnnualSample, w.WardA, (int?)year, (DateTimeOffset?)null),
            (i.Kind, i.UnitId, i.Year, i.UsedAt)));
        Assert.Equal(30, await db.AuditEntries.CountAsync(a => a.EntityType == "Invitation" && a.Action == "Invitation.created"
            && ids.Select(id => id.ToString()).Contains(a.EntityId!)));
        var annualVersion = await db.Invitations.Where(i => i.Kind == InvitationKind.Annual).Select(i => i.SurveyVersionId).FirstOrDefaultAsync();
        if (annualVersion != 0) Assert.Equal(annualVersion, sample.SurveyVersionId);

        var form = await app.AnonymousClient().GetAsync($"/s/{sample.Slips[0].Token}");
        var html = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Hội đồng nhân dân (HĐND)", html);
        Assert.Contains($"Năm: {year}", html);
    }

    [Fact]
    public async Task Bad_batches_are_problems_that_issue_nothing_and_another_wards_is_404()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        await using var db = app.NewDbContext();
        var before = await db.Invitations.CountAsync();
        var year = VietnamTime.DateOf(app.Clock.GetUtcNow()).Year;

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["count 0"] = await leader.PostAsJsonAsync("/api/invitations/annual-sample", new { unitId = w.WardA, count = 0 }),
            ["count 10001"] = await leader.PostAsJsonAsync("/api/invitations/annual-sample", new { unitId = w.WardA, count = 10001 }),
            ["no count"] = await leader.PostAsJsonAsync("/api/invitations/annual-sample", new { unitId = w.WardA }),
            ["no ward"] = await leader.PostAsJsonAsync("/api/invitations/annual-sample", new { count = 5 }),
            ["a hamlet"] = await leader.PostAsJsonAsync("/api/invitations/annual-sample", new { unitId = w.HamletA, count = 5 }),
            ["two years on"] = await leader.PostAsJsonAsync("/api/invitations/annual-sample", new { unitId = w.WardA, count = 5, year = year + 2 }),
            ["count as text"] = await leader.PostAsJsonAsync("/api/invitations/annual-sample", new { unitId = w.WardA, count = "năm" }),
        };
        var outside = await leader.PostAsJsonAsync("/api/invitations/annual-sample", new { unitId = w.WardB, count = 5 });
        var anonymous = await app.AnonymousClient().PostAsJsonAsync("/api/invitations/annual-sample", new { unitId = w.WardA, count = 5 });
        var single = await leader.PostAsJsonAsync("/api/invitations", new { kind = "AnnualSample", unitId = w.WardA });

        foreach (var (name, response) in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal("application/problem+json", outside.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
        Assert.Equal(before, await db.Invitations.CountAsync());
    }

    [Fact]
    public async Task Of_twenty_simultaneous_answers_on_one_slip_exactly_one_is_stored()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var slip = (await AnnualSampleWorld.IssueAsync(await app.ClientAsAsync(DemoUsers.WardLeaderA), w.WardA, 1)).Slips.Single();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            (await InvitationWorld.SubmitAsync(app.AnonymousClient(), slip.Token, AnnualSampleWorld.YearlyAnswers())).StatusCode));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.Conflict));
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.Responses.CountAsync(r => r.InvitationId == slip.Id));
    }

    [Fact]
    public async Task A_typed_code_opens_the_slips_form_forgiving_case_spaces_and_dashes_and_a_wrong_one_keeps_what_was_typed()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var slip = (await AnnualSampleWorld.IssueAsync(await app.ClientAsAsync(DemoUsers.WardLeaderA), w.WardA, 1)).Slips.Single();
        var transaction = await InvitationWorld.IssueTransactionAsync(await app.ClientAsAsync(DemoUsers.ServiceStaffA), w, "HS-SAMPLE-1");
        var citizen = app.AnonymousClient();
        // As a person might type it: lower case, spaces for dashes, O for 0 and l for 1 where the code has them.
        var typed = string.Join(" ", slip.Code.Split('-')).ToLowerInvariant().Replace('0', 'o').Replace('1', 'l');

        var empty = await citizen.GetAsync("/s");
        var found = await citizen.GetAsync($"/s?code={Uri.EscapeDataString(typed)}");
        var english = await citizen.GetAsync($"/s?code={Uri.EscapeDataString(slip.Code)}&lang=en");
        var malformed = await citizen.GetAsync($"/s?code={Uri.EscapeDataString("abcd-efgh-<u>")}");
        var unknown = await citizen.GetAsync($"/s?code={Uri.EscapeDataString(Unknown(slip.Token))}");
        var notASlip = await citizen.GetAsync($"/s?code={Uri.EscapeDataString(transaction.Token)}");

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Nhập mã trên phiếu khảo sát", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
        Assert.Equal($"/s/{slip.Token}", found.Headers.Location?.OriginalString);
        Assert.Equal($"/s/{slip.Token}?lang=en", english.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var malformedHtml = await malformed.Content.ReadAsStringAsync();
        Assert.Contains("value=\"abcd-efgh-&lt;u&gt;\"", malformedHtml);
        Assert.Contains("Mã gồm 12 ký tự chữ và số", WebUtility.HtmlDecode(malformedHtml));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Không tìm thấy phiếu khảo sát có mã này", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, notASlip.StatusCode);

        // The typed code's form is the slip's: answered once through the page, then refused as a used link.
        var form = await citizen.GetAsync(found.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var questions = await QuestionIdsAsync(slip.Id);
        var fields = new List<KeyValuePair<string, string>> { new("lang", "vi") };
        fields.AddRange(questions.Select(q => new KeyValuePair<string, string>($"q{q}", "4")));
        var first = await citizen.PostAsync($"/s/{slip.Token}", new FormUrlEncodedContent(fields));
        var second = await citizen.PostAsync($"/s/{slip.Token}", new FormUrlEncodedContent(fields));
        var reopened = await citizen.GetAsync($"/s?code={slip.Code}");
        var used = await citizen.GetAsync($"/s/{slip.Token}");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("Phiếu đã được sử dụng", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, used.StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal(1, await db.Responses.CountAsync(r => r.InvitationId == slip.Id));
    }

    [Fact]
    public async Task The_staff_page_prints_a_batch_as_a4_slips_whose_qr_decodes_to_the_printed_code()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var browser = await SignedInAsync(DemoUsers.WardLeaderA);
        var index = await browser.GetStringAsync("/staff/invitations");
        var year = VietnamTime.DateOf(app.Clock.GetUtcNow()).Year;
        Assert.Contains("action=\"/staff/invitations/annual-sample\"", index);

        var sheet = await browser.PostAsync("/staff/invitations/annual-sample", Form(("__af", StaffBrowser.Antiforgery(index)),
            ("sampleUnitId", w.WardA.ToString(CultureInfo.InvariantCulture)), ("sampleYear", year.ToString(CultureInfo.InvariantCulture)),
            ("sampleCount", "12")));

        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        var html = WebUtility.HtmlDecode(await sheet.Content.ReadAsStringAsync());
        Assert.Contains("@page{size:A4 portrait", html);
        Assert.Equal(12, SlipItem().Matches(html).Count);
        var codes = Code().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(12, codes.Distinct().Count());
        Assert.Contains($"Phiếu khảo sát ý kiến người dân về chính quyền năm {year}", html);
        Assert.Contains("Quét mã QR bằng điện thoại, hoặc vào http://localhost/s và nhập mã trên", html);
        Assert.Contains($"Nhận phiếu đến hết ngày 31/01/{year + 1}", html);
        var url = await InvitationTests.DecodeQrAsync(Convert.FromBase64String(QrData().Match(html).Groups[1].Value));
        Assert.Equal($"http://localhost/s/{codes[0].Replace("-", "")}", url);
        await using var db = app.NewDbContext();
        Assert.True(await db.Invitations.AnyAsync(i => i.Kind == InvitationKind.AnnualSample && i.TokenHash == SHA256(codes[0].Replace("-", ""))));
    }

    [Fact]
    public async Task A_refused_batch_form_keeps_what_was_typed_and_another_wards_batch_is_404()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var browser = await SignedInAsync(DemoUsers.WardLeaderA);
        var af = StaffBrowser.Antiforgery(await browser.GetStringAsync("/staff/invitations"));
        var year = VietnamTime.DateOf(app.Clock.GetUtcNow()).Year.ToString(CultureInfo.InvariantCulture);
        await using var db = app.NewDbContext();
        var before = await db.Invitations.CountAsync();

        var tooMany = await browser.PostAsync("/staff/invitations/annual-sample", Form(("__af", af), ("sampleUnitId", w.WardA.ToString()),
            ("sampleYear", year), ("sampleCount", "2500")));
        var words = await browser.PostAsync("/staff/invitations/annual-sample", Form(("__af", af), ("sampleUnitId", w.WardA.ToString()),
            ("sampleYear", year), ("sampleCount", "hai trăm")));
        var outside = await browser.PostAsync("/staff/invitations/annual-sample", Form(("__af", af), ("sampleUnitId", w.WardB.ToString()),
            ("sampleYear", year), ("sampleCount", "10")));

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var tooManyHtml = WebUtility.HtmlDecode(await tooMany.Content.ReadAsStringAsync());
        Assert.Contains("id=\"sampleCount-error\"", tooManyHtml);
        Assert.Contains("Số phiếu phải là số nguyên từ 1 đến 2000.", tooManyHtml);
        Assert.Contains("value=\"2500\"", tooManyHtml);
        Assert.Equal(HttpStatusCode.BadRequest, words.StatusCode);
        Assert.Contains("value=\"hai trăm\"", WebUtility.HtmlDecode(await words.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Contains("id=\"sampleUnitId-error\"", await outside.Content.ReadAsStringAsync());
        Assert.Equal(before, await db.Invitations.CountAsync());
    }

    private async Task<List<int>> QuestionIdsAsync(long invitationId)
    {
        await using var db = app.NewDbContext();
        var version = await db.Invitations.Where(i => i.Id == invitationId).Select(i => i.SurveyVersionId).SingleAsync();
        return await db.SurveyQuestions.Where(q => q.VersionId == version && q.Kind == QuestionKind.Likert).Select(q => q.Id).ToListAsync();
    }

    private async Task<HttpClient> SignedInAsync(string userName)
    {
        var browser = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StaffBrowser.SignInAsync(browser, userName)).StatusCode);
        return browser;
    }

    /// <summary>A well-formed code that is not the slip's: its last character changed.</summary>
    private static string Unknown(string token) => token[..^1] + (token[^1] == 'Z' ? 'Y' : 'Z');

    private static byte[] SHA256(string token) => System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(token));

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("<li class=\"slip\">")]
    private static partial Regex SlipItem();

    [GeneratedRegex("<p class=\"code\">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</p>")]
    private static partial Regex Code();

    [GeneratedRegex("data:image/png;base64,([^\"]+)")]
    private static partial Regex QrData();
}
