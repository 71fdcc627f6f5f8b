using HaiLong.Api.Features.Cases;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>Journeys shared by the case tests: filing through the citizen form, setting up the ward's board.</summary>
internal static partial class CaseWorld
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    /// <summary>The start of a Windows executable ("MZ" header) — what a renamed .exe looks like inside.</summary>
    public static readonly byte[] Executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];

    [GeneratedRegex("name=\"(__af|r|unit)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();

    /// <summary>Opens /c/new?{query} as a citizen would and posts the form with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> FileAsync(HttpClient client, string query, Dictionary<string, string> fields,
        params (string FileName, byte[] Data)[] files)
    {
        var form = await client.GetAsync($"/c/new?{query}");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var page = await form.Content.ReadAsStringAsync();
        using var content = new MultipartFormDataContent();
        foreach (Match m in HiddenField().Matches(page))
        {
            content.Add(new StringContent(WebUtility.HtmlDecode(m.Groups[2].Value)), m.Groups[1].Value);
        }
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        foreach (var (fileName, data) in files)
        {
            var file = new ByteArrayContent(data);
            // Every file claims to be a JPEG: the server must judge by the bytes, never by this header.
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
            content.Add(file, "attachments", fileName);
        }
        return await client.PostAsync("/c/new", content);
    }

    public static async Task<string> FileOkAsync(HttpClient client, string query, Dictionary<string, string> fields)
    {
        var response = await FileAsync(client, query, fields);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<FiledCase>())!.TrackingCode;
    }

    public static Dictionary<string, string> Petition(string content = "Đèn đường khu vực Yên Bình bị hỏng đã hai tuần.") =>
        new() { ["type"] = "Petition", ["subject"] = "unit", ["content"] = content };

    public static Dictionary<string, string> Complaint(string content = "Tôi khiếu nại việc từ chối cấp giấy xác nhận tình trạng hôn nhân.") =>
        new() { ["type"] = "Complaint", ["subject"] = "unit", ["content"] = content, ["name"] = "Nguyễn Văn An", ["phone"] = "0912345678" };

    public static async Task<int> UnitIdAsync(HaiLongApp app, string code)
    {
        await using var db = app.NewDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    public static async Task<Guid> UserIdAsync(HaiLongApp app, string userName)
    {
        await using var db = app.NewDbContext();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    /// <summary>The administrator sets up ward A's People's Inspection Board with the demo inspector as its member.</summary>
    public static async Task<Guid> SetUpBoardOfWardAAsync(HaiLongApp app, HttpClient? admin = null)
    {
        admin ??= await app.ClientAsAsync(DemoUsers.Administrator);
        var wardA = await UnitIdAsync(app, DemoWorld.WardACode);
        var inspector = await UserIdAsync(app, DemoUsers.InspectorA);
        var response = await admin.PutAsJsonAsync($"/api/cases/boards/{wardA}",
            new { name = "Ban Thanh tra nhân dân phường Cái Răng", memberIds = new[] { inspector } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return inspector;
    }

    /// <summary>A survey response of ward A, as the survey flow would have stored it, so the thank-you link can point at it.</summary>
    public static async Task<(long ResponseId, int UnitId)> InsertResponseAsync(HaiLongApp app, DateTimeOffset at)
    {
        await using var db = app.NewDbContext();
        var unit = await db.Units.SingleAsync(u => u.Code == DemoWorld.WardACode);
        var version = await db.SurveyVersions.FirstOrDefaultAsync();
        if (version is null)
        {
            var template = new SurveyTemplate { Code = "cases-test", NameVi = "Phiếu khảo sát", NameEn = "Survey", Purpose = SurveyPurpose.Service };
            version = new SurveyVersion { Template = template, Number = 1, PublishedAt = at };
            db.SurveyVersions.Add(version);
            await db.SaveChangesAsync();
        }
        var response = new Response { SurveyVersionId = version.Id, UnitId = unit.Id, SubmittedAt = at, Comment = "Chờ lâu quá" };
        db.Responses.Add(response);
        await db.SaveChangesAsync();
        return (response.Id, unit.Id);
    }

    public static async Task<CaseDetail> TransitionAsync(HttpClient client, long caseId, object request)
    {
        var response = await client.PostAsJsonAsync($"/api/cases/{caseId}/transitions", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CaseDetail>())!;
    }

    /// <summary>The board takes a case on: accepted, then assigned to the board member <paramref name="assigneeId"/>.</summary>
    public static async Task AcceptAndAssignAsync(HttpClient inspector, long caseId, Guid assigneeId)
    {
        await TransitionAsync(inspector, caseId, new { action = "accept" });
        await TransitionAsync(inspector, caseId, new { action = "assign", assigneeId });
    }

    /// <summary>The board answers a case it has just received: accepted, assigned, answered and published on the lookup page.</summary>
    public static async Task<CaseDetail> AnswerCaseAsync(HttpClient inspector, long caseId, Guid assigneeId, string answer)
    {
        await AcceptAndAssignAsync(inspector, caseId, assigneeId);
        return await TransitionAsync(inspector, caseId, new { action = "answer", answer, publish = true });
    }

    /// <summary>The filer's answer posted from the lookup page they read (its antiforgery token), as their browser would.</summary>
    public static async Task<HttpResponseMessage> PostFeedbackAsync(HttpClient client, string code, string page, string satisfied, string? comment)
    {
        var token = PageForms.AntiforgeryToken(page);
        var fields = new Dictionary<string, string> { ["__af"] = WebUtility.HtmlDecode(token), ["satisfied"] = satisfied };
        if (comment is not null) fields["comment"] = comment;
        return await client.PostAsync($"/c/{code}/feedback", new FormUrlEncodedContent(fields));
    }

    public static async Task<long> CaseIdAsync(HaiLongApp app, string code)
    {
        await using var db = app.NewDbContext();
        return await db.Cases.Where(c => c.TrackingCode == code).Select(c => c.Id).SingleAsync();
    }

    public static async Task<string> TrackingCodeAsync(HaiLongApp app, long caseId)
    {
        await using var db = app.NewDbContext();
        return await db.Cases.Where(c => c.Id == caseId).Select(c => c.TrackingCode).SingleAsync();
    }

    /// <summary>A page's text as the citizen reads it: the shared encoder writes some Vietnamese letters as character references.</summary>
    public static async Task<string> ReadPageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    public static async Task<(int Cases, int Contacts, int Attachments, int Events)> CountsAsync(HaiLongDbContext db) =>
        (await db.Cases.CountAsync(), await db.CaseContacts.CountAsync(), await db.CaseAttachments.CountAsync(), await db.CaseEvents.CountAsync());
}

internal static class HostClients
{
    /// <summary>A bearer client for a demo user on a host of its own (a moved clock, or a real Kestrel server at <paramref name="baseAddress"/>).</summary>
    public static async Task<HttpClient> ClientAsAsync(this WebApplicationFactory<Program> host, string userName, Uri? baseAddress = null)
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false };
        if (baseAddress is not null) options.BaseAddress = baseAddress;
        var client = host.CreateClient(options);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = Seeder.DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public static Task<HttpClient> ClientAsInspectorAsync(this WebApplicationFactory<Program> host) => host.ClientAsAsync(DemoUsers.InspectorA);

    private sealed record TokenBody(string AccessToken);
}

/// <summary>
/// The case world on a host of its own whose clock starts on Wednesday 25 November 2026, 09:00 in Vietnam, and is moved by
/// hand (deadlines, escalation, digests, statistics): one per test, as a fake clock never goes back.
/// </summary>
internal sealed class MovedClockCases(HaiLongApp app)
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(7));

    private readonly FakeTimeProvider _clock = new(Start.ToUniversalTime());
    private WebApplicationFactory<Program>? _host;

    public WebApplicationFactory<Program> Host => _host ??= app.WithClock(_clock);

    /// <summary>Moves the clock (forward only). Bearer tokens expire on the moved clock too: sign in again after a move.</summary>
    public void MoveTo(DateTimeOffset t) => _clock.SetUtcNow(t.ToUniversalTime());

    /// <summary>Runs a case job as a Hangfire worker would (the server is off in tests), at the moved time.</summary>
    public async Task<T> RunAsync<T>(Func<CaseJobs, Task<T>> job)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await job(scope.ServiceProvider.GetRequiredService<CaseJobs>());
    }

    /// <summary>Files a case at ward A's standing link, as a citizen, at the moved time; returns its id.</summary>
    public async Task<long> FileAsync(Dictionary<string, string> fields)
    {
        var client = Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var code = await CaseWorld.FileOkAsync(client, $"unit={DemoWorld.WardACode}", fields);
        return await CaseWorld.CaseIdAsync(app, code);
    }
}
