using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace HaiLong.Api.Components;

/// <summary>The words of every citizen page (layout, landing page, case filing and lookup, public results, messages), Vietnamese
/// in <c>CitizenResources.resx</c> (the neutral culture) and English in <c>CitizenResources.en.resx</c>; read through
/// <c>IStringLocalizer&lt;CitizenResources&gt;</c>.</summary>
public sealed class CitizenResources;

/// <summary>
/// The citizen pages' language: <c>?lang=en</c> or <c>?lang=vi</c>, else the browser's <c>Accept-Language</c>, else Vietnamese.
/// Only citizen pages (<see cref="CitizenPageMetadata"/>) and the landing page take it; staff pages, the API and the exports keep
/// the process's culture, so their numbers and dates never change with a browser's language.
/// </summary>
public static class CitizenLanguage
{
    public const string QueryKey = "lang";
    private static readonly IReadOnlyList<CultureInfo> Cultures = [CultureInfo.ReadOnly(new CultureInfo("vi")), CultureInfo.ReadOnly(new CultureInfo("en"))];

    /// <summary>Marks an endpoint outside the citizen groups (the landing page) as taking the citizen's language.</summary>
    public sealed class Metadata
    {
        public static readonly Metadata Instance = new();
    }

    public static TBuilder WithCitizenLanguage<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Metadata.Instance);

    /// <summary>After routing: sets the current (UI) culture of a citizen page's request.</summary>
    public static IApplicationBuilder UseCitizenLanguage(this IApplicationBuilder app)
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("vi"),
            SupportedCultures = [.. Cultures],
            SupportedUICultures = [.. Cultures],
            // A browser asking for en-US or vi-VN gets en or vi.
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
            ApplyCurrentCultureToResponseHeaders = true,
            RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = QueryKey, UIQueryStringKey = QueryKey },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ],
        };
        return app.UseWhen(
            http => http.GetEndpoint()?.Metadata is { } m && (m.GetMetadata<CitizenPageMetadata>() is not null || m.GetMetadata<Metadata>() is not null),
            branch => branch
                .Use((http, next) =>
                {
                    // The same URL answers in the browser's language: a shared cache must keep one copy per language.
                    http.Response.Headers.Append("Vary", "Accept-Language");
                    return next(http);
                })
                .UseRequestLocalization(options));
    }

    /// <summary>The current request's citizen language: "en" or "vi".</summary>
    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "vi";

    public static bool IsEnglish => Current == "en";

    /// <summary>A link (or a form's action, or a redirect) to another citizen page in the current language: <c>?lang=en</c>
    /// added in English; in Vietnamese the URL unchanged, unless this request chose Vietnamese with <c>?lang=</c> (an English
    /// browser that switched keeps Vietnamese on the next page).</summary>
    public static string Link(string url)
    {
        if (IsEnglish) return WithLang(url, "en");
        // HttpContextAccessor keeps the request in a static AsyncLocal: any instance sees the current request.
        return new HttpContextAccessor().HttpContext?.Request.Query.ContainsKey(QueryKey) == true ? WithLang(url, "vi") : url;
    }

    /// <summary>The URL with its <c>lang</c> query value set to <paramref name="lang"/> (any other query kept).</summary>
    public static string WithLang(string url, string lang)
    {
        var q = url.IndexOf('?');
        var path = q < 0 ? url : url[..q];
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(q < 0 ? "" : url[q..]);
        var kept = query.Where(p => !string.Equals(p.Key, QueryKey, StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, [.. kept, new(QueryKey, lang)]);
    }
}
