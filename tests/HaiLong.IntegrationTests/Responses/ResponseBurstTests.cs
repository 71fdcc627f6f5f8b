using HaiLong.Api.Features.Responses;
using Microsoft.AspNetCore.Mvc.Testing;
using static HaiLong.IntegrationTests.Responses.BurstWorld;

namespace HaiLong.IntegrationTests.Responses;

/// <summary>
/// Bursts on the open yearly QR (issue 18): many answers from one network address or one device in a short window are held by
/// one review item for the People's Inspection Board; answers spread over time or from different devices are not.
/// </summary>
[RunsLong(25)]
public sealed class ResponseBurstTests
{
    [Fact]
    public async Task Six_answers_from_one_address_within_ten_minutes_are_held_by_one_item_and_a_second_run_adds_nothing()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        var qr = await IssueYearlyQrAsync(app);
        var meeting = await AnswerAsync(app, qr, Morning, [0, 2, 3, 5, 7, 9], address: "203.0.113.7");
        // Four from another address in ten minutes, and five from a third spread over the morning: below the threshold.
        var couple = await AnswerAsync(app, qr, Morning, [1, 4, 6, 8], address: "198.51.100.20");
        var spread = await AnswerAsync(app, qr, Morning, [0, 15, 30, 45, 60], address: "192.0.2.44");
        app.Clock.SetUtcNow(Morning.AddMinutes(12).ToUniversalTime());

        var first = await RunJobAsync(app);
        var again = await RunJobAsync(app);

