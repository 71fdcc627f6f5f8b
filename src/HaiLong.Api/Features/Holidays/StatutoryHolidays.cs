using System.Text.Json.Serialization;

namespace HaiLong.Api.Features.Holidays;

/// <summary>Why a day is proposed as a public holiday.</summary>
[JsonConverter(typeof(NamedEnumConverter<HolidayBasis>))]
public enum HolidayBasis
{
    /// <summary>A fixed civil date in the Labour Code (art. 112): 1/1, 30/4, 1/5, 2/9.</summary>
    FixedDate,

    /// <summary>A lunar date (Tết's first day, Giỗ Tổ Hùng Vương on 10/3 âm lịch), computed for the year.</summary>
    LunarDate,

    /// <summary>The law gives the day but the Prime Minister picks which (the other Tết days, the day beside 2/9).</summary>
    GovernmentChoice,

    /// <summary>A holiday fell on a weekly rest day; the next working day is given instead.</summary>
    Compensatory,
}

/// <summary>One proposed day off; <see cref="NeedsConfirmation"/> days are the law's pattern, not yet the government's word.</summary>
public sealed record HolidayProposal(DateOnly Date, string Name, HolidayBasis Basis, bool NeedsConfirmation);

/// <summary>
/// The public holidays of Vietnam's Labour Code 2019, art. 112, proposed for one year so an administrator confirms them
/// instead of typing them: eleven days — Tết Dương lịch 1, Tết Âm lịch 5, Giỗ Tổ Hùng Vương 1, 30/4 1, 1/5 1, Quốc khánh 2.
/// Where the law leaves the choice to the Prime Minister the proposal follows recent practice and asks for confirmation:
/// Tết is the last day of the old lunar year and the first four of the new; the second Quốc khánh day is the neighbour of
/// 2/9 that joins a weekend. A holiday on a Saturday or Sunday (state offices work Monday–Friday) gets the next working day
/// off (art. 111(3)). Extra days the government announces (e.g. swapped working days) are added by hand.
/// </summary>
public static class StatutoryHolidays
{
    public static IReadOnlyList<HolidayProposal> Propose(int year)
    {
        if (year is < 1901 or > 2199)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "The lunar calendar is computed for 1901–2199.");
        }
        var tet = VietnameseLunarCalendar.NewYear(year);
        var hungKings = VietnameseLunarCalendar.ToSolar(year, 3, 10)!.Value;
        var nationalDay = new DateOnly(year, 9, 2);

        List<HolidayProposal> days =
        [
            new(new DateOnly(year, 1, 1), "Tết Dương lịch", HolidayBasis.FixedDate, false),
            new(tet.AddDays(-1), "Tết Nguyên đán (ngày cuối năm âm lịch)", HolidayBasis.GovernmentChoice, true),
            new(tet, "Tết Nguyên đán (mùng 1)", HolidayBasis.LunarDate, false),
            new(tet.AddDays(1), "Tết Nguyên đán (mùng 2)", HolidayBasis.GovernmentChoice, true),
            new(tet.AddDays(2), "Tết Nguyên đán (mùng 3)", HolidayBasis.GovernmentChoice, true),
            new(tet.AddDays(3), "Tết Nguyên đán (mùng 4)", HolidayBasis.GovernmentChoice, true),
            new(hungKings, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", HolidayBasis.LunarDate, false),
            new(new DateOnly(year, 4, 30), "Ngày Chiến thắng (30/4)", HolidayBasis.FixedDate, false),
            new(new DateOnly(year, 5, 1), "Ngày Quốc tế Lao động (1/5)", HolidayBasis.FixedDate, false),
            new(nationalDay, "Quốc khánh (2/9)", HolidayBasis.FixedDate, false),
            new(NationalDayNeighbour(nationalDay), "Quốc khánh (ngày liền kề)", HolidayBasis.GovernmentChoice, true),
        ];

        var taken = days.Select(d => d.Date).ToHashSet();
        foreach (var day in days.Where(d => IsWeekend(d.Date)).OrderBy(d => d.Date).ToList())
        {
            var instead = day.Date.AddDays(1);
            while (IsWeekend(instead) || taken.Contains(instead))
            {
                instead = instead.AddDays(1);
            }
            taken.Add(instead);
            days.Add(new(instead, $"Nghỉ bù {day.Name}", HolidayBasis.Compensatory, true));
        }
        return [.. days.OrderBy(d => d.Date)];
    }

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>The day beside 2/9 that makes the longest break: the side touching a weekend, else the day before.</summary>
    private static DateOnly NationalDayNeighbour(DateOnly nationalDay) => nationalDay.DayOfWeek switch
    {
        DayOfWeek.Monday => nationalDay.AddDays(1),   // 1/9 is a Sunday already: Tuesday 3/9 (as in 2024)
        DayOfWeek.Thursday => nationalDay.AddDays(1), // Friday 3/9 joins the weekend (as in 2021)
        DayOfWeek.Sunday => nationalDay.AddDays(1),   // Monday 3/9 rather than Saturday 1/9
        _ => nationalDay.AddDays(-1),                 // Tuesday → Monday 1/9 (2025); Friday → Thursday (2022); Saturday → Friday (2023)
    };
}
