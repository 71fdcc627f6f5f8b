using HaiLong.Api.Features.Responses;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>The whole journey in headless Chromium against the app on a real loopback Kestrel server.</summary>
public sealed class CaseBrowserTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{

    [Fact]
    public async Task A_citizen_files_from_the_thank_you_link_an_inspector_accepts_assigns_and_answers_and_the_citizen_reads_the_answer()
    {
        var baseUrl = app.StartLoopbackServer().ToString().TrimEnd('/');
        await SetUpBoardOfWardAAsync(app, await app.ClientAsAsync(DemoUsers.Administrator, new Uri(baseUrl)));
        var (responseId, unitId) = await InsertResponseAsync(app, app.Clock.GetUtcNow());
        var link = app.Service<FollowUpLinks>().FilingUrl(responseId, unitId);

        await using var browser = await Chromium.LeaseAsync();

        // The citizen, on the thank-you page's link.
        var citizen = await (await browser.NewContextAsync()).NewPageAsync();
        await citizen.GotoAsync(baseUrl + link);
        var formAudit = await Axe.RunAsync(citizen);
        Assert.NotEmpty(formAudit.Passes);
        Assert.True(formAudit.Violations.Length == 0, string.Join("; ", formAudit.Violations.Select(v => $"{v.Id}: {v.Help}")));
        await citizen.CheckAsync("input[name=type][value=Complaint]");
        await citizen.SelectOptionAsync("#subject", new SelectOptionValue { Label = "Võ Thanh Sơn — Công chức Tư pháp - Hộ tịch" });
        await citizen.FillAsync("#content", "Hồ sơ khai sinh của con tôi bị trả lại hai lần không rõ lý do.");
        await citizen.FillAsync("#name", "Trần Thị Bích");
        await citizen.FillAsync("#phone", "0987654321");
        await citizen.SetInputFilesAsync("#attachments", new FilePayload { Name = "giay-hen.png", MimeType = "image/png", Buffer = Png });
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi đơn" }).ClickAsync();
        await citizen.WaitForAddressAsync("**/c/*?new=1");
        var code = (await citizen.TextContentAsync("#tracking-code"))!.Trim();
        Assert.Matches("^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{10}$", code);
        Assert.Equal("Đã tiếp nhận", await citizen.TextContentAsync("#status"));

        // The inspector of ward A.
        var inspector = await (await browser.NewContextAsync()).NewPageAsync();
        await inspector.GotoAsync(baseUrl + "/staff/login");
        await inspector.FillAsync("#userName", DemoUsers.InspectorA);
        await inspector.FillAsync("#password", Seeder.DemoPassword);
        await inspector.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await inspector.WaitForAddressAsync(baseUrl + "/staff");
        await inspector.GotoAsync(baseUrl + "/staff/cases");
        await inspector.GetByRole(AriaRole.Link, new() { Name = code, Exact = true }).ClickAsync();
        Assert.Contains("0987654321", await inspector.TextContentAsync("#contact"));
        await inspector.GetByRole(AriaRole.Button, new() { Name = "Thụ lý", Exact = true }).ClickAsync();
        Assert.Equal("Đã thụ lý", await inspector.TextContentAsync("#status"));
        await inspector.SelectOptionAsync("#assignee", new SelectOptionValue { Label = "Thành viên Ban Thanh tra nhân dân" });
        await inspector.GetByRole(AriaRole.Button, new() { Name = "Phân công", Exact = true }).ClickAsync();
        Assert.Equal("Thành viên Ban Thanh tra nhân dân", await inspector.TextContentAsync("#assignee-name"));
        await inspector.FillAsync("#answer", "Hồ sơ thiếu bản sao giấy chứng sinh; bộ phận một cửa đã liên hệ hướng dẫn bổ sung và xin lỗi ông/bà.");
        await inspector.GetByRole(AriaRole.Button, new() { Name = "Trả lời", Exact = true }).ClickAsync();
        Assert.Equal("Đã trả lời", await inspector.TextContentAsync("#status"));
        // The history in words, with who acted: the filer, then the inspector by name and sign-in name; no stored codes.
        var history = (await inspector.InnerTextAsync("#events")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(history, row => row.Contains("Người gửi") && row.Contains("Gửi đơn"));
        foreach (var action in new[] { "Thụ lý", "Phân công xử lý", "Trả lời" })
        {
            Assert.Contains(history, row => row.Contains($"Thành viên Ban Thanh tra nhân dân ({DemoUsers.InspectorA})") && row.Contains(action));
        }
        foreach (var raw in new[] { "filed", "accepted", "assigned", "answered" }) Assert.DoesNotContain(history, row => row.Contains(raw));

        // The citizen looks the code up later.
        var later = await (await browser.NewContextAsync()).NewPageAsync();
        await later.GotoAsync($"{baseUrl}/c/{code}");
        Assert.Equal("Đã trả lời", await later.TextContentAsync("#status"));
        Assert.Contains("bộ phận một cửa đã liên hệ hướng dẫn bổ sung", await later.TextContentAsync("#answer"));
        Assert.Contains("Ông/bà có hài lòng với cách giải quyết không?", await later.TextContentAsync("#feedback"));
        var lookupAudit = await Axe.RunAsync(later);
        Assert.True(lookupAudit.Violations.Length == 0, string.Join("; ", lookupAudit.Violations.Select(v => $"{v.Id}: {v.Help}")));

        await using var db = app.NewDbContext();
        var stored = await db.Cases.Include(c => c.Events).Include(c => c.Attachments).SingleAsync(c => c.TrackingCode == code);
        Assert.Equal(responseId, stored.ResponseId);
        Assert.Equal("image/png", Assert.Single(stored.Attachments).ContentType);
        Assert.Equal(["filed", "accepted", "assigned", "answered"], stored.Events.OrderBy(e => e.Id).Select(e => e.Action));
    }
}
