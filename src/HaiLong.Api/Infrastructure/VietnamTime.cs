namespace HaiLong.Api.Infrastructure;

/// <summary>
/// The one home of Vietnam local time (UTC+7, no daylight saving since 1975): deadlines are calendar days there, a ward's
/// month is its local month, printed times are local. C# uses the fixed offset so no node depends on its time-zone
/// database; SQL names the zone (<see cref="SqlZone"/>), which PostgreSQL ships with.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The zone name for SQL's <c>AT TIME ZONE</c>.</summary>
    public const string SqlZone = "Asia/Ho_Chi_Minh";

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    public static DateOnly DateOf(DateTimeOffset t) => DateOnly.FromDateTime(t.ToOffset(Offset).DateTime);

    /// <summary>The instant as Vietnam's clocks show it.</summary>
    public static DateTimeOffset Local(DateTimeOffset t) => t.ToOffset(Offset);

    /// <summary>Local midnight starting <paramref name="day"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>A local wall-clock time as an instant.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, Offset);
}
