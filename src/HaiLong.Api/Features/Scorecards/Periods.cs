using System.Text.Json.Serialization;

namespace HaiLong.Api.Features.Scorecards;

/// <summary>The period kinds a scorecard query accepts (absent means month); the OpenAPI document lists them as an enum.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class PeriodQueryAttribute() : AllowedValuesAttribute("month", "quarter", "year", null);

/// <summary>
/// The kind of period a scorecard reports, written as the <c>period</c> query parameter takes it ("month", not "Month"), so
/// a client can send back what it read.
/// </summary>
[JsonConverter(typeof(NamedEnumConverter<ScorecardPeriod>))]
public enum ScorecardPeriod
{
    [JsonStringEnumMemberName("month")] Month,
    [JsonStringEnumMemberName("quarter")] Quarter,
    [JsonStringEnumMemberName("year")] Year,
}

/// <summary>A reporting period in Vietnam local time (UTC+7): a ward's month is its local month.</summary>
public readonly record struct Period(PeriodKind Kind, DateOnly Start)
{
    /// <summary>Kept for ScorecardOverviewPage.razor until it reads <see cref="VietnamTime"/> itself; the rule lives there.</summary>
    public static TimeSpan VietnamOffset => VietnamTime.Offset;

    public static DateOnly LocalToday(TimeProvider clock) => VietnamTime.Today(clock);

    public static Period Containing(PeriodKind kind, DateOnly day) => kind switch
    {
        PeriodKind.Day => new(kind, day),
        PeriodKind.Month => new(kind, new DateOnly(day.Year, day.Month, 1)),
        PeriodKind.Quarter => new(kind, new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1)),
        _ => new(PeriodKind.Year, new DateOnly(day.Year, 1, 1)),
    };

    /// <summary>Parses the query's period kind ("month", "quarter", "year") and any day inside it; null when either is malformed.</summary>
    public static Period? Parse(string? kind, string? date, TimeProvider clock)
    {
        PeriodKind k;
        if (string.IsNullOrEmpty(kind)) k = PeriodKind.Month;
        // Names only: Enum.TryParse would also take "2" as Quarter.
        else if (!char.IsLetter(kind[0]) || !Enum.TryParse(kind, ignoreCase: true, out k) || k == PeriodKind.Day) return null;
        DateOnly day;
        if (string.IsNullOrEmpty(date)) day = LocalToday(clock);
        else if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", out day) && !TryParseMonth(date, out day)) return null;
        return Containing(k, day);
    }

    private static bool TryParseMonth(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", out day);

    public Period Previous() => Kind switch
    {
        PeriodKind.Day => new(Kind, Start.AddDays(-1)),
        PeriodKind.Month => new(Kind, Start.AddMonths(-1)),
        PeriodKind.Quarter => new(Kind, Start.AddMonths(-3)),
        _ => new(Kind, Start.AddYears(-1)),
    };

    public Period Next() => Kind switch
    {
        PeriodKind.Day => new(Kind, Start.AddDays(1)),
        PeriodKind.Month => new(Kind, Start.AddMonths(1)),
        PeriodKind.Quarter => new(Kind, Start.AddMonths(3)),
        _ => new(Kind, Start.AddYears(1)),
    };

    public string QueryKind => Kind.ToString().ToLowerInvariant();

    /// <summary>The kind as a scorecard reports it; scorecards never cover a single day (the query refuses one).</summary>
    public ScorecardPeriod Reported => Kind switch
    {
        PeriodKind.Month => ScorecardPeriod.Month,
        PeriodKind.Quarter => ScorecardPeriod.Quarter,
        PeriodKind.Year => ScorecardPeriod.Year,
        _ => throw new InvalidOperationException($"A scorecard does not report a {Kind} period."),
    };

    public string Query => $"period={QueryKind}&date={Start:yyyy-MM-dd}";

    public string LabelVi => Kind switch
    {
        PeriodKind.Day => $"Ngày {Start:dd/MM/yyyy}",
        PeriodKind.Month => $"Tháng {Start.Month}/{Start.Year}",
        PeriodKind.Quarter => $"Quý {(Start.Month - 1) / 3 + 1}/{Start.Year}",
        _ => $"Năm {Start.Year}",
    };
}
