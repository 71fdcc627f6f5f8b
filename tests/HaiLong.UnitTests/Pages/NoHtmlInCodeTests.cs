using System.Text.RegularExpressions;

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
        var src = Path.Combine(RepositoryRoot(), "src");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimStart();
                if (line.StartsWith("//", StringComparison.Ordinal)) continue;
                if (line.Contains("Html.E(", StringComparison.Ordinal) || Tag().IsMatch(line))
                {
                    offenders.Add($"{Path.GetRelativePath(src, file)}:{i + 1}: {line[..Math.Min(line.Length, 100)]}");
                }
            }
        }
        Assert.True(offenders.Count == 0, $"{offenders.Count} lines build markup in C#:\n" + string.Join('\n', offenders.Take(60)));
    }

    // An HTML or SVG start tag inside code: the markup of a page, which belongs in a .razor component.
    [GeneratedRegex("""<(?:!doctype|html|head|body|main|div|p|h[1-6]|form|input|label|table|thead|tbody|tr|td|th|a|span|ul|ol|li|fieldset|legend|select|option|textarea|button|section|header|footer|nav|strong|em|dl|dt|dd|meta|link|style|svg|path|rect|line|polyline|circle|g|text|title)[\s>/]""", RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaiLong.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("HaiLong.sln not found above " + AppContext.BaseDirectory);
    }
}
