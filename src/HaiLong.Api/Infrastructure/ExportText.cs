using System.Text;
using System.Xml;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// What any stored text must go through before it leaves HaiLong in a file (<see cref="Workbook"/>, <see cref="Csv"/>).
/// The input boundary refuses these characters, but rows stored before it, or written by a path it does not guard, must
/// never make an export fail for everyone.
/// </summary>
public static class ExportText
{
    /// <summary>
    /// Every character XML 1.0 cannot carry (NUL and the other C0 controls except tab, LF and CR; U+FFFE, U+FFFF; a surrogate
    /// without its partner) becomes U+FFFD. Replaced rather than dropped, so a reader sees that something was there and two
    /// words are not glued together. Surrogate pairs (emoji) are kept whole. The same rule for CSV, so both formats agree.
    /// </summary>
    public static string Clean(string text)
    {
        var first = FirstUnsafe(text);
        if (first < 0) return text;
        var safe = new StringBuilder(text.Length).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            if (IsPair(text, i))
            {
                safe.Append(text, i, 2);
                i++;
            }
            else
            {
                safe.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }
        return safe.ToString();
    }

    /// <summary>
    /// A text a spreadsheet would run as a formula when it opens a CSV (OWASP's list: = + - @ and a leading tab or CR) gets a
    /// leading apostrophe, which the spreadsheet shows as text. Not for XLSX: a workbook's text is an inline string, never a
    /// formula, and an apostrophe there would be part of the value.
    /// </summary>
    public static string DefuseFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsPair(text, i)) i++;
            else if (!XmlConvert.IsXmlChar(text[i])) return i;
        }
        return -1;
    }

    private static bool IsPair(string text, int i) => i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]);
}
