using HaiLong.Api.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HaiLong.UnitTests.Responses;

/// <summary>The survey pages' posts without a token: Sec-Fetch-Site first, Origin for browsers without it, neither passes.</summary>
public sealed class CrossOriginProtectionTests
{
    private static HttpContext Post(string? site, string? origin, string scheme = "http", string host = "ward.example:8080",
        string? publicBaseUrl = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["HaiLong:PublicBaseUrl"] = publicBaseUrl }).Build());
        var http = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        http.Request.Method = "POST";
        http.Request.Scheme = scheme;
        http.Request.Host = new HostString(host);
        if (site is not null) http.Request.Headers["Sec-Fetch-Site"] = site;
        if (origin is not null) http.Request.Headers.Origin = origin;
        return http;
    }

    [Theory]
    [InlineData("same-origin", null, true)]
    [InlineData("none", null, true)]
    [InlineData("Same-Origin", null, true)]
    [InlineData("cross-site", null, false)]
    [InlineData("same-site", null, false)]
    [InlineData("nonsense", null, false)]
    // Sec-Fetch-Site decides when present, whatever Origin says.
    [InlineData("same-origin", "https://evil.example", true)]
    [InlineData("cross-site", "http://ward.example:8080", false)]
    // Without it (a browser from before 2023): Origin must be this site's own scheme, host and port.
    [InlineData(null, "http://ward.example:8080", true)]
    [InlineData(null, "HTTP://WARD.EXAMPLE:8080", true)]
    [InlineData(null, "https://evil.example", false)]
    [InlineData(null, "https://ward.example:8080", false)]
    [InlineData(null, "http://ward.example", false)]
    [InlineData(null, "http://ward.example:8080.evil.example", false)]
    [InlineData(null, "null", false)]
    // Neither: not a browser's cross-site post.
    [InlineData(null, null, true)]
    public void A_post_is_allowed_by_its_fetch_site_else_by_its_origin(string? site, string? origin, bool allowed) =>
        Assert.Equal(allowed, CrossOriginProtection.Allows(Post(site, origin)));

    [Fact]
    public void Behind_the_TLS_proxy_the_configured_public_origin_is_the_sites_own()
    {
        const string proxied = "https://khaosat.phuong.example";

        Assert.False(CrossOriginProtection.Allows(Post(null, proxied, host: "khaosat.phuong.example")));
        Assert.True(CrossOriginProtection.Allows(Post(null, proxied, host: "khaosat.phuong.example", publicBaseUrl: proxied + "/")));
        Assert.False(CrossOriginProtection.Allows(Post(null, "https://evil.example", host: "khaosat.phuong.example", publicBaseUrl: proxied)));
        Assert.False(CrossOriginProtection.Allows(Post("cross-site", proxied, host: "khaosat.phuong.example", publicBaseUrl: proxied)));
    }

    [Fact]
    public void Two_fetch_site_or_origin_values_are_refused()
    {
        var site = Post(null, null);
        site.Request.Headers["Sec-Fetch-Site"] = new Microsoft.Extensions.Primitives.StringValues(["same-origin", "cross-site"]);
        var origin = Post(null, null);
        origin.Request.Headers.Origin = new Microsoft.Extensions.Primitives.StringValues(["http://ward.example:8080", "https://evil.example"]);

        Assert.False(CrossOriginProtection.Allows(site));
        Assert.False(CrossOriginProtection.Allows(origin));
    }
}
