namespace HaiLong.IntegrationTests.Disclosure;

/// <summary>
/// The ward's public results and the filing form in Debian's Chromium on a 390 px phone and a 1280 px desktop: no serious or
/// critical axe finding, the results table stacked into cards on the phone (nothing clipped, no sideways scrolling), the
/// case-type radios on one line with their labels.
/// </summary>
public sealed class PublicPagesBrowserTests(CitizenBrowser browser) : IClassFixture<CitizenBrowser>
{
    public static readonly TheoryData<int, int> Sizes = new() { { 390, 844 }, { 1280, 800 } };

    private async Task<IPage> OpenAsync(int width, int height, string path)
    {
        var context = await browser.NewContextAsync(width, height);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        return page;
    }

    private static async Task<int> HorizontalOverflowAsync(IPage page) =>
        await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_public_results_page_passes_axe_and_shows_every_cell_without_clipping(int width, int height)
    {
        await ScorecardWorld.OncePerClassAsync(browser.App);
        var page = await OpenAsync(width, height, $"/cong-khai/{DemoWorld.WardACode}");

        var violations = await CitizenBrowser.SeriousViolationsAsync(page);
        Assert.True(violations.Length == 0, string.Join("\n", violations));
        Assert.Equal(0, await HorizontalOverflowAsync(page));
        // Every cell lies inside the viewport and its card: nothing is hidden off to the right.
        var cells = JsonSerializer.Deserialize<double[][]>(await page.EvaluateAsync<string>("""
            () => JSON.stringify([...document.querySelectorAll('#results tbody th, #results tbody td')].map(c => {
              const r = c.getBoundingClientRect(); return [r.left, r.right, r.width]; }))
            """))!;
        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.True(c[0] >= 0 && c[1] <= width && c[2] > 0, $"a cell at {c[0]}–{c[1]} px in a {width} px viewport"));
        Assert.Contains("n = ", await page.InnerTextAsync("#results"));
        if (width < 600)
        {
            // Stacked: each cell is a row of its card, its column's name (data-label) beside the value.
            Assert.Equal("block", await page.EvalOnSelectorAsync<string>("#results tbody tr", "r => getComputedStyle(r).display"));
            Assert.Equal("Quý 1", (await page.EvalOnSelectorAsync<string>("#results tbody td", "c => getComputedStyle(c, '::before').content")).Trim('"')[..5]);
            Assert.True(cells.Max(c => c[2]) > width / 2.0, "the cells are not stacked into cards as wide as the screen");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_filing_form_passes_axe_and_keeps_each_case_type_radio_on_one_line_with_its_label(int width, int height)
    {
        var page = await OpenAsync(width, height, $"/c/new?unit={DemoWorld.WardACode}");

        var violations = await CitizenBrowser.SeriousViolationsAsync(page);
        Assert.True(violations.Length == 0, string.Join("\n", violations));
        Assert.Equal(0, await HorizontalOverflowAsync(page));
        var labels = JsonSerializer.Deserialize<JsonElement[]>(await page.EvaluateAsync<string>("""
            () => JSON.stringify([...document.querySelectorAll('input[name=type]')].map(i => {
              const l = i.closest('label'); if (!l) return { text: i.value, wrapped: false };
              const r = l.getBoundingClientRect(), b = i.getBoundingClientRect();
              const tops = new Set();
              for (const n of [...l.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim())) {
                const range = document.createRange(); range.selectNodeContents(n);
                for (const x of range.getClientRects()) tops.add(Math.round(x.top));
              }
              return { text: l.textContent.trim(), wrapped: true, lines: tops.size,
                inside: b.left >= r.left && b.right <= r.right && b.top >= r.top && b.bottom <= r.bottom, right: r.right };
            }))
            """))!;
        Assert.Equal(4, labels.Length);
        foreach (var l in labels)
        {
            var text = l.GetProperty("text").GetString();
            Assert.True(l.GetProperty("wrapped").GetBoolean(), $"the radio {text} is not inside its label");
            Assert.True(l.GetProperty("inside").GetBoolean(), $"the radio of {text} lies outside its label's box");
            Assert.True(l.GetProperty("lines").GetInt32() == 1, $"the label {text} wraps onto {l.GetProperty("lines").GetInt32()} lines");
            Assert.True(l.GetProperty("right").GetDouble() <= width, $"the label {text} ends at {l.GetProperty("right").GetDouble()} px");
        }
    }
}
