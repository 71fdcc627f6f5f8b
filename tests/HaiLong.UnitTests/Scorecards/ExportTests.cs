using System.Text;
using Microsoft.Extensions.DependencyInjection;
using HaiLong.Api.Features.Scorecards;

namespace HaiLong.UnitTests.Scorecards;

public sealed class ExportTests
{
    [Fact]
    public void Csv_starts_with_a_bom_quotes_separators_and_defuses_formulas()
    {
        var table = new ExportTable("t", ["Cán bộ, công chức", "Số phiếu"],
        [
            ["Nguyễn \"Út\" Văn, A", 3L],
            ["=HYPERLINK(\"http://x\")", 1.5],
            [null, null],
        ]);

        var bytes = ScorecardExports.Csv(table);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal("\"Cán bộ, công chức\",Số phiếu", lines[0]);
        Assert.Equal("\"Nguyễn \"\"Út\"\" Văn, A\",3", lines[1]);
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\")\",1.5", lines[2]);
        Assert.Equal(",", lines[3]);
    }

    [Fact]
    public async Task The_trend_chart_escapes_its_title_and_breaks_the_line_at_months_without_enough_answers()
    {
        var months = new[]
        {
            new TrendPoint(new DateOnly(2026, 1, 1), 40, 0.8, 4.1, true),
            new TrendPoint(new DateOnly(2026, 2, 1), 45, 0.7, 3.9, true),
            new TrendPoint(new DateOnly(2026, 3, 1), 3, null, null, false),
            new TrendPoint(new DateOnly(2026, 4, 1), 50, 0.9, 4.5, true),
        };

        var svg = await RenderAsync<TrendChart>(new Dictionary<string, object?> { ["Months"] = months, ["Title"] = "<b>Phường</b>" });

        Assert.StartsWith("<svg", svg);
        Assert.Contains("&lt;b&gt;Phường&lt;/b&gt;", svg);
        // One line for January–February; April stands alone after the gap.
        Assert.Equal(1, svg.Split("<polyline").Length - 1);
        Assert.Contains("chưa đủ số phiếu (n = 3)", svg);
        Assert.Contains("theo tháng; điểm rỗng: chưa đủ số phiếu</text>", svg); // the legend, from StaffResources
    }

    /// <summary>A component rendered as the app renders it: static HTML, Vietnamese written as itself.</summary>
    private static async Task<string> RenderAsync<T>(Dictionary<string, object?> parameters) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddLogging()
            .AddLocalization()
            .AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All))
            .BuildServiceProvider();
        var loggers = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(services);
        await using var renderer = new Microsoft.AspNetCore.Components.Web.HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(Microsoft.AspNetCore.Components.ParameterView.FromDictionary(parameters))).ToHtmlString());
    }
}
