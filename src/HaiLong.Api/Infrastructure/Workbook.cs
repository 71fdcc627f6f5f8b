using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace HaiLong.Api.Infrastructure;

/// <summary>One worksheet: a name (the code's own, never stored text) and rows of cells, each a number, a text or empty.</summary>
public sealed record WorkbookSheet(string Name, IEnumerable<object?[]> Rows);

/// <summary>
/// The one XLSX writer. Every text cell goes through <see cref="ExportText.Clean"/>, so no stored value can make a workbook
/// fail; and equal content gives equal bytes, which a frozen evaluation cycle relies on for as long as it is kept.
/// </summary>
public static class Workbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Zip entry time of every part: the packaging library would otherwise stamp the current time.</summary>
    private static readonly DateTimeOffset FixedEntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Xlsx(params IEnumerable<WorkbookSheet> sheets)
    {
        using var raw = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(raw, SpreadsheetDocumentType.Workbook))
        {
            // Explicit relationship ids: the SDK would otherwise generate random ones, and the bytes would differ on every export.
            var workbook = doc.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            workbook.Workbook = new X.Workbook(new X.Sheets());
            foreach (var sheet in sheets) AddSheet(workbook, sheet);
        }
        return Normalise(raw.ToArray());
    }

    /// <summary>Rewrites the package with fixed entry times and order, so equal content gives equal bytes.</summary>
    private static byte[] Normalise(byte[] package)
    {
        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries.OrderBy(e => e.FullName == "[Content_Types].xml" ? 0 : 1).ThenBy(e => e.FullName, StringComparer.Ordinal))
            {
                var copy = zip.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedEntryTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }

    private static void AddSheet(WorkbookPart workbook, WorkbookSheet sheet)
    {
        var sheets = workbook.Workbook.Sheets!;
        var number = (uint)sheets.Count() + 1;
        var part = workbook.AddNewPart<WorksheetPart>($"rIdSheet{number}");
        var data = new X.SheetData();
        foreach (var values in sheet.Rows)
        {
            var row = new X.Row();
            foreach (var value in values) row.Append(ToCell(value));
            data.Append(row);
        }
        part.Worksheet = new X.Worksheet(data);
        sheets.Append(new X.Sheet { Id = workbook.GetIdOfPart(part), SheetId = number, Name = sheet.Name });
    }

    // Text is always an inline string, never a formula element: a spreadsheet shows "=…" as it is and does not run it.
    private static X.Cell ToCell(object? value) => value switch
    {
        null => new X.Cell(),
        decimal d => Number(d.ToString(CultureInfo.InvariantCulture)),
        double d => Number(d.ToString("R", CultureInfo.InvariantCulture)),
        int or long => Number(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        _ => new X.Cell
        {
            DataType = X.CellValues.InlineString,
            InlineString = new X.InlineString(new X.Text(ExportText.Clean(Convert.ToString(value, CultureInfo.InvariantCulture)!))
            {
                Space = SpaceProcessingModeValues.Preserve,
            }),
        },
    };

    private static X.Cell Number(string text) => new() { DataType = X.CellValues.Number, CellValue = new X.CellValue(text) };
}
