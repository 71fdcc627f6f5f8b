using HaiLong.TestSupport;

namespace HaiLong.UnitTests.Composition;

/// <summary>
/// No source line is longer than .editorconfig's <c>max_line_length</c> (160): a line that does not fit a side-by-side diff
/// hides what changed in it. Generated EF migrations are left as EF writes them (they are regenerated, never edited).
/// Counted in characters, as an editor counts them — Vietnamese letters are one character each however many UTF-8 bytes.
/// </summary>
public sealed class LineLengthTests
{
    private const int MaxLineLength = 160;
    private static readonly string[] Extensions = [".cs", ".razor", ".css", ".js", ".sh"];
    private static readonly string[] Folders = ["src", "tests", "bench", "migrations", ".ci"];

    [Fact]
    public void No_source_line_is_longer_than_the_editorconfig_limit()
    {
        var offenders = Folders.Select(f => Repository.Path(f)).Where(Directory.Exists)
            .SelectMany(folder => Repository.SourceLines(folder, Extensions)
                .Select(l => (File: Path.Combine(Path.GetFileName(folder), l.File), l.Line, l.Text)))
            .Where(l => !IsGeneratedMigration(l.File) && l.Text.Length > MaxLineLength)
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Length} characters")
            .ToList();
        Assert.True(offenders.Count == 0, $"{offenders.Count} lines are longer than {MaxLineLength} characters:\n"
            + string.Join('\n', offenders.Take(60)));
    }

    [Fact]
    public void The_limit_is_the_one_editorconfig_sets()
    {
        var editorConfig = File.ReadAllLines(Repository.Path(".editorconfig"));
        Assert.Contains($"max_line_length = {MaxLineLength}", editorConfig);
    }

    private static bool IsGeneratedMigration(string file) =>
        file.Replace('\\', '/').Contains("/Migrations/", StringComparison.Ordinal);
}
