using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// Every citizen page in English with <c>?lang=en</c> or an English browser (<c>Accept-Language</c>), in Vietnamese without
/// either, and in Vietnamese when <c>?lang=vi</c> overrides an English browser; a case filed in English lands on the English
/// lookup page. Staff pages stay Vietnamese whatever the browser.
/// </summary>
public sealed partial class CitizenLanguageTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static readonly string Unit = $"unit={DemoWorld.WardACode}";

    private sealed record Page(string Path, int Status, string English, string Vietnamese);

    private async Task<IReadOnlyList<Page>> PagesAsync()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-LANG-001");
        var code = await FileOkAsync(app.AnonymousClient(), Unit, Petition());
        return
        [
            new("/", 200, "<h1>Citizen feedback for your ward</h1>", "<h1>Ý kiến người dân với phường, xã</h1>"),
            new($"/s/{issued.Token}", 200, ">Send rating</button>", ">Gửi đánh giá</button>"),
            new("/c", 200, "<h1>Look up how your petition was handled</h1>", "<h1>Tra cứu kết quả giải quyết đơn</h1>"),
            new("/s", 200, "<h1>Enter the code on your survey slip</h1>", "<h1>Nhập mã trên phiếu khảo sát</h1>"),
            new($"/c/new?{Unit}", 200, "<h1>File a petition, report, complaint or denunciation</h1>", "<h1>Gửi kiến nghị, phản ánh, khiếu nại, tố cáo</h1>"),
            new($"/c/{code}", 200, $"<h1>Petition {code}</h1>", $"<h1>Tra cứu đơn {code}</h1>"),
            new("/c/ZZZZZZZZZZ", 404, "<h1>Petition not found</h1>", "<h1>Không tìm thấy đơn</h1>"),
            new($"/cong-khai/{DemoWorld.WardACode}", 200, "<h1>Published satisfaction survey results — ", "<h1>Công khai kết quả khảo sát mức độ hài lòng — "),
        ];
    }

    private static string WithQuery(string path, string query) => path + (path.Contains('?') ? "&" : "?") + query;

    private async Task<string> GetAsync(string path, int status, string? acceptLanguage)
    {
        var response = await app.PageClient(acceptLanguage).GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"GET {path} ({acceptLanguage}): {(int)response.StatusCode} {html}");
        Assert.Contains("Accept-Language", response.Headers.Vary);
        return html;
    }

    private static void AssertEnglish(Page page, string html, string how) =>
        AssertLanguage(page, html, how, "en", page.English, page.Vietnamese, "vi", "HaiLong — citizen satisfaction surveys and feedback.");

    private static void AssertVietnamese(Page page, string html, string how) =>
        AssertLanguage(page, html, how, "vi", page.Vietnamese, page.English, "en", "HaiLong — khảo sát mức độ hài lòng");

    /// <summary>The page is in <paramref name="lang"/>: its text, not the other language's, a switch to the other, its description.</summary>
    private static void AssertLanguage(Page page, string html, string how, string lang, string text, string otherText, string other,
        string description)
    {
        Assert.True(html.Contains($"<html lang=\"{lang}\">"), $"{page.Path} {how}: not <html lang=\"{lang}\">");
        Assert.True(html.Contains(text), $"{page.Path} {how}: no \"{text}\"");
        Assert.False(html.Contains(otherText), $"{page.Path} {how}: other language's \"{otherText}\"");
        Assert.True(html.Contains($"lang={other}\"") || html.Contains($"lang={other}&amp;"), $"{page.Path} {how}: no switch to {other}");
        Assert.Contains(description, html);
    }

    /// <summary>Opens the filing form as a browser does: where it posts, and its hidden fields ready to send.</summary>
    private static async Task<(string Action, MultipartFormDataContent Content)> OpenFilingFormAsync(HttpClient client, string? query)
    {
        var form = await client.GetStringAsync(query is null ? $"/c/new?{Unit}" : $"/c/new?{Unit}&{query}");
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in PageForms.HiddenFields(form)) content.Add(new StringContent(value), name);
        return (PageForms.PostAction(form), content);
    }

    [Fact]
    public async Task Every_citizen_page_speaks_English_with_lang_en_or_an_English_browser_and_Vietnamese_otherwise()
    {
        foreach (var page in await PagesAsync())
        {
            AssertEnglish(page, await GetAsync(WithQuery(page.Path, "lang=en"), page.Status, null), "?lang=en");
            AssertEnglish(page, await GetAsync(page.Path, page.Status, "en-US,en;q=0.9"), "Accept-Language: en-US");
            AssertVietnamese(page, await GetAsync(page.Path, page.Status, null), "without a language");
            AssertVietnamese(page, await GetAsync(page.Path, page.Status, "vi-VN,vi;q=0.9,en;q=0.5"), "Accept-Language: vi-VN");
            AssertVietnamese(page, await GetAsync(WithQuery(page.Path, "lang=vi"), page.Status, "en-US"), "?lang=vi from an English browser");
        }
    }

    [Theory]
    [InlineData("lang=en", null)]
    [InlineData(null, "en-US,en;q=0.9")]
    public async Task A_case_filed_in_English_lands_on_the_English_lookup_page(string? query, string? acceptLanguage)
    {
        var client = app.PageClient(acceptLanguage);
        var (action, content) = await OpenFilingFormAsync(client, query);
        using var _ = content;
        Assert.Equal("/c/new?lang=en", action);

        foreach (var (name, value) in Petition("The street light at Yên Bình has been broken for two weeks.")) content.Add(new StringContent(value), name);
        var filed = await client.PostAsync(action, content);

        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var location = filed.Headers.Location!.OriginalString;
        Assert.Matches("^/c/[0-9A-Z]{10}\\?new=1&lang=en$", location);
        var lookup = await client.GetStringAsync(location);
        Assert.Contains("<html lang=\"en\">", lookup);
        Assert.Contains("Your petition has been received.", lookup);
        Assert.Contains("<dd id=\"status\">Received</dd>", lookup);
        Assert.DoesNotContain("Đơn của ông/bà đã được tiếp nhận", lookup);
    }

    [Fact]
    public async Task A_refused_English_filing_shows_the_English_form_again_with_an_English_message()
    {
        var client = app.PageClient();
        using var content = new MultipartFormDataContent { { new StringContent(DemoWorld.WardACode), "unit" }, { new StringContent("x"), "content" } };

        var response = await client.PostAsync("/c/new?lang=en", content); // no antiforgery token: the session has "expired"

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Your session had expired, so the petition was not sent yet.", html);
        Assert.Contains("action=\"/c/new?lang=en\"", html);
    }

    [Fact]
    public void Every_Vietnamese_text_has_its_English_one()
    {
        var resources = new System.Resources.ResourceManager(typeof(HaiLong.Api.Components.CitizenResources).FullName!,
            typeof(HaiLong.Api.Components.CitizenResources).Assembly);
        static HashSet<string> Keys(System.Resources.ResourceSet? set) =>
            [.. set!.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key)];

        var vietnamese = Keys(resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, true, false));
        var english = Keys(resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("en"), true, false));

        Assert.True(vietnamese.Count > 100, $"{vietnamese.Count} Vietnamese texts");
        Assert.Empty(vietnamese.Except(english));
        // Only the criteria's English labels are English-only (their Vietnamese ones are Criteria.LabelsVi).
        Assert.All(english.Except(vietnamese), k => Assert.StartsWith("Criterion.", k));
        Assert.Equal(Criteria.LabelsVi.Keys.Order(), english.Where(k => k.StartsWith("Criterion.")).Select(k => k["Criterion.".Length..]).Order());
        Assert.Equal("Send rating", HaiLong.Api.Features.Responses.CitizenText.For("en").Submit);
        Assert.Equal("Gửi đánh giá", HaiLong.Api.Features.Responses.CitizenText.For("vi").Submit);
    }

    [Fact]
    public async Task Staff_pages_stay_Vietnamese_for_an_English_browser()
    {
        var client = app.PageClient("en-US");

        var html = await client.GetStringAsync("/staff/login?lang=en");

        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("Đăng nhập", html);
    }

    [Theory]
    [InlineData("/staff")]
    [InlineData("/staff/cases")]
    [InlineData("/staff/scorecards")]
    [InlineData("/staff/registry")]
    [InlineData("/staff/evaluations")]
    public async Task A_signed_in_staff_page_stays_Vietnamese_for_lang_en_and_an_English_browser(string path)
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        admin.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var html = WebUtility.HtmlDecode(await admin.GetStringAsync(WithQuery(path, "lang=en")));

        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains(">HaiLong — cán bộ</a>", html);
        Assert.Contains(">Đăng xuất</button>", html);
        Assert.Contains("Bảng điểm mức độ hài lòng", html); // a staff area's title, from its StaffLink
        Assert.DoesNotContain("Sign out", html);
    }

    [Fact]
    public void The_staff_texts_are_Vietnamese_whatever_the_culture()
    {
        // No satellite exists for StaffResources: an English (UI) culture still finds the Vietnamese neutral resource.
        var localizer = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
                Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
            .Create(typeof(HaiLong.Api.Components.StaffResources));
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
            Assert.Equal("Đăng xuất", localizer["Layout_SignOut"].Value);
            Assert.False(localizer["Layout_SignOut"].ResourceNotFound);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("lang=en", "A complaint must give the filer's full name and a phone number or email", "phải ghi rõ họ tên")]
    [InlineData(null, "Đơn khiếu nại phải ghi rõ họ tên và số điện thoại hoặc email của người gửi", "must give the filer's full name")]
    public async Task A_filing_refused_by_its_rules_is_worded_in_the_page_language(string? query, string expected, string otherLanguage)
    {
        var client = app.PageClient();
        var (action, content) = await OpenFilingFormAsync(client, query);
        using var _ = content;
        // A complaint without the filer's name: the filing's rule refuses it (422).
        content.Add(new StringContent("Complaint"), "type");
        content.Add(new StringContent("unit"), "subject");
        content.Add(new StringContent("Tôi khiếu nại việc từ chối cấp giấy xác nhận."), "content");

        var response = await client.PostAsync(action, content);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, html);
        Assert.DoesNotContain(otherLanguage, html);
        Assert.Contains("Tôi khiếu nại việc từ chối cấp giấy xác nhận.", html);
    }

    [Fact]
    public async Task An_API_client_gets_the_filings_stable_text_whatever_the_language()
    {
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        var fields = Complaint();
        fields.Remove("name");

        var response = await FileAsync(client, $"{Unit}&lang=en", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        Assert.Equal("Đơn khiếu nại phải ghi rõ họ tên và số điện thoại hoặc email của người gửi (theo quy định của pháp luật); " +
            "chỉ kiến nghị và phản ánh mới được gửi ẩn danh. Complaints and denunciations require the filer's name and a phone number or email.",
            problem!.Detail);
    }

    [Theory]
    [InlineData("/c/new?unit=%01", "<h1>Invalid link</h1>", "<h1>Liên kết không hợp lệ</h1>")]
    [InlineData("/cong-khai/DEMO-92-CR?year=abc", "<h1>Invalid request</h1>", "<h1>Yêu cầu không hợp lệ</h1>")]
    public async Task A_refused_citizen_address_is_explained_in_the_language_asked_for(string path, string english, string vietnamese)
    {
        async Task<string> RefusedAsync(string url, string? acceptLanguage)
        {
            var response = await app.PageClient(acceptLanguage).GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            return await response.Content.ReadAsStringAsync();
        }
        var inEnglish = await RefusedAsync(WithQuery(path, "lang=en"), null);
        var byBrowser = await RefusedAsync(path, "en-US");
        var inVietnamese = await RefusedAsync(path, null);

        foreach (var page in new[] { inEnglish, byBrowser })
        {
            Assert.Contains("<html lang=\"en\"", page);
            Assert.Contains(english, page);
            Assert.DoesNotContain(vietnamese, page);
        }
        Assert.Contains("<html lang=\"vi\"", inVietnamese);
        Assert.Contains(vietnamese, inVietnamese);
    }
}
