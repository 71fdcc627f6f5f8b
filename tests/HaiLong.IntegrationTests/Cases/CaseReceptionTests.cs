using HaiLong.Api.Features.Cases;
using System.Net.Http.Headers;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>Petitions handed in or posted, recorded by staff: the clock (MovedClockCases: Wednesday 25 November 2026) runs from
/// the day received.</summary>
public sealed class CaseReceptionTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private readonly MovedClockCases _world = new(app);

    [Fact]
    public async Task A_board_member_records_a_complaint_received_yesterday_and_its_deadline_counts_from_yesterday()
    {
        var inspector = await _world.Host.ClientAsInspectorAsync();
        var form = await inspector.GetStringAsync("/staff/reception");
        var wardA = await CaseWorld.UnitIdAsync(app, DemoWorld.WardACode);

        var posted = await inspector.PostAsync("/staff/reception", Form(PageForms.AntiforgeryToken(form), wardA, "2026-11-24", "Complaint",
            "Khiếu nại quyết định xử phạt hành chính ngày 10/11/2026.", name: "Trần Văn Bình", phone: "0901234567", scan: true));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var receipt = await inspector.GetStringAsync(posted.Headers.Location!.OriginalString);
        var code = Regex.Match(receipt, "id=\"tracking-code\">([A-Z0-9]+)<").Groups[1].Value;
        Assert.Matches("id=\"received-on\">24/11/2026<", receipt);
        // Luật Khiếu nại, art. 27: ten days from receipt — from 24 November, not from the 25th when it was typed in.
        Assert.Matches("id=\"accept-due\">04/12/2026<", receipt);
        Assert.Matches("<title>Giấy biên nhận đơn", receipt);
        Assert.Contains("Thành viên Ban Thanh tra nhân dân", receipt);
        Assert.Contains($"/c/{code}", receipt);

        await using var db = app.NewDbContext();
        var c = await db.Cases.Include(x => x.Attachments).Include(x => x.Contact).Include(x => x.Events).SingleAsync(x => x.TrackingCode == code);
        Assert.Equal(CaseChannels.InPerson, c.Channel);
        Assert.Equal(new DateOnly(2026, 12, 4), c.AcceptDueOn);
        Assert.Equal(new DateOnly(2026, 11, 24), HaiLong.Api.Infrastructure.VietnamTime.DateOf(c.FiledAt));
        Assert.Equal("image/png", Assert.Single(c.Attachments).ContentType);
        Assert.Equal("Trần Văn Bình", c.Contact!.Name);
        var filed = Assert.Single(c.Events);
        Assert.NotNull(filed.ActorId);
        Assert.Contains("nhận ngày 24/11/2026", filed.Note);
    }

    [Fact]
    public async Task A_refused_reception_keeps_what_was_typed_and_stores_nothing()
    {
        var staff = await _world.Host.ClientAsAsync(DemoUsers.ServiceStaffA);
        var token = PageForms.AntiforgeryToken(await staff.GetStringAsync("/staff/reception"));
        var wardA = await CaseWorld.UnitIdAsync(app, DemoWorld.WardACode);
        await using var db = app.NewDbContext();
        var before = await db.Cases.CountAsync();

        var future = await staff.PostAsync("/staff/reception", Form(token, wardA, "2026-11-26", "Petition", "Đơn kiến nghị sửa đường."));
        var anonymousComplaint = await staff.PostAsync("/staff/reception",
            Form(token, wardA, "2026-11-25", "Complaint", "Khiếu nại không tên.", channel: CaseChannels.Post));

        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        var futureHtml = await future.Content.ReadAsStringAsync();
        Assert.Contains("Ngày nhận đơn phải trong vòng 90 ngày qua", futureHtml);
        Assert.Contains("Đơn kiến nghị sửa đường.</textarea>", futureHtml);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, anonymousComplaint.StatusCode);
        var complaintHtml = await anonymousComplaint.Content.ReadAsStringAsync();
        Assert.Contains("phải ghi rõ họ tên", complaintHtml);
        Assert.Matches($"value=\"{CaseChannels.Post}\"[^>]*checked", complaintHtml);
        Assert.Equal(before, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task Reception_is_for_reception_staff_and_the_board_and_a_receipt_outside_the_jurisdiction_is_not_found()
    {
        var evaluator = await _world.Host.ClientAsAsync(DemoUsers.EvaluatorA);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.GetAsync("/staff/reception")).StatusCode);
        var staff = await _world.Host.ClientAsAsync(DemoUsers.ServiceStaffA);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/staff/reception/999999/receipt")).StatusCode);
    }

    private static MultipartFormDataContent Form(string token, int unitId, string receivedOn, string type, string content,
        string channel = CaseChannels.InPerson, string? name = null, string? phone = null, bool scan = false)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__af" }, { new StringContent(unitId.ToString()), "unitId" }, { new StringContent(channel), "channel" },
            { new StringContent(receivedOn), "receivedOn" }, { new StringContent(type), "type" }, { new StringContent(content), "content" },
        };
        if (name is not null) form.Add(new StringContent(name), "name");
        if (phone is not null) form.Add(new StringContent(phone), "phone");
        if (scan)
        {
            var file = new ByteArrayContent(CaseWorld.Png);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "files", "don-khieu-nai.png");
        }
        return form;
    }
}
