using System.Text.RegularExpressions;
using HaiLong.TestSupport;

namespace HaiLong.UnitTests.Pages;

/// <summary>
/// Every word a page shows comes from a resource file (staff pages: <c>StaffResources.resx</c>; citizen pages:
/// <c>CitizenResources.resx</c> and its English satellite), never from a literal in a component. Vietnamese text is the sign
/// of a word left behind: this lists every line of a <c>.razor</c> file under src/ that holds a letter with a Vietnamese
/// diacritic or đ outside a comment — in a text node, an attribute value or a C# string of the component alike.
/// </summary>
public sealed partial class NoTextInComponentsTests
{
    [Fact]
    public void No_component_holds_Vietnamese_text_outside_its_resources()
    {
        var src = Repository.Path("src");
        var files = Repository.SourceFiles(src, ".razor").ToList();
        Assert.NotEmpty(files);
        var offenders = files
            .SelectMany(file => Offenders(File.ReadAllText(file)).Select(o => $"{Path.GetRelativePath(src, file)}:{o.Line}: {o.Text}"))
            .ToList();
        Assert.True(offenders.Count == 0,
            $"{offenders.Count} lines of components hold Vietnamese text; move it to StaffResources.resx or CitizenResources.resx"
            + " and read it with L[\"Key\"]:\n"
            + string.Join('\n', offenders.Take(80)));
    }

    [Fact]
    public void The_check_finds_text_nodes_attributes_and_strings_but_not_comments_or_resource_lookups()
    {
        const string component = """
            @* Một chú thích: không sao. *@
            <StaffLayout Title="Bảng điểm">
            <h1>@L["Scorecards_Heading"]</h1>
            <p>Chưa có góp ý.</p>
            <input aria-label="@L["Layout_Areas"]" placeholder="Tìm kiếm">
            @code {
                // Chú thích trong mã: không sao.
                private string Status => "Đã khóa";
            }
            """;

        var lines = Offenders(component).Select(o => o.Line).ToList();

        Assert.Equal([2, 4, 5, 8], lines);
    }

    [Fact]
    public void Every_staff_text_key_the_code_names_is_in_StaffResources()
    {
        // A missing key would show its own name on the page, silently: every "Page_Text" literal in a file that reads
        // StaffResources (a component, a handler, a StaffLink registration) must be a key of the resource, and every value
        // of the enums whose words are looked up by name.
        var src = Repository.Path("src");
        var resx = System.Xml.Linq.XDocument.Load(Path.Combine(src, "HaiLong.Api", "Components", "StaffResources.resx"));
        var keys = resx.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var missing = new List<string>();
        foreach (var file in Repository.SourceFiles(src, ".razor", ".cs"))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains("StaffResources", StringComparison.Ordinal) && !text.Contains("AddStaffLink(", StringComparison.Ordinal)) continue;
            foreach (Match m in KeyLiteral().Matches(text))
            {
                if (!keys.Contains(m.Groups[1].Value)) missing.Add($"{Path.GetRelativePath(src, file)}: {m.Groups[1].Value}");
            }
        }
        missing.AddRange(Enum.GetNames<HaiLong.Data.Entities.EvaluationStatus>().Select(n => $"EvaluationStatus_{n}").Where(k => !keys.Contains(k)));
        missing.AddRange(Enum.GetNames<HaiLong.Data.Entities.UnitLevel>().Select(n => $"UnitLevel_{n}").Where(k => !keys.Contains(k)));
        Assert.True(missing.Count == 0, "Not in StaffResources.resx:\n" + string.Join('\n', missing));
        Assert.True(keys.Count > 300, $"{keys.Count} keys");
    }

    // A staff text key: "Page_Text" (the citizen resource's keys use dots, "Filing.Title").
    [GeneratedRegex("\"([A-Z][A-Za-z0-9]*_[A-Z][A-Za-z0-9]*)\"")]
    private static partial Regex KeyLiteral();

    /// <summary>The lines (1-based) holding Vietnamese letters once Razor comments (<c>@* … *@</c>) and C# line comments are
    /// blanked out; a comment keeps its line breaks, so the numbers stay those of the file.</summary>
    internal static IEnumerable<(int Line, string Text)> Offenders(string razor)
    {
        var code = RazorComment().Replace(razor, m => new string('\n', m.Value.Count(c => c == '\n')));
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = LineComment().Replace(lines[i], "");
            if (Vietnamese().IsMatch(line)) yield return (i + 1, line.Trim()[..Math.Min(line.Trim().Length, 100)]);
        }
    }

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    // A C# comment on its own line (or a doc comment) in an @code block; "//" inside a URL is not one.
    [GeneratedRegex(@"^\s*//.*$")]
    private static partial Regex LineComment();

    // The letters Vietnamese adds to ASCII: đ/Đ, and the vowels with breve, circumflex, horn and tone marks
    // (Latin-1 À–ỹ ranges that English text never uses; «, », —, ‹, › and the like are not letters and pass).
    [GeneratedRegex(@"[đĐàáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝăĂĩĨũŨơƠưƯ\u1EA0-\u1EF9]")]
    private static partial Regex Vietnamese();
}
