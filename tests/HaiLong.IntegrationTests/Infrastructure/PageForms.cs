namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>What a test reads off a rendered page to post its form as a browser would.</summary>
public static partial class PageForms
{
    /// <summary>The antiforgery token of the page's form (field <c>__af</c>), decoded: the page writes it HTML-encoded.</summary>
    public static string AntiforgeryToken(string html) => WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Where the page's post form sends its answers, decoded (it keeps the page's <c>?lang=</c>).</summary>
    public static string PostAction(string html) => WebUtility.HtmlDecode(PostActionAttribute().Match(html).Groups[1].Value);

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\"")]
    private static partial Regex PostActionAttribute();

    /// <summary>The hidden fields a browser posts back unseen (antiforgery token, return marker, unit, language…), decoded.</summary>
    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();
}
