namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>What a test reads off a rendered page to post its form as a browser would.</summary>
public static partial class PageForms
{
    /// <summary>The antiforgery token of the page's form (field <c>__af</c>), decoded: the page writes it HTML-encoded.</summary>
    public static string AntiforgeryToken(string html) => WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
