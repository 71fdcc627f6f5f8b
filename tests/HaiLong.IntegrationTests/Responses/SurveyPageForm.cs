namespace HaiLong.IntegrationTests.Responses;

/// <summary>What a browser posts from a survey form page (<c>/s/{token}</c>), and from where it says it posts.</summary>
public static partial class SurveyPageForm
{
    /// <summary>The page's hidden fields, "4" on every 1–5 question and <paramref name="comment"/> if given.</summary>
    public static Dictionary<string, string> Answers(string html, string? comment = null)
    {
        var fields = PageForms.HiddenFields(html);
        foreach (Match m in FourOfFive().Matches(html)) fields[m.Groups[1].Value] = "4";
        if (comment is not null) fields["comment"] = comment;
        return fields;
    }

    /// <summary>
    /// A post of <paramref name="fields"/> to <paramref name="path"/> with the headers a browser adds about where the form was
    /// (<c>Sec-Fetch-Site</c>, <c>Origin</c>); none when both are null, as a script or an old browser sends it.
    /// </summary>
    public static HttpRequestMessage Post(string path, IEnumerable<KeyValuePair<string, string>> fields, string? fetchSite = null,
        string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return request;
    }

    [GeneratedRegex("type=\"radio\" id=\"[^\"]+\" name=\"(q\\d+)\" value=\"4\"")]
    private static partial Regex FourOfFive();
}
