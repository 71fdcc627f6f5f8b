using HaiLong.Api.Features.Responses;
using HaiLong.Api.Features.Cases;
using Microsoft.AspNetCore.Mvc;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

public sealed class CaseFilingTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const string UnitA = $"unit={DemoWorld.WardACode}";

    [Fact]
    public async Task An_anonymous_petition_from_the_ward_link_gets_a_tracking_code_and_can_be_looked_up()
    {
        var client = app.AnonymousClient();

        var code = await FileOkAsync(client, UnitA, Petition());

        Assert.Matches("^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{10}$", code);
        var page = await ReadPageAsync(client, $"/c/{code.ToLowerInvariant()}");
        Assert.Contains("Đã tiếp nhận", page);
        Assert.Contains("Đèn đường khu vực Yên Bình", page);
        await using var db = app.NewDbContext();
        var stored = await db.Cases.Include(c => c.Contact).Include(c => c.Events).SingleAsync(c => c.TrackingCode == code);
        Assert.True(stored.IsAnonymous);
        Assert.Null(stored.Contact);
        Assert.Equal("unit", stored.Channel);
        Assert.NotNull(stored.AnswerDueOn);
        Assert.Equal("filed", Assert.Single(stored.Events).Action);
    }

    [Fact]
    public async Task A_case_filed_from_the_thank_you_link_is_linked_to_its_response()
    {
        var (responseId, unitId) = await InsertResponseAsync(app, app.Clock.GetUtcNow());
        var link = app.Service<FollowUpLinks>().FilingUrl(responseId, unitId);

        var code = await FileOkAsync(app.AnonymousClient(), link["/c/new?".Length..], Complaint());

        await using var db = app.NewDbContext();
        var stored = await db.Cases.Include(c => c.Contact).SingleAsync(c => c.TrackingCode == code);
        Assert.Equal(responseId, stored.ResponseId);
        Assert.Equal(unitId, stored.UnitId);
        Assert.Equal("survey", stored.Channel);
        Assert.Equal(CaseType.Complaint, stored.Type);
        Assert.Equal("0912345678", stored.Contact!.Phone);
        Assert.NotNull(stored.AcceptDueOn);
        Assert.Null(stored.AnswerDueOn);
        // The contact never reaches the append-only audit log, so the retention purge can really erase it.
        var audit = await db.AuditEntries.Select(a => a.Details).ToListAsync();
        Assert.DoesNotContain(audit, d => d != null && d.Contains("0912345678"));
    }

    [Fact]
    public async Task A_forged_thank_you_reference_is_refused()
    {
        var response = await app.AnonymousClient().GetAsync("/c/new?r=forged-reference");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("không hợp lệ hoặc đã hết hạn", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_executable_renamed_jpg_is_refused_by_content_and_nothing_is_stored()
    {
        await using var db = app.NewDbContext();
        var before = await CountsAsync(db);

        var response = await FileAsync(app.AnonymousClient(), UnitA, Petition(), ("anh-hien-truong.jpg", Executable));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("anh-hien-truong.jpg", problem!.Detail);
        Assert.Contains("không phải ảnh JPEG, PNG, WebP hoặc tệp PDF", problem.Detail);
        Assert.Equal(before, await CountsAsync(db));
    }

    [Fact]
    public async Task An_oversized_file_is_refused_and_nothing_is_stored()
    {
        await using var db = app.NewDbContext();
        var before = await CountsAsync(db);
        var big = new byte[2 * 1024 * 1024 + 1];
        Png.CopyTo(big, 0);

        var response = await FileAsync(app.AnonymousClient(), UnitA, Petition(), ("anh-lon.png", big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("vượt quá dung lượng cho phép", problem!.Detail);
        Assert.Equal(before, await CountsAsync(db));
    }

    [Theory]
    [InlineData("Complaint", "", "")]
    [InlineData("Complaint", "Nguyễn Văn An", "")]
    [InlineData("Denunciation", "", "0912345678")]
    public async Task A_complaint_or_denunciation_without_name_and_contact_is_refused_and_nothing_is_stored(string type, string name, string phone)
    {
        await using var db = app.NewDbContext();
        var before = await CountsAsync(db);
        var fields = new Dictionary<string, string> { ["type"] = type, ["subject"] = "unit", ["content"] = "Nội dung", ["name"] = name, ["phone"] = phone };

        var response = await FileAsync(app.AnonymousClient(), UnitA, fields, ("anh.png", Png));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("phải ghi rõ họ tên và số điện thoại hoặc email", problem!.Detail);
        Assert.Equal(before, await CountsAsync(db));
    }

    [Fact]
    public async Task A_browser_gets_the_form_back_with_the_message_and_its_input_kept()
    {
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var fields = new Dictionary<string, string> { ["type"] = "Complaint", ["subject"] = "unit", ["content"] = "Nội dung <b>đậm</b>" };

        var response = await FileAsync(client, UnitA, fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", page);
        Assert.Contains("&lt;b&gt;", page);
        Assert.Contains("Nội dung <b>đậm</b>", WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task Citizen_written_text_is_escaped_on_the_lookup_page()
    {
        var client = app.AnonymousClient();
        var code = await FileOkAsync(client, UnitA, Petition("<script>alert('x')</script> đường ngập"));

        var page = await client.GetStringAsync($"/c/{code}");

        Assert.DoesNotContain("<script>alert", page);
        // The framework's encoder writes the apostrophe as &#x27; (the old hand-written escape wrote &#39;): either is an escape.
        Assert.Matches("&lt;script&gt;alert\\((&#39;|&#x27;)x(&#39;|&#x27;)\\)&lt;/script&gt;", page);
        Assert.Contains("<script>alert('x')</script> đường ngập", WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task A_valid_pdf_and_png_are_stored_with_their_sniffed_types()
    {
        var pdf = "%PDF-1.7\n1 0 obj\n"u8.ToArray();
        var response = await FileAsync(app.AnonymousClient(), UnitA, Petition(), ("don.bin", pdf), ("anh.jpg", Png));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<FiledCase>())!.TrackingCode;
        await using var db = app.NewDbContext();
        var types = await db.CaseAttachments.Where(a => db.Cases.Any(c => c.Id == a.CaseId && c.TrackingCode == code))
            .OrderBy(a => a.Id).Select(a => a.ContentType).ToListAsync();
        Assert.Equal(["application/pdf", "image/png"], types);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(DemoWorld.WardACode), "unit" },
            { new StringContent("Petition"), "type" },
            { new StringContent("Nội dung"), "content" },
        };
        await using var db = app.NewDbContext();
        var before = await CountsAsync(db);

        var response = await app.AnonymousClient().PostAsync("/c/new", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountsAsync(db));
    }

    [Fact]
    public async Task An_unknown_tracking_code_is_a_404_page()
    {
        var response = await app.AnonymousClient().GetAsync("/c/ABCDEFGH23");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Không tìm thấy đơn", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_case_operations()
    {
        var document = await app.AnonymousClient().GetStringAsync("/openapi/v1.json");

        foreach (var operation in new[] { "ListCases", "GetCase", "GetCaseContact", "TransitionCase", "ListReviewItems", "OpenCaseFromReviewItem",
            "GetCaseStatistics", "PutInspectionBoard", "ListCaseNotifications" })
        {
            Assert.Contains($"\"operationId\": \"{operation}\"", document);
        }
        Assert.DoesNotContain("/c/new", document);
    }
}
