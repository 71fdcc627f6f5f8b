using System.IO.Compression;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// What browsers, crawlers and proxies expect of any web site: an icon, robots.txt, HEAD wherever GET is served, and
/// compressed text.
/// </summary>
public static class WebConventions
{
    /// <summary>
    /// The icon's source (Infrastructure/favicon.svg, embedded); <see cref="FaviconIco"/> is a 32×32 PNG rendering of it inside an ICO container.
    /// </summary>
    private static readonly ReadOnlyMemory<byte> FaviconSvgBytes = ReadEmbedded("favicon.svg");

    /// <summary>Old browsers and bookmark tools still ask for /favicon.ico whatever the page links to.</summary>
    private static readonly ReadOnlyMemory<byte> FaviconIco = ReadEmbedded("favicon.ico");

    private static byte[] ReadEmbedded(string name)
    {
        var assembly = typeof(WebConventions).Assembly;
        using var stream =
            assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal)))!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Only the published results are for search engines. Survey (/s/) and case (/c/) links carry personal tokens and
    /// tracking codes; "/c$" closes the lookup form without also closing /cong-khai/, which a bare "/c" prefix would.
    /// </summary>
    public const string RobotsTxt = """
        User-agent: *
        Allow: /cong-khai/
        Disallow: /staff
        Disallow: /api
        Disallow: /s/
        Disallow: /c/
        Disallow: /c$
        Disallow: /hangfire
        Disallow: /scalar
        Disallow: /openapi
        Disallow: /health

        """;

    public static IServiceCollection AddHaiLongWebConventions(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // Over HTTPS compression can leak a secret that sits in a body beside attacker-chosen text (BREACH). The pages
            // that hold secrets worth stealing (staff pages, with antiforgery tokens and personal data) are never compressed:
            // see UseHaiLongCompression. Everything else either holds no secret (public results, open data, CSS-only pages)
            // or is reachable only with a secret the attacker would already need (a survey or case link), and API answers
            // are read with a bearer token or a SameSite=Strict cookie, which a cross-site request never carries.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json", "text/csv", "image/svg+xml"]);
        });
        // Pages and exports are built per request; the fastest levels already take most of the gain at a fraction of the CPU.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Compresses every response except those of the staff pages and the jobs dashboard (see the BREACH note above).</summary>
    public static IApplicationBuilder UseHaiLongCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => !IsSignedInArea(context.Request.Path), branch => branch.UseResponseCompression());

    private static bool IsSignedInArea(PathString path) => path.StartsWithSegments("/staff") || path.StartsWithSegments("/hangfire");

    /// <summary>
    /// Answers HEAD with what GET would answer, without the body. Routing alone would refuse HEAD with 405 on every GET
    /// endpoint, and adding HEAD to each endpoint's methods would also put a HEAD twin of every operation into the OpenAPI
    /// document. It runs first, so that error pages written further in are dropped too.
    /// </summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Features.Set<IHttpResponseBodyFeature>(new DiscardedBody(body));
        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
            context.Features.Set(body);
        }
    });

    public static IEndpointRouteBuilder MapWebConventions(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("").ExcludeFromDescription().AllowAnonymous();
        files.MapGet("/favicon.ico", () => Static(FaviconIco, "image/x-icon", TimeSpan.FromDays(7)));
        files.MapGet("/favicon.svg", () => Static(FaviconSvgBytes, "image/svg+xml", TimeSpan.FromDays(7)));
        files.MapGet("/robots.txt", () => Static(System.Text.Encoding.UTF8.GetBytes(RobotsTxt), "text/plain; charset=utf-8", TimeSpan.FromDays(1)));
        return app;
    }

    private static IResult Static(ReadOnlyMemory<byte> content, string contentType, TimeSpan maxAge)
    {
        // The content changes only with a new build: an ETag of its bytes lets a browser revalidate with a 304.
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content.Span))[..16]}\"");
        return new CachedBytes(TypedResults.Bytes(content, contentType, entityTag: etag), maxAge);
    }

    private sealed class CachedBytes(IResult inner, TimeSpan maxAge) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";
            return inner.ExecuteAsync(context);
        }
    }

    /// <summary>Lets headers through and drops every byte of the body, so HEAD's headers are exactly GET's.</summary>
    private sealed class DiscardedBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
    {
        private PipeWriter? _writer;

        public Stream Stream => Stream.Null;

        public PipeWriter Writer => _writer ??= PipeWriter.Create(Stream.Null);

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => inner.CompleteAsync();
    }
}
