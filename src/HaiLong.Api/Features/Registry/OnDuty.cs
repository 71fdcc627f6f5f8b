namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The one home of "who is on duty at this counter": the official of the latest shift of the service point that has
/// started and not yet ended at @now. The roster refuses overlapping shifts (an exclusion constraint), so the ORDER BY only
/// makes the answer certain; the survey form's lookup, the submission and the roster's counter page all read it from here.
/// </summary>
public static class OnDuty
{
    private static string LatestRunning(string column, string servicePointId) => $"""
        (SELECT s.{column} FROM service_point_shifts s
         WHERE s.service_point_id = {servicePointId} AND s.starts_at <= @now AND (s.ends_at IS NULL OR s.ends_at > @now)
         ORDER BY s.starts_at DESC LIMIT 1)
        """;

    /// <summary>
    /// A scalar subquery: the on-duty official's id at the counter whose id is the SQL expression <paramref name="servicePointId"/>, at @now.
    /// </summary>
    public static string OfficialIdSql(string servicePointId) => LatestRunning("official_id", servicePointId);

    /// <summary>A scalar subquery: the id of the shift running at the counter at @now (the one a handover ends).</summary>
    public static string ShiftIdSql(string servicePointId) => LatestRunning("id", servicePointId);
}
