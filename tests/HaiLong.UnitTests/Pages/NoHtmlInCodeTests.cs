using System.Text.RegularExpressions;
using HaiLong.TestSupport;

namespace HaiLong.UnitTests.Pages;

/// <summary>
/// Pages are Razor components: the framework encodes every value, so no page is safe only because its author remembered to
/// escape. This lists every C# file under src/ that still builds markup in a string or calls the old escape helper.
/// </summary>
public sealed partial class NoHtmlInCodeTests
{
    [Fact]
    public void No_markup_is_built_in_csharp_strings()
    {
        var offenders = Repository.SourceLines(Repository.Path("src"), ".cs")
            .Select(l => (l.File, l.Line, Text: l.Text.TrimStart()))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal))
            .Where(l => l.Text.Contains("Html.E(", StringComparison.Ordinal) || Tag().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text[..Math.Min(l.Text.Length, 100)]}")
            .ToList();
        Assert.True(offenders.Count == 0, $"{offenders.Count} lines build markup in C#:\n" + string.Join('\n', offenders.Take(60)));
    }

    // An HTML or SVG start tag inside code: the markup of a page, which belongs in a .razor component.
    [GeneratedRegex("""
        <(?:!doctype|html|head|body|main|div|p|h[1-6]|form|input|label|table|thead|tbody|tr|td|th|a|span|ul|ol|li|fieldset
        |legend|select|option|textarea|button|section|header|footer|nav|strong|em|dl|dt|dd|meta|link|style
        |svg|path|rect|line|polyline|circle|g|text|title)[\s>/]
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Tag();
}
