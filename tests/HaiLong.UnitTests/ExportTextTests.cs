using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using HaiLong.Api.Infrastructure;

namespace HaiLong.UnitTests;

public sealed class ExportTextTests
{
    private const string Emoji = "😀";

    // Code points, not strings: the test runner's serialisation of theory data need not carry control characters faithfully.
    public static TheoryData<int> ControlsXmlCannotCarry() => [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r'))];

    [Theory]
    [MemberData(nameof(ControlsXmlCannotCarry))]
    public void Every_control_character_but_tab_and_line_breaks_is_replaced(int control)
    {
        Assert.Equal("a\uFFFDb", ExportText.Clean($"a{(char)control}b"));
    }

    [Fact]
    public void Tab_and_line_breaks_stay()
    {
        Assert.Equal("tab\tand\r\nnewline\n", ExportText.Clean("tab\tand\r\nnewline\n"));
    }

    [Fact]
    public void The_two_non_characters_are_replaced_and_the_edges_of_the_allowed_ranges_stay()
    {
        Assert.Equal("\uFFFD\uFFFD", ExportText.Clean("\uFFFE\uFFFF"));
        Assert.Equal("\u0020\u007F\u0085\uD7FF\uE000\uFFFD", ExportText.Clean("\u0020\u007F\u0085\uD7FF\uE000\uFFFD"));
    }

    [Fact]
    public void Surrogate_pairs_survive_whole()
    {
        Assert.Equal($"Nguyễn Thị Ánh {Emoji}{Emoji}", ExportText.Clean($"Nguyễn Thị Ánh {Emoji}{Emoji}"));
        Assert.Equal("\uD800\uDC00\uDBFF\uDFFF", ExportText.Clean("\uD800\uDC00\uDBFF\uDFFF"));
        // Even right after a replaced character.
        Assert.Equal($"\uFFFD{Emoji}", ExportText.Clean($"\u0001{Emoji}"));
    }

    [Fact]
    public void A_lone_surrogate_is_replaced_and_its_neighbours_kept()
    {
        // A table rather than [InlineData]: attribute arguments are stored as UTF-8, which cannot hold a lone surrogate.
        (string Text, string Expected)[] cases =
        [
            ("\uD800", "\uFFFD"),
            ("\uDC00", "\uFFFD"),
            ("a\uD800", "a\uFFFD"),
            ("\uD800a", "\uFFFDa"),
            ("\uDC00\uD800", "\uFFFD\uFFFD"),
            ("\uD800\uD800\uDC00", "\uFFFD\uD800\uDC00"),
            ("\uD83D\uDE00\uDE00", "\uD83D\uDE00\uFFFD"),
        ];
        foreach (var (text, expected) in cases) Assert.Equal(expected, ExportText.Clean(text));
    }

    [Fact]
    public void Clean_text_comes_back_as_the_same_string()
    {
        // Frozen evaluation exports must keep their bytes: clean text passes through untouched.
        var text = $"Phường Cái Răng <b>&amp; {Emoji}\t";
        Assert.Same(text, ExportText.Clean(text));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1")]
    [InlineData("-1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void A_formula_prefix_is_defused_with_an_apostrophe(string text)
    {
        Assert.Equal("'" + text, ExportText.DefuseFormula(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=b")]
    [InlineData(" =1")]
    [InlineData("'=1")]
    [InlineData("Nguyễn Thị Ánh")]
    public void Other_text_is_not_touched_by_the_formula_rule(string text)
    {
        Assert.Equal(text, ExportText.DefuseFormula(text));
    }

    [Fact]
    public void A_csv_cell_is_cleaned_before_the_formula_check_and_numbers_stay_numbers()
    {
        Assert.Equal("'-1", Csv.Cell("-1"));
        Assert.Equal("-1", Csv.Cell(-1L));
        Assert.Equal("-1.5", Csv.Cell(-1.5));
        Assert.Equal("-2.25", Csv.Cell(-2.25m));
        Assert.Equal("", Csv.Cell(null));
        // The replaced control character stays in front, so the text cannot turn into a formula by losing it.
        Assert.Equal("\uFFFD=1+1", Csv.Cell("\u0000=1+1"));
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\")\"", Csv.Cell("=HYPERLINK(\"http://x\")"));
        Assert.Equal("\"tab\tand\r\nnewline, \uFFFD\uFFFD\"", Csv.Cell("tab\tand\r\nnewline, \uFFFF\uD800"));
        Assert.Equal($"<script>&amp;{Emoji}", Csv.Cell($"<script>&amp;{Emoji}"));
    }

    [Fact]
    public void A_workbook_of_every_nasty_string_is_valid_and_keeps_the_letters()
    {
        string[] nasty =
        [
            "a\u0000b", "\u0001\u0008\u000B\u000C\u001F", "\uFFFE\uFFFF", "x\uD800y", "x\uDC00y", "=HYPERLINK(\"http://x\")", "+1", "-1",
            "@SUM(A1)", "tab\tand\r\nnewline", Emoji, "Nguyễn Thị Ánh", "<script>&amp;",
        ];

        var bytes = Workbook.Xlsx(new WorkbookSheet("Thu", nasty.Select(n => new object?[] { n, 1.5, -2L })), new WorkbookSheet("Hai", [nasty]));

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => e.Description));
        var texts = document.WorkbookPart!.WorksheetParts
            .SelectMany(p => p.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>()).Select(t => t.Text).ToList();
        Assert.Equal(2 * nasty.Length, texts.Count);
        Assert.Equal(2, texts.Count(t => t == "a\uFFFDb"));
        Assert.Contains("\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD", texts);
        Assert.Contains("x\uFFFDy", texts);
        Assert.Contains("=HYPERLINK(\"http://x\")", texts);
        Assert.Contains(Emoji, texts);
        Assert.Contains("Nguyễn Thị Ánh", texts);
        Assert.Contains("<script>&amp;", texts);
        Assert.Equal(bytes, Workbook.Xlsx(new WorkbookSheet("Thu", nasty.Select(n => new object?[] { n, 1.5, -2L })), new WorkbookSheet("Hai", [nasty])));
    }

    [Fact]
    public void A_csv_of_every_nasty_string_is_strict_utf8_with_only_characters_xml_allows()
    {
        var bytes = Csv.Write([["a\u0000b", "x\uD800y", "\uFFFF", "tab\tand\r\nnewline", Emoji]]);

        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.Equal($"a\uFFFDb,x\uFFFDy,\uFFFD,\"tab\tand\r\nnewline\",{Emoji}\r\n", text);
    }
}
