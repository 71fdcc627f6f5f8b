using System.Reflection;
using System.Security.Cryptography;

namespace HaiLong.Api.Components;

/// <summary>
/// One stylesheet per layout, compiled into the assembly and served as a static file whose name carries a hash of its
/// content (<c>/css/citizen.3f2a9c1d7e.css</c>), so browsers and proxies may keep it for a year and a changed file is a new URL.
/// </summary>
public sealed class StyleSheets
{
    private readonly Dictionary<string, (string Href, byte[] Content)> _byName = new();
    private readonly Dictionary<string, byte[]> _byFile = new();

    public StyleSheets()
    {
        var assembly = typeof(StyleSheets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".css", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            // HaiLong.Api.Components.citizen.css → citizen
            var name = Path.GetFileNameWithoutExtension(resource).Split('.')[^1];
            var file = $"{name}.{Convert.ToHexStringLower(SHA256.HashData(content))[..10]}.css";
            _byName[name] = ($"/css/{file}", content);
            _byFile[file] = content;
        }
    }

    /// <summary>The fingerprinted address of a layout's stylesheet (citizen, staff).</summary>
    public string Href(string name) => _byName[name].Href;

    internal IReadOnlyDictionary<string, byte[]> Files => _byFile;
}

public static class StyleSheetEndpoints
{
    public static IEndpointRouteBuilder MapStyleSheets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/css/{file}", (string file, StyleSheets sheets, HttpContext http) =>
        {
            if (!sheets.Files.TryGetValue(file, out var content)) return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Bytes(content, "text/css; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
