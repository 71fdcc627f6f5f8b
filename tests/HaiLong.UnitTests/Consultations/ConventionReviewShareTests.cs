using HaiLong.Api.Features.Consultations;
using HaiLong.Data.Entities;

namespace HaiLong.UnitTests.Consultations;

/// <summary>
/// The share of conventions reviewed in a year (the resolutions' "100 % reviewed each year"), counted by hand: which
/// conventions are in the denominator (registered and in force on the day the share is taken) and which reviews count.
/// </summary>
public sealed class ConventionReviewShareTests
{
    private static readonly DateOnly Dec31 = new(2026, 12, 31);

    private static ConventionShareFacts C(string registered, string? inForce, params string[] reviews) =>
        new(DateOnly.Parse(registered), inForce is null ? null : DateOnly.Parse(inForce), [.. reviews.Select(DateOnly.Parse)]);

    public static readonly TheoryData<string, ConventionShareFacts[], int, int, decimal?> Cases = new()
    {
        // name, conventions, in force, reviewed, percent
        { "nothing registered", [], 0, 0, null },
        { "three of four", [C("2025-01-01", "2025-03-01", "2026-05-10"), C("2024-01-01", "2024-01-01", "2025-11-20"),
            C("2024-01-01", "2024-02-01", "2026-12-31"), C("2026-01-10", "2026-01-10", "2026-02-02")], 4, 3, 75m },
        { "a review of last year does not count", [C("2024-01-01", "2024-01-01", "2025-12-31")], 1, 0, 0m },
        { "a review of next year does not count", [C("2024-01-01", "2024-01-01", "2027-01-01")], 1, 0, 0m },
        { "not yet in force: left out", [C("2026-12-20", "2027-01-01", "2026-12-21"), C("2024-01-01", "2024-01-01", "2026-06-01")], 1, 1, 100m },
        { "no version effective: left out", [C("2026-01-01", null, "2026-06-01")], 0, 0, null },
        { "two reviews in the year count once", [C("2024-01-01", "2024-01-01", "2026-03-01", "2026-09-01"),
            C("2024-01-01", "2024-01-01")], 2, 1, 50m },
        { "one of three", [C("2024-01-01", "2024-01-01", "2026-03-01"), C("2024-01-01", "2024-01-01"), C("2024-01-01", "2024-01-01")], 3, 1, 33.33m },
        { "two of three", [C("2024-01-01", "2024-01-01", "2026-03-01"), C("2024-01-01", "2024-01-01", "2026-04-01"),
            C("2024-01-01", "2024-01-01")], 3, 2, 66.67m },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Counts_conventions_in_force_and_those_reviewed_in_the_year(string name, ConventionShareFacts[] conventions, int inForce,
        int reviewed, decimal? percent)
    {
        var share = ConventionReviewShare.Count(conventions, 2026, Dec31);
        Assert.True((inForce, reviewed, percent) == (share.InForce, share.Reviewed, share.Percent), $"{name}: {share}");
    }

    [Fact]
    public void Taken_mid_year_a_convention_registered_or_reviewed_later_is_not_counted_yet()
    {
        var june = new DateOnly(2026, 6, 30);
        var share = ConventionReviewShare.Count([C("2026-07-01", "2026-07-01"), C("2024-01-01", "2024-01-01", "2026-08-01"),
            C("2024-01-01", "2024-01-01", "2026-06-30")], 2026, june);
        Assert.Equal((2, 1, 50m), (share.InForce, share.Reviewed, share.Percent));
    }

    [Theory]
    [InlineData(2026, "2026-12-07", "2026-12-07")]
    [InlineData(2025, "2026-12-07", "2025-12-31")]
    [InlineData(2027, "2026-12-07", null)]
    [InlineData(0, "2026-12-07", null)]
    public void The_share_of_a_year_is_taken_today_in_the_year_and_on_31_December_after_it(int year, string today, string? asOf) =>
        Assert.Equal(asOf is null ? null : DateOnly.Parse(asOf), ConventionReviewShare.AsOf(year, DateOnly.Parse(today)));

    [Fact]
    public void An_amendment_names_its_consultation_and_the_items_passed()
    {
        var consultation = new Consultation { Id = 42, Title = "Sửa đổi hương ước ấp Phú Quới" };
        var summary = ConventionAmendments.Summary(consultation, ["Điều 3: giờ giữ trật tự", "Điều 7: vệ sinh môi trường"], new DateOnly(2026, 12, 7));
        Assert.Equal("Sửa đổi, bổ sung do hộ gia đình biểu quyết thông qua: cuộc lấy ý kiến số 42 «Sửa đổi hương ước ấp Phú Quới», "
            + "kết quả chứng nhận ngày 07/12/2026. Các nội dung được thông qua: 1. Điều 3: giờ giữ trật tự; 2. Điều 7: vệ sinh môi trường.", summary);
        var long_ = ConventionAmendments.Summary(consultation, [.. Enumerable.Repeat(new string('x', 500), 10)], new DateOnly(2026, 12, 7));
        Assert.Equal(2000, long_.Length);
    }
}
