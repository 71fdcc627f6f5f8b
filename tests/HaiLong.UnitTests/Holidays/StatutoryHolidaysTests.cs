using System.Globalization;
using HaiLong.Api.Features.Holidays;

namespace HaiLong.UnitTests.Holidays;

public sealed class StatutoryHolidaysTests
{
    // Tết (mùng 1 tháng Giêng) as published by Vietnamese almanacs; 1985 and 2007 are years where the Chinese calendar
    // (reckoned at UTC+8) differs — 1985 by a whole month, 2007 by a day.
    [Theory]
    [InlineData(1985, "1985-01-21")]
    [InlineData(2007, "2007-02-17")]
    [InlineData(2020, "2020-01-25")]
    [InlineData(2023, "2023-01-22")]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    public void Tet_falls_on_the_Vietnamese_almanac_date(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), VietnameseLunarCalendar.NewYear(year));
    }

    [Theory]
    [InlineData(2023, "2023-04-29")]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    public void Hung_Kings_day_is_the_tenth_of_the_third_lunar_month(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), VietnameseLunarCalendar.ToSolar(year, 3, 10));
    }

    [Fact]
    public void A_leap_month_exists_only_in_the_year_that_has_it()
    {
        // 2023 (Quý Mão) had a leap second month (tháng 2 nhuận, from 2023-03-22); 2024 had none.
        Assert.Equal(new DateOnly(2023, 3, 22), VietnameseLunarCalendar.ToSolar(2023, 2, 1, leapMonth: true));
        Assert.Equal(new DateOnly(2023, 4, 20), VietnameseLunarCalendar.ToSolar(2023, 3, 1));
        Assert.Null(VietnameseLunarCalendar.ToSolar(2023, 3, 1, leapMonth: true));
        Assert.Null(VietnameseLunarCalendar.ToSolar(2024, 2, 1, leapMonth: true));
    }

    [Fact]
    public void Every_lunar_month_has_29_or_30_days_and_a_thirtieth_only_when_it_exists()
    {
        for (var year = 1990; year <= 2060; year++)
        {
            for (var month = 1; month <= 12; month++)
            {
                var first = VietnameseLunarCalendar.ToSolar(year, month, 1)!.Value;
                var day29 = VietnameseLunarCalendar.ToSolar(year, month, 29)!.Value;
                Assert.Equal(first.AddDays(28), day29);
                var day30 = VietnameseLunarCalendar.ToSolar(year, month, 30);
                Assert.True(day30 is null || day30 == first.AddDays(29), $"{year}/{month}");
            }
            // Tết is always between 21 January and 20 February.
            var tet = VietnameseLunarCalendar.NewYear(year);
            Assert.InRange(tet, new DateOnly(year, 1, 21), new DateOnly(year, 2, 20));
        }
    }

    [Fact]
    public void The_lunar_calendar_agrees_with_the_Chinese_one_except_in_a_few_years()
    {
        // Both calendars follow the same astronomy at meridians one hour apart: they must agree on Tết in nearly every year.
        var chinese = new ChineseLunisolarCalendar();
        var differing = Enumerable.Range(1960, 120)
            .Where(y => DateOnly.FromDateTime(chinese.ToDateTime(y, 1, 1, 0, 0, 0, 0)) != VietnameseLunarCalendar.NewYear(y))
            .ToList();
        Assert.Contains(1985, differing);
        Assert.Contains(2007, differing);
        Assert.InRange(differing.Count, 2, 8);
    }

    [Fact]
    public void Twenty_twenty_six_proposes_the_eleven_statutory_days_and_the_working_days_given_back()
    {
        var days = StatutoryHolidays.Propose(2026);
        var statutory = days.Where(d => d.Basis != HolidayBasis.Compensatory).ToList();
        Assert.Equal(11, statutory.Count);
        Assert.Equal(
            ["2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-26", "2026-04-30",
             "2026-05-01", "2026-09-01", "2026-09-02"],
            statutory.Select(d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        // Giỗ Tổ (26/4/2026) is a Sunday: Monday 27/4 is given back, and it needs the government's confirmation.
        var back = Assert.Single(days, d => d.Basis == HolidayBasis.Compensatory);
        Assert.Equal(new DateOnly(2026, 4, 27), back.Date);
        Assert.True(back.NeedsConfirmation);
        Assert.Contains("Giỗ Tổ", back.Name);
        Assert.False(days.Single(d => d.Date == new DateOnly(2026, 2, 17)).NeedsConfirmation);
        Assert.True(days.Single(d => d.Date == new DateOnly(2026, 2, 18)).NeedsConfirmation);
    }

    [Fact]
    public void Holidays_on_a_weekend_give_back_the_next_free_working_days_in_order()
    {
        // 2022: 30/4 Saturday and 1/5 Sunday → Monday 2/5 and Tuesday 3/5 off (as the government announced).
        var days = StatutoryHolidays.Propose(2022);
        Assert.Equal(
            [new DateOnly(2022, 5, 2), new DateOnly(2022, 5, 3)],
            days.Where(d => d.Basis == HolidayBasis.Compensatory && d.Date.Month == 5).Select(d => d.Date));
        // 2022: 2/9 is a Friday, so the day beside it is Thursday 1/9 (as announced).
        Assert.Contains(days, d => d.Date == new DateOnly(2022, 9, 1) && d.Basis == HolidayBasis.GovernmentChoice);
        Assert.All(days.Where(d => d.Basis == HolidayBasis.Compensatory), d => Assert.False(StatutoryHolidays.IsWeekend(d.Date)));
        Assert.Equal(days.Count, days.Select(d => d.Date).Distinct().Count());
    }

    [Theory]
    [InlineData(2021, "2021-09-03")]
    [InlineData(2023, "2023-09-01")]
    [InlineData(2024, "2024-09-03")]
    [InlineData(2025, "2025-09-01")]
    public void The_second_national_day_joins_the_weekend_as_announced(int year, string expected)
    {
        var neighbour = Assert.Single(StatutoryHolidays.Propose(year), d => d.Name == "Quốc khánh (ngày liền kề)");
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), neighbour.Date);
    }

    [Fact]
    public void A_year_outside_the_computed_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StatutoryHolidays.Propose(1800));
    }
}
