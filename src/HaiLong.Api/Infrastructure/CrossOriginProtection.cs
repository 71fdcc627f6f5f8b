namespace HaiLong.Api.Infrastructure;

/// <summary>
/// Refuses a browser's cross-origin form post without a token, the way Go 1.25's <c>net/http.CrossOriginProtection</c> does
/// (Filippo Valsorda, "Cross-Site Request Forgery", 2025). Every browser since 2023 says in <c>Sec-Fetch-Site</c> where a
/// request comes from, and a page cannot set that header; older ones send <c>Origin</c> with a POST. A request with neither
/// is not a browser's cross-site post (a script or an app, which could as well fetch a token first, or use the JSON API).
/// </summary>
/// <remarks>
/// Why the citizen survey pages (<c>/s</c>) use this instead of antiforgery tokens: a token pair cost every view of a form two
/// DataProtection encryptions and a cookie, and it kept a standing QR's form from being the same bytes for every citizen, so the
/// page could not be served from memory (BENCHMARKS.md §3, issue 20). A forged post would cast a rating from the victim's phone
/// and address, which the device window and the burst signals trust; this check keeps that out as the token did.
/// Staff pages and the other citizen forms keep <c>&lt;AntiforgeryToken/&gt;</c> (STYLE.md): they are rendered per request anyway.
/// </remarks>
public static class CrossOriginProtection
{
    /// <summary>
    /// Whether <paramref name="http"/> may change something: its <c>Sec-Fetch-Site</c> is <c>same-origin</c> or <c>none</c>
    /// (typed or bookmarked); without that header, its <c>Origin</c> is absent or this site's own.
    /// </summary>
    public static bool Allows(HttpContext http)
    {
        var request = http.Request;
        if (request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site)
        {
            // "same-site" is refused too: a sibling host under the same domain may be someone else's.
            return site.Count == 1 && (string.Equals(site[0], "same-origin", StringComparison.OrdinalIgnoreCase)
                || string.Equals(site[0], "none", StringComparison.OrdinalIgnoreCase));
        }
        if (request.Headers.Origin is not { Count: > 0 } origin) return true;
        if (origin.Count != 1) return false;
        var own = $"{request.Scheme}://{request.Host}";
        if (string.Equals(origin[0], own, StringComparison.OrdinalIgnoreCase)) return true;
        // Behind the TLS proxy of docs/deployment.md the app sees http://; the site's public origin is its own too.
        return http.RequestServices.GetRequiredService<IConfiguration>()["HaiLong:PublicBaseUrl"] is { Length: > 0 } configured
            && Uri.TryCreate(configured, UriKind.Absolute, out var publicSite)
            && string.Equals(origin[0], publicSite.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }
}