        Assert.Equal(1, first);
        Assert.Equal(0, again);
        var item = Assert.Single(await BurstsAsync(app));
        var (held, free) = await HoldingsAsync(app);
        Assert.Equal(meeting.Order(), Assert.Single(held, h => h.Key == item.Id).Value);
        Assert.Equal(couple.Concat(spread).Order(), free);
        Assert.Equal(qr.UnitId, item.UnitId);
        Assert.Null(item.Verdict);
        Assert.Null(item.ReviewedAt);
        Assert.Equal(
            "6 phiếu khảo sát hằng năm qua mã QR công khai được gửi từ cùng một địa chỉ mạng (có thể là nhiều người dùng chung wifi, " +
            "ví dụ tại một buổi họp) trong 9 phút (08:00–08:09 ngày 09/11/2026). Các phiếu này chưa được tính vào đánh giá, xếp loại " +
            "cho đến khi Ban Thanh tra nhân dân quyết định tính hay loại.", item.Summary);
        // The board sees which kind of source, never the source's hash — not even in the key.
        var hash = app.Service<AbuseSignals>().Hash("ip", "203.0.113.7");
        Assert.DoesNotContain(hash, item.Summary + item.DedupKey);
    }

    [Fact]
    public async Task A_phone_answering_three_times_in_three_days_is_flagged_and_phones_answering_once_or_far_apart_are_not()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        var qr = await IssueYearlyQrAsync(app);
        // Real submissions: each client is a phone keeping its device cookie; the submission refuses a phone twice in 12 hours.
        var phone = NewPhone(app);
        var neighbour = NewPhone(app);
        var patient = NewPhone(app);

        await SubmitAsync(phone, qr);
        await SubmitAsync(neighbour, qr);
        await SubmitAsync(patient, qr);
        Assert.Equal(HttpStatusCode.Conflict, (await InvitationWorld.SubmitAsync(phone, qr.Token, YearlyAnswers)).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(13));
        await SubmitAsync(phone, qr);
        app.Clock.Advance(TimeSpan.FromHours(13));
        await SubmitAsync(phone, qr);
        Assert.Equal(1, await RunJobAsync(app));
        app.Clock.Advance(TimeSpan.FromHours(60));
        await SubmitAsync(patient, qr);
        var later = await RunJobAsync(app);

        Assert.Equal(0, later);
        var item = Assert.Single(await BurstsAsync(app));
        await using var db = app.NewDbContext();
        var devices = await db.Responses.AsNoTracking().Where(r => r.InvitationId == qr.InvitationId)
            .Select(r => new { r.DeviceHash, r.HeldByReviewItemId }).ToListAsync();
        var phoneHash = Assert.Single(devices.GroupBy(d => d.DeviceHash), g => g.Count() == 3).Key;
        Assert.All(devices, d => Assert.Equal(d.DeviceHash == phoneHash ? item.Id : null, d.HeldByReviewItemId));
        Assert.StartsWith("3 phiếu khảo sát hằng năm qua mã QR công khai được gửi từ cùng một thiết bị", item.Summary);
        Assert.Contains("trong 26 giờ (08:00 09/11/2026 – 10:00 10/11/2026)", item.Summary);
    }

    [Fact]
    public async Task A_growing_burst_extends_its_undecided_item_and_answers_after_the_verdict_get_an_item_of_their_own()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        var qr = await IssueYearlyQrAsync(app);
        const string wifi = "203.0.113.7";
        var start = await AnswerAsync(app, qr, Morning, [0, 1, 2, 3, 4], address: wifi);
        app.Clock.SetUtcNow(Morning.AddMinutes(5).ToUniversalTime());
        Assert.Equal(1, await RunJobAsync(app));
        var more = await AnswerAsync(app, qr, Morning, [6, 7], address: wifi);
        app.Clock.SetUtcNow(Morning.AddMinutes(8).ToUniversalTime());

        Assert.Equal(1, await RunJobAsync(app));

        var item = Assert.Single(await BurstsAsync(app));
        Assert.Equal(start.Concat(more).Order(), (await HoldingsAsync(app)).Held[item.Id]);
        Assert.StartsWith("7 phiếu", item.Summary);
        Assert.Contains("trong 7 phút (08:00–08:07 ngày 09/11/2026)", item.Summary);

        // The board counts the seven; three more arrive from the same wifi while the meeting goes on.
        await using (var db = app.NewDbContext())
        {
            await db.ReviewItems.Where(r => r.Id == item.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Verdict, HeldResponsesVerdict.Counted).SetProperty(r => r.ReviewedAt, app.Clock.GetUtcNow()));
        }
        var afterVerdict = await AnswerAsync(app, qr, Morning, [9, 10, 11], address: wifi);
        app.Clock.SetUtcNow(Morning.AddMinutes(12).ToUniversalTime());
        Assert.Equal(1, await RunJobAsync(app));
        Assert.Equal(0, await RunJobAsync(app));

        var items = await BurstsAsync(app);
        Assert.Equal(2, items.Count);
        var held = (await HoldingsAsync(app)).Held;
        Assert.Equal(start.Concat(more).Order(), held[item.Id]);
        Assert.Equal(afterVerdict.Order(), held[items[1].Id]);
        Assert.Equal(HeldResponsesVerdict.Counted, items[0].Verdict);
        Assert.Null(items[1].Verdict);
        Assert.StartsWith("3 phiếu", items[1].Summary);
    }

    [Fact]
    public async Task An_answer_in_both_an_address_burst_and_a_device_burst_stays_held_by_its_first_item()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        var qr = await IssueYearlyQrAsync(app);
        var onWifi = await AnswerAsync(app, qr, Morning, [0, 1, 2, 3], address: "203.0.113.7");
        var shared = await AnswerAsync(app, qr, Morning, [4], address: "203.0.113.7", device: "one-phone");
        var phoneLater = await AnswerAsync(app, qr, Morning, [13 * 60, 26 * 60], address: "198.51.100.20", device: "one-phone");
        app.Clock.SetUtcNow(Morning.AddHours(27).ToUniversalTime());

        Assert.Equal(2, await RunJobAsync(app));
        Assert.Equal(0, await RunJobAsync(app));

        var items = await BurstsAsync(app);
        Assert.Equal(2, items.Count);
        var held = (await HoldingsAsync(app)).Held;
        Assert.Equal(onWifi.Concat(shared).Order(), held[items[0].Id]);
        Assert.Equal(phoneLater.Order(), held[items[1].Id]);
        Assert.Contains("cùng một địa chỉ mạng", items[0].Summary);
        Assert.StartsWith("2 phiếu khảo sát hằng năm qua mã QR công khai được gửi từ cùng một thiết bị", items[1].Summary);
    }

    [Fact]
    public async Task Other_kinds_of_links_are_never_scanned()
    {
        await using var app = await HaiLongApp.StartAtAsync(Morning);
        var qr = await IssueYearlyQrAsync(app);
        await using (var db = app.NewDbContext())
        {
            // The same rows on a counter's standing QR: a busy counter on the centre's wifi is not a burst on the yearly survey.
            await db.Invitations.Where(i => i.Id == qr.InvitationId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Kind, InvitationKind.Counter));
        }
        await AnswerAsync(app, qr, Morning, [0, 1, 2, 3, 4, 5], address: "203.0.113.7");
        app.Clock.SetUtcNow(Morning.AddMinutes(6).ToUniversalTime());

        Assert.Equal(0, await RunJobAsync(app));
        Assert.Empty(await BurstsAsync(app));
    }

    [Theory]
    [InlineData("HaiLong:Surveys:Burst:AddressMinimum", "1", "AddressMinimum must be at least 2")]
    [InlineData("HaiLong:Surveys:Burst:DeviceWindowHours", "24", "no device burst could ever be seen")]
    [InlineData("HaiLong:Surveys:Burst:LookbackHours", "48", "LookbackHours must be at least the longest window")]
    public async Task Thresholds_that_could_never_work_stop_the_app_at_start_up(string key, string value, string message)
    {
        await using var app = new HaiLongApp();
        await app.InitializeAsync();
        app.With(key, value);

        var refused = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(message, refused.ToString());
    }

    private static readonly object[] YearlyAnswers = [new { criterion = Criteria.Overall, score = 4 }];

    private static HttpClient NewPhone(HaiLongApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task SubmitAsync(HttpClient phone, Qr qr)
    {
        var response = await InvitationWorld.SubmitAsync(phone, qr.Token, YearlyAnswers);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
