using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace HaiLong.Api.Features.Scorecards;

/// <summary>A scorecard view as a table: Vietnamese headers, one row per line; numbers stay numbers in XLSX.</summary>
public sealed record ExportTable(string Title, string[] Headers, List<object?[]> Rows);

public static class ScorecardExports
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] ScoreHeaders = ["Số phiếu", "Tỷ lệ hài lòng (%)", "Điểm trung bình", "Khoảng tin cậy 95% - thấp (%)", "Khoảng tin cậy 95% - cao (%)", "Ghi chú"];

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
        [.. t.Months.Select(m => new object?[] { $"{m.Month.Month:00}/{m.Month.Year}", m.N, Percent(m.Rate), Round(m.Mean), m.Enough ? null : Score.NotEnoughVi })]);

    private static object?[] Row(object?[] leading, long n, double? rate, double? mean, double? low, double? high, bool enough) =>
        [.. leading, n, Percent(rate), Round(mean), Percent(low), Percent(high), enough ? null : Score.NotEnoughVi];

    private static double? Percent(double? x) => x is { } v ? Math.Round(v * 100, 1) : null;

    private static double? Round(double? x) => x is { } v ? Math.Round(v, 2) : null;

    /// <summary>UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly.</summary>
    public static byte[] Csv(ExportTable table)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', table.Headers.Select(Field)).Append("\r\n");
        foreach (var row in table.Rows) sb.AppendJoin(',', row.Select(Field)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            double d => d.ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        // A cell starting with = + - @ would run as a formula in a spreadsheet.
        if (value is string && text.Length > 0 && "=+-@".Contains(text[0])) text = "'" + text;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    public static byte[] Xlsx(ExportTable table)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(XRow([table.Title]));
            data.Append(XRow(table.Headers));
            foreach (var row in table.Rows) data.Append(XRow(row));
            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Bảng điểm" });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row XRow(IEnumerable<object?> values)
    {
        var row = new Row();
        foreach (var value in values)
        {
            row.Append(value switch
            {
                null => new Cell(),
                double or long or int => new Cell
                {
                    DataType = CellValues.Number,
                    CellValue = new CellValue(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value.ToString() ?? "")) },
            });
        }
        return row;
    }
}
