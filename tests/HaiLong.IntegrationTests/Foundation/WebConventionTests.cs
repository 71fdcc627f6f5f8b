using System.IO.Compression;
using System.Net.Http.Headers;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>What browsers, crawlers and proxies expect: an icon, robots.txt, a page description, HEAD, compression.</summary>
public sealed class WebConventionTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static readonly string PublicPage = $"/cong-khai/{DemoWorld.WardACode}";
    private static readonly string OpenData = $"/cong-khai/{DemoWorld.WardACode}/du-lieu.csv";

    [Fact]
    public async Task The_favicon_is_a_real_icon_that_browsers_may_cache()
    {
        var client = app.AnonymousClient();

        var ico = await client.GetAsync("/favicon.ico");
        var svg = await client.GetAsync("/favicon.svg");

        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.Equal("image/x-icon", ico.Content.Headers.ContentType?.MediaType);
        var bytes = await ico.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0, 1, 0 }, bytes[..6]); // an ICO header holding one image
        Assert.Equal(32, bytes[6]);
        Assert.True(ico.Headers.CacheControl is { Public: true, MaxAge: { } age } && age >= TimeSpan.FromDays(1), $"Cache-Control: {ico.Headers.CacheControl}");
        Assert.NotNull(ico.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await svg.Content.ReadAsStringAsync());

        var again = new HttpRequestMessage(HttpMethod.Get, "/favicon.ico");
        again.Headers.IfNoneMatch.Add(ico.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("/cong-khai/92001", true)]
    [InlineData("/cong-khai/92001/du-lieu.csv", true)]
    [InlineData("/staff", false)]
    [InlineData("/staff/login", false)]
    [InlineData("/api/procedures", false)]
    [InlineData("/s/abcdef", false)]
    [InlineData("/c", false)]
    [InlineData("/c/new", false)]
    [InlineData("/c/HL-ABC-123", false)]
    [InlineData("/hangfire", false)]
    [InlineData("/scalar", false)]
    [InlineData("/scalar/v1", false)]
    public async Task Robots_txt_lets_crawlers_index_the_published_results_and_nothing_personal(string path, bool allowed)
    {
        var response = await app.AnonymousClient().GetAsync("/robots.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var rules = (await response.Content.ReadAsStringAsync()).Split('\n')
            .Select(l => l.Trim()).Where(l => l.StartsWith("Allow:") || l.StartsWith("Disallow:"))
            .Select(l => (Allow: l.StartsWith("Allow:"), Pattern: l[(l.IndexOf(':') + 1)..].Trim()))
            .ToList();
        Assert.Equal(allowed, IsAllowed(rules, path));
    }

    [Fact]
    public async Task Public_pages_and_citizen_forms_describe_themselves_and_name_the_icon()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-META-001");
        var client = app.AnonymousClient();

        foreach (var path in new[] { PublicPage, $"/s/{issued.Token}", $"/s/{issued.Token}?lang=en", $"/c/new?unit={DemoWorld.WardACode}", "/c" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var html = await response.Content.ReadAsStringAsync();
            var description = Regex.Match(html, "<meta name=\"description\" content=\"([^\"]*)\"\\s*/?>");
            Assert.True(description.Success, $"{path} has no meta description");
            Assert.True(description.Groups[1].Value.Length >= 50, $"{path}: description too short to say anything: {description.Groups[1].Value}");
            Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">", html);
        }
        var publicHtml = await client.GetStringAsync(PublicPage);
        var publicDescription = WebUtility.HtmlDecode(Regex.Match(publicHtml, "<meta name=\"description\" content=\"([^\"]*)\"\\s*/?>").Groups[1].Value);
        Assert.StartsWith("Công khai kết quả — Phường ", publicDescription);
        Assert.Contains("citizens rate", await client.GetStringAsync($"/s/{issued.Token}?lang=en"));
    }

    [Fact]
    public async Task HEAD_answers_wherever_GET_does_with_the_same_headers_and_no_body()
    {
        var anonymous = app.AnonymousClient();
        var staff = await app.ClientAsAsync(DemoUsers.Administrator);

        foreach (var (client, path) in new[] { (anonymous, PublicPage), (anonymous, OpenData), (anonymous, "/favicon.ico"), (anonymous, "/robots.txt"),
                     (anonymous, "/staff/login"), (anonymous, "/openapi/v1.json"), (staff, "/api/auth/me"), (staff, "/api/procedures") })
        {
            var get = await client.GetAsync(path);
            var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

            Assert.True(get.StatusCode == HttpStatusCode.OK, $"GET {path}: {get.StatusCode}");
            Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD {path}: {head.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
            if (path is "/favicon.ico" or "/robots.txt")
            {
                // Only these declare their length; HttpClient computes one from the buffered body for the others.
                Assert.Equal((await get.Content.ReadAsByteArrayAsync()).Length, head.Content.Headers.ContentLength);
            }
            Assert.True((await head.Content.ReadAsByteArrayAsync()).Length == 0, $"HEAD {path} sent a body");
            Assert.Equal("nosniff", string.Join(",", head.Headers.GetValues("X-Content-Type-Options")));
        }
        // A write is not a read: HEAD on a POST-only endpoint is still refused, and refused without a body.
        var post = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/auth/token"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Empty(await post.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task HTML_JSON_and_CSV_are_compressed_when_the_client_accepts_it(string encoding)
    {
        var anonymous = app.AnonymousClient();
        var staff = await app.ClientAsAsync(DemoUsers.Administrator);

        foreach (var (client, path, mediaType) in new[]
                 {
                     (anonymous, PublicPage, "text/html"), (anonymous, OpenData, "text/csv"), (anonymous, "/openapi/v1.json", "application/json"),
                     (staff, "/api/procedures", "application/json"), (anonymous, "/api/auth/me", "application/problem+json"),
                 })
        {
            var plain = await client.GetAsync(path);
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var compressed = await client.SendAsync(request);

            Assert.Equal(plain.StatusCode, compressed.StatusCode);
            Assert.Equal(mediaType, compressed.Content.Headers.ContentType?.MediaType);
            Assert.True(plain.Content.Headers.ContentEncoding.Count == 0, $"{path} compressed without Accept-Encoding");
            Assert.True(compressed.Content.Headers.ContentEncoding.SequenceEqual([encoding]), $"{path} with Accept-Encoding: {encoding} came back as " +
                $"'{string.Join(",", compressed.Content.Headers.ContentEncoding)}'");
            Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
            var decompressed = await DecompressAsync(compressed, encoding);
            if (mediaType == "application/problem+json")
            {
                // Each problem carries its own traceId, so only its shape can be compared.
                Assert.Equal(401, JsonDocument.Parse(decompressed).RootElement.GetProperty("status").GetInt32());
            }
            else
            {
                Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), decompressed);
            }
            Assert.Equal("nosniff", string.Join(",", compressed.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task Staff_pages_are_never_compressed_because_they_hold_antiforgery_tokens()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/staff/login");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");

        var response = await app.AnonymousClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"__af\"", await response.Content.ReadAsStringAsync());
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    private static async Task<byte[]> DecompressAsync(HttpResponseMessage response, string encoding)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoder = encoding == "br" ? new BrotliStream(body, CompressionMode.Decompress) : new GZipStream(body, CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await decoder.CopyToAsync(plain);
        return plain.ToArray();
    }

    /// <summary>RFC 9309: the longest matching rule wins, Allow on a tie; "*" matches any run of characters, "$" the end.</summary>
    private static bool IsAllowed(List<(bool Allow, string Pattern)> rules, string path)
    {
        var matching = rules.Where(r => r.Pattern.Length > 0
                && Regex.IsMatch(path, "^" + Regex.Escape(r.Pattern).Replace(@"\*", ".*").Replace(@"\$", "$")))
            .OrderByDescending(r => r.Pattern.Length).ThenByDescending(r => r.Allow)
            .ToList();
        return matching.Count == 0 || matching[0].Allow;
    }

    [Fact]
    public async Task The_api_reference_page_names_no_outside_host()
    {
        var html = await app.CreateClient().GetStringAsync("/scalar");
        var outside = System.Text.RegularExpressions.Regex.Matches(html, """(?:src|href)="(https?://[^"]+)"|url\((https?://[^)]+)\)|https://fonts\.[a-z.]+""")
            .Select(m => m.Value).ToList();
        Assert.True(outside.Count == 0, string.Join(", ", outside));
        Assert.DoesNotContain("fonts.scalar.com", html);
    }
}
