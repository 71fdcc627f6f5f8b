using System.Globalization;
using System.Text;

namespace HaiLong.Api.Infrastructure;

/// <summary>The one CSV writer: every CSV HaiLong hands out (scorecards, open data) is written, and every cell made safe, here.</summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>Comma-separated, CRLF line ends, UTF-8 with a byte-order mark so Excel opens Vietnamese text correctly.</summary>
    public static byte[] Write(IEnumerable<IEnumerable<object?>> rows)
    {
        var sb = new StringBuilder();
        foreach (var row in rows) sb.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    /// <summary>
    /// A number as the invariant culture writes it; anything else is text: characters XML could not carry replaced (the same
    /// rule as the workbooks), a formula defused, and quoted when it holds a separator, a quote or a line break.
    /// </summary>
    public static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            double or float or decimal or int or long => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
            _ => ExportText.DefuseFormula(ExportText.Clean(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }
}
