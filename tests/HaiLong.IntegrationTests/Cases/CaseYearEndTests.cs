using HaiLong.Api.Features.Cases;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>
/// The case world with the clock at 23:59:50 Vietnam time on 31 December: a petition filed then belongs to the old year's
/// numbers, one filed twenty seconds later to the new year's, and each deadline counts from its own day.
/// </summary>
public sealed class CaseYearEndTests
{
    [Fact]
    public async Task Petitions_filed_either_side_of_midnight_count_in_their_own_year()
    {
        await using var app = await HaiLongApp.StartAtAsync(HaiLongApp.YearEnd);
        await SetUpBoardOfWardAAsync(app);
        var citizen = app.AnonymousClient();
        var lastYear = await CaseIdAsync(app, await FileOkAsync(citizen, $"unit={DemoWorld.WardACode}", Petition("Đơn nộp lúc cuối năm")));
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var newYear = await CaseIdAsync(app, await FileOkAsync(citizen, $"unit={DemoWorld.WardACode}", Petition("Đơn nộp đầu năm mới")));

        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);
        var first = (await inspector.GetFromJsonAsync<CaseDetail>($"/api/cases/{lastYear}"))!;
        var second = (await inspector.GetFromJsonAsync<CaseDetail>($"/api/cases/{newYear}"))!;
        Assert.Equal(new DateOnly(2026, 12, 31), VietnamDate(first.FiledAt));
        Assert.Equal(new DateOnly(2027, 1, 1), VietnamDate(second.FiledAt));
        // Fifteen working days from a later day never end earlier.
        Assert.True(first.AnswerDueOn is { } a && second.AnswerDueOn is { } b && a > new DateOnly(2026, 12, 31) && a <= b,
            $"{first.AnswerDueOn} vs {second.AnswerDueOn}");

        var wardA = await UnitIdAsync(app, DemoWorld.WardACode);
        var december = await inspector.GetFromJsonAsync<CaseStatisticsResponse>($"/api/cases/statistics?unitId={wardA}&from=2026-12-01&to=2026-12-31");
        var january = await inspector.GetFromJsonAsync<CaseStatisticsResponse>($"/api/cases/statistics?unitId={wardA}&from=2027-01-01&to=2027-01-31");
        Assert.Equal((1, 1), (december!.Unit.Filed, january!.Unit.Filed));
    }

    private static DateOnly VietnamDate(DateTimeOffset t) => DateOnly.FromDateTime(t.ToOffset(TimeSpan.FromHours(7)).DateTime);
}
