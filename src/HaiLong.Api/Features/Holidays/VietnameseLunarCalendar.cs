namespace HaiLong.Api.Features.Holidays;

/// <summary>
/// The Vietnamese lunisolar calendar (âm lịch), computed the way Vietnam's official almanacs are: astronomical new moons and
/// solar terms reckoned at the meridian of UTC+7 (Hồ Ngọc Đức's published algorithm, after Jean Meeus, "Astronomical
/// Algorithms"). .NET's <see cref="System.Globalization.ChineseLunisolarCalendar"/> is reckoned at UTC+8 and puts Tết a day
/// or a month off in some years (1985, 2007, 2030 …), so it cannot be used for Vietnamese holidays.
/// </summary>
public static class VietnameseLunarCalendar
{
    private const double TimeZone = 7.0;

    // Days from 0001-01-01 (DateOnly.DayNumber) to the Julian Day Number of the same date.
    private const int JulianDayOfDayNumberZero = 1_721_426;

    /// <summary>The civil date of a lunar date; null when the date does not exist (a leap month the year lacks, a day 30
    /// in a 29-day month).</summary>
    public static DateOnly? ToSolar(int lunarYear, int lunarMonth, int lunarDay, bool leapMonth = false)
    {
        if (lunarMonth is < 1 or > 12 || lunarDay is < 1 or > 30)
        {
            return null;
        }
        int a11, b11;
        if (lunarMonth < 11)
        {
            a11 = LunarMonth11(lunarYear - 1);
            b11 = LunarMonth11(lunarYear);
        }
        else
        {
            a11 = LunarMonth11(lunarYear);
            b11 = LunarMonth11(lunarYear + 1);
        }
        var k = (int)Math.Floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
        var offset = lunarMonth - 11;
        if (offset < 0)
        {
            offset += 12;
        }
        if (b11 - a11 > 365)
        {
            // A year of 13 months: the month after which no major solar term falls is the leap month.
            var leapOffset = LeapMonthOffset(a11);
            var leap = leapOffset - 2;
            if (leap < 0)
            {
                leap += 12;
            }
            if (leapMonth && lunarMonth != leap)
            {
                return null;
            }
            if (leapMonth || offset >= leapOffset)
            {
                offset += 1;
            }
        }
        else if (leapMonth)
        {
            return null;
        }
        var monthStart = NewMoonDay(k + offset);
        var next = NewMoonDay(k + offset + 1);
        if (lunarDay > next - monthStart)
        {
            return null;
        }
        return FromJulianDay(monthStart + lunarDay - 1);
    }

    /// <summary>The first day of the lunar year that begins in <paramref name="year"/> (mùng 1 Tết).</summary>
    public static DateOnly NewYear(int year) => ToSolar(year, 1, 1)!.Value;

    private static int JulianDay(DateOnly date) => date.DayNumber + JulianDayOfDayNumberZero;

    private static DateOnly FromJulianDay(int jd) => DateOnly.FromDayNumber(jd - JulianDayOfDayNumberZero);

    /// <summary>Julian day (fractional, TT) of the k-th new moon after that of 1900-01-01.</summary>
    private static double NewMoon(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        const double dr = Math.PI / 180;
        var jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
        jd1 += 0.00033 * Math.Sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
        var m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
        var mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
        var f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
        var c1 = (0.1734 - 0.000393 * t) * Math.Sin(m * dr) + 0.0021 * Math.Sin(2 * dr * m);
        c1 = c1 - 0.4068 * Math.Sin(mpr * dr) + 0.0161 * Math.Sin(dr * 2 * mpr);
        c1 -= 0.0004 * Math.Sin(dr * 3 * mpr);
        c1 = c1 + 0.0104 * Math.Sin(dr * 2 * f) - 0.0051 * Math.Sin(dr * (m + mpr));
        c1 = c1 - 0.0074 * Math.Sin(dr * (m - mpr)) + 0.0004 * Math.Sin(dr * (2 * f + m));
        c1 = c1 - 0.0004 * Math.Sin(dr * (2 * f - m)) - 0.0006 * Math.Sin(dr * (2 * f + mpr));
        c1 = c1 + 0.0010 * Math.Sin(dr * (2 * f - mpr)) + 0.0005 * Math.Sin(dr * (2 * mpr + m));
        var deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return jd1 + c1 - deltaT;
    }

    /// <summary>Julian day number of the civil day (at UTC+7) on which the k-th new moon falls.</summary>
    private static int NewMoonDay(int k) => (int)Math.Floor(NewMoon(k) + 0.5 + TimeZone / 24);

    /// <summary>The sun's ecliptic longitude in radians, [0, 2π), at a Julian day.</summary>
    private static double SunLongitude(double jdn)
    {
        var t = (jdn - 2451545.0) / 36525;
        var t2 = t * t;
        const double dr = Math.PI / 180;
        var m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
        var l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.Sin(dr * m);
        dl += (0.019993 - 0.000101 * t) * Math.Sin(dr * 2 * m) + 0.000290 * Math.Sin(dr * 3 * m);
        var l = (l0 + dl) * dr;
        return l - Math.PI * 2 * Math.Floor(l / (Math.PI * 2));
    }

    /// <summary>Which of the twelve 30° sectors (major solar terms) the sun is in at the start of a civil day at UTC+7.</summary>
    private static int SunSector(int dayNumber) => (int)Math.Floor(SunLongitude(dayNumber - 0.5 - TimeZone / 24) / Math.PI * 6);

    /// <summary>Julian day number of the start of the 11th lunar month (the one holding the winter solstice) of a year.</summary>
    private static int LunarMonth11(int year)
    {
        var off = JulianDay(new DateOnly(year, 12, 31)) - 2415021;
        var k = (int)Math.Floor(off / 29.530588853);
        var nm = NewMoonDay(k);
        return SunSector(nm) >= 9 ? NewMoonDay(k - 1) : nm;
    }

    /// <summary>Counted from the 11th month that starts at <paramref name="a11"/>, which month is the leap one.</summary>
    private static int LeapMonthOffset(int a11)
    {
        var k = (int)Math.Floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
        var i = 1;
        var arc = SunSector(NewMoonDay(k + i));
        int last;
        do
        {
            last = arc;
            i++;
            arc = SunSector(NewMoonDay(k + i));
        }
        while (arc != last && i < 14);
        return i - 1;
    }
}
