namespace HaiLong.Api.Features.Scorecards;

/// <summary>A scorecard view as a table: Vietnamese headers, one row per line; numbers stay numbers in XLSX.</summary>
public sealed record ExportTable(string Title, string[] Headers, List<object?[]> Rows);

public static class ScorecardExports
{
    private static readonly IReadOnlyList<string> ScoreHeaders =
        ["Số phiếu", "Tỷ lệ hài lòng (%)", "Điểm trung bình", "Khoảng tin cậy 95% - thấp (%)", "Khoảng tin cậy 95% - cao (%)", "Ghi chú"];

    public static ExportTable Overview(WardOverview o) => new(
        $"{o.UnitName} - {o.PeriodLabel}",
        ["Tiêu chí", .. ScoreHeaders],
        [.. new[] { o.Overall }.Concat(o.Criteria).Select(c => Row([c.Label], c.N, c.Rate, c.Mean, c.Low, c.High, c.Enough))]);

    public static ExportTable Official(OfficialScorecard o) => new(
        $"{o.FullName} ({o.StaffCode}) - {o.AgencyName} - {o.PeriodLabel}",
        ["Tiêu chí", .. ScoreHeaders],
        [.. new[] { o.Overall }.Concat(o.Criteria).Select(c => Row([c.Label], c.N, c.Rate, c.Mean, c.Low, c.High, c.Enough))]);

    public static ExportTable Officials(string unitName, Period period, SubjectScore[] officials) => new(
        $"{unitName} - Cán bộ, công chức - {period.LabelVi}",
        ["Cán bộ, công chức", "Chức vụ", .. ScoreHeaders, "Điểm xếp hạng (%)", "Xếp hạng"],
        [.. officials.Select(s => Row([s.Name, s.Detail], s.N, s.Rate, s.Mean, s.Low, s.High, s.Enough).Concat([Percent(s.Shrunk), s.Rank]).ToArray())]);

    public static ExportTable Procedures(string unitName, ProcedureScorecard p) => new(
        $"{unitName} - Thủ tục hành chính ({p.Scope}) - {p.PeriodLabel}",
        ["Thủ tục hành chính", "Lĩnh vực", .. ScoreHeaders, "Xếp hạng"],
        [.. p.Procedures.Select(s => Row([s.Name, s.Detail], s.N, s.Rate, s.Mean, s.Low, s.High, s.Enough).Append(s.Rank).ToArray())]);

    public static ExportTable Trend(WardTrend t) => new(
        $"{t.UnitName} - Xu hướng theo tháng",
        ["Tháng", "Số phiếu", "Tỷ lệ hài lòng (%)", "Điểm trung bình", "Ghi chú"],
        [.. t.Months.Select(m
            => new object?[] { $"{m.Month.Month:00}/{m.Month.Year}", m.N, Percent(m.Rate), Round(m.Mean), m.Enough ? null : Score.NotEnoughVi })]);

    private static object?[] Row(object?[] leading, long n, double? rate, double? mean, double? low, double? high, bool enough) =>
        [.. leading, n, Percent(rate), Round(mean), Percent(low), Percent(high), enough ? null : Score.NotEnoughVi];

    private static double? Percent(double? x) => x is { } v ? Math.Round(v * 100, 1) : null;

    private static double? Round(double? x) => x is { } v ? Math.Round(v, 2) : null;

    /// <summary>
    /// A table read from a standby says so in its title (the XLSX's first row); a CSV has no title row, its response carries
    /// <see cref="ReplicaReads.AsOfHeader"/>.
    /// </summary>
    public static ExportTable WithAsOf(ExportTable table, DateTimeOffset? asOf, TimeProvider clock) =>
        asOf is { } t ? table with { Title = $"{table.Title} - số liệu đến {ReplicaReads.AsOfText(t, clock)}" } : table;

    public static byte[] Csv(ExportTable table) => Infrastructure.Csv.Write([table.Headers, .. table.Rows]);

    public static byte[] Xlsx(ExportTable table) => Workbook.Xlsx(new WorkbookSheet("Bảng điểm", [[table.Title], table.Headers, .. table.Rows]));
}
