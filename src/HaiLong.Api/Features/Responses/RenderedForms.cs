using System.Collections.Concurrent;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.ResponseCompression;

namespace HaiLong.Api.Features.Responses;

/// <summary>
/// A standing QR's form page kept as bytes. The page is the same for every viewer of one link in one language — it carries no
/// antiforgery token (its posts are checked by <see cref="Infrastructure.CrossOriginProtection"/>) and its GET sets no
/// cookie — so it is rendered once per cached <see cref="SurveyForm"/> (<see cref="StandingFormCache"/>: kept 5 s, dropped
/// on any change) and language, with its Brotli and gzip forms, and a view is a lookup and a write (BENCHMARKS.md §3).
/// </summary>
public static class RenderedForms
{
    // Keyed by the cached SurveyForm itself: a new form (a change, or the 5 s passing) starts afresh, and the old pages go
    // with the old form.
    private static readonly ConditionalWeakTable<SurveyForm, ConcurrentDictionary<string, Task<RenderedPage>>> Pages = new();

    /// <summary>The page of <paramref name="form"/> in <paramref name="lang"/> if it is rendered already.</summary>
    public static bool TryGet(SurveyForm form, string lang, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RenderedPage? page)
    {
        page = Pages.TryGetValue(form, out var pages) && pages.TryGetValue(lang, out var render) && render.IsCompletedSuccessfully
            ? render.Result
            : null;
        return page is not null;
    }

    /// <summary>The page, rendered by <paramref name="render"/> once for all the views that ask for it at the same time.</summary>
    public static async Task<RenderedPage> GetOrRenderAsync(SurveyForm form, string lang, Func<Task<string>> render)
    {
        var pages = Pages.GetValue(form, _ => new ConcurrentDictionary<string, Task<RenderedPage>>(StringComparer.Ordinal));
        var task = pages.GetOrAdd(lang, _ => RenderPageAsync(render));
        try
        {
            return await task;
        }
        catch
        {
            // A failed render is not remembered: the next view renders again.
            pages.TryRemove(new KeyValuePair<string, Task<RenderedPage>>(lang, task));
            throw;
        }
    }

    private static async Task<RenderedPage> RenderPageAsync(Func<Task<string>> render) =>
        new(System.Text.Encoding.UTF8.GetBytes(await render()));
}

/// <summary>
/// One rendered page, with its Brotli and gzip forms made once (at a better level than the per-request compression of other
/// pages can afford), written as the client's Accept-Encoding allows: the compression middleware leaves a response alone
/// that already has a Content-Encoding.
/// </summary>
public sealed class RenderedPage : IResult
{
    private const string ContentType = "text/html; charset=utf-8";
    private readonly byte[] _plain;
    private readonly byte[] _brotli;
    private readonly byte[] _gzip;

    public RenderedPage(byte[] html)
    {
        _plain = html;
        _brotli = Compress(html, s => new BrotliStream(s, CompressionLevel.Optimal));
        _gzip = Compress(html, s => new GZipStream(s, CompressionLevel.Optimal));
    }

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> encoder)
    {
        using var buffer = new MemoryStream();
        using (var stream = encoder(buffer)) stream.Write(bytes);
        return buffer.ToArray();
    }

    public Task ExecuteAsync(HttpContext http)
    {
        var (body, encoding) = http.Request.Headers.AcceptEncoding.Count == 0
            ? (_plain, null)
            // The app's own choice among the encodings it offers (AddHaiLongWebConventions), as the middleware would make it.
            : http.RequestServices.GetRequiredService<IResponseCompressionProvider>().GetCompressionProvider(http)?.EncodingName switch
            {
                "br" => (_brotli, "br"),
                "gzip" => (_gzip, "gzip"),
                _ => (_plain, (string?)null),
            };
        var response = http.Response;
        var headers = response.Headers;
        headers.ContentType = ContentType;
        headers.CacheControl = ResponsePages.FormCacheControl;
        headers.Vary = "Accept-Encoding";
        if (encoding is not null) headers.ContentEncoding = encoding;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
