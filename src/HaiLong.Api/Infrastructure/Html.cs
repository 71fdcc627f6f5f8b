using System.Net;
using System.Text;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// Server-rendered pages: small, no external assets, no JavaScript needed. Every piece of text that did not come from
/// this code goes through <see cref="E"/>.
/// </summary>
public static class Html
{
    public const string BaseCss = """
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#f6f7f9}
        main{max-width:44rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.15rem}
        a{color:#0b57d0}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f9a825;outline-offset:2px}
        header.top{background:#a50e0e;color:#fff;padding:.6rem 1rem}header.top a{color:#fff}
        .card{background:#fff;border:1px solid #d0d4da;border-radius:8px;padding:1rem;margin:0 0 1rem}
        label{display:block;font-weight:600;margin:.5rem 0 .25rem}input[type=text],input[type=password],input[type=number],input[type=date],input[type=datetime-local],select,textarea{width:100%;padding:.6rem;font-size:1rem;border:1px solid #6b7280;border-radius:6px}
        button,.button{display:inline-block;min-height:44px;padding:.6rem 1.2rem;font-size:1rem;font-weight:600;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer;text-decoration:none}
        .error{color:#b3261e;font-weight:600}.muted{color:#4b5563}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e5e7eb}
        nav.crumbs{font-size:.9rem;margin-bottom:.5rem}
        """;

    internal static string DefaultDescription(string title, string lang) => lang == "en"
        ? $"{title}. HaiLong: citizens rate the public services of their ward and its officials; the results are published."
        : $"{title}. HaiLong: người dân đánh giá mức độ hài lòng với dịch vụ hành chính công của phường, xã và cán bộ; kết quả được công khai.";

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static IResult Page(string title, string body, string lang = "vi", int status = StatusCodes.Status200OK, string? extraCss = null,
        string? header = null, string? description = null) =>
        Results.Content(Document(title, body, lang, extraCss, header, description), "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>A whole page. Without a <paramref name="description"/>, search engines and link previews get the title and what HaiLong is.</summary>
    public static string Document(string title, string body, string lang = "vi", string? extraCss = null, string? header = null,
        string? description = null) =>
        $"""
        <!doctype html>
        <html lang="{lang}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <meta name="description" content="{E(description ?? DefaultDescription(title, lang))}">
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <link rel="icon" href="/favicon.ico" sizes="32x32">
        <style>{BaseCss}{extraCss}</style>
        </head>
        <body>
        {header ?? ""}<main id="main">
        {body}
        </main>
        </body>
        </html>
        """;
}
