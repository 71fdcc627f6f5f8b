using HaiLong.Api.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HaiLong.UnitTests.Pages;

public sealed class CitizenMessageTests
{
    [Fact]
    public async Task Citizen_text_is_encoded_by_the_framework_and_vietnamese_stays_readable()
    {
        var html = await RenderAsync(new Dictionary<string, object?>
        {
            ["Heading"] = "Rất hài lòng",
            ["Body"] = "<script>alert(\"x\")</script>",
        });

        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("<h1>Rất hài lòng</h1>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>", html);
    }

    private static async Task<string> RenderAsync(Dictionary<string, object?> parameters)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<StyleSheets>()
            // The layout's words (CitizenResources) and the request it takes its language switch from.
            .AddLocalization()
            .AddHttpContextAccessor()
            .AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All))
            .BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<CitizenMessage>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }
}
