using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// The one rule for text that enters HaiLong. NUL cannot be stored in PostgreSQL text at all (22021), and the other refused
/// characters — C0/C1 control characters except tab, LF and CR, the Unicode non-characters (U+FDD0–U+FDEF and every
/// U+xFFFE/U+xFFFF) and lone surrogates — cannot be written into XML (every XLSX export) or are never typed by a person. A
/// value that holds one is refused where it enters, never stored: every later reader can trust stored text.
/// </summary>
public static class InputText
{
    /// <summary>Index of the first refused character, or -1 when the whole text is acceptable.</summary>
    public static int IndexOfRefused(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u0020')
            {
                if (c is '\t' or '\n' or '\r') continue;
                return i;
            }
            if (c < '\u007f') continue;
            if (c <= '\u009f') return i;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return i;
                // Supplementary-plane non-characters end in FFFE/FFFF (U+1FFFE, U+10FFFF, …).
                if ((char.ConvertToUtf32(c, text[i + 1]) & 0xFFFE) == 0xFFFE) return i;
                i++;
                continue;
            }
            if (char.IsLowSurrogate(c) || c is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF') return i;
        }
        return -1;
    }

    public static bool IsAcceptable(ReadOnlySpan<char> text) => IndexOfRefused(text) < 0;

    /// <summary>The text without its refused characters: what a citizen's form shows again after a refusal.</summary>
    public static string WithoutRefused(string text)
    {
        var first = IndexOfRefused(text);
        if (first < 0) return text;
        var s = new System.Text.StringBuilder(text.Length);
        s.Append(text, 0, first);
        var rest = text.AsSpan(first);
        while (rest.Length > 0)
        {
            var bad = IndexOfRefused(rest);
            if (bad < 0)
            {
                s.Append(rest);
                break;
            }
            s.Append(rest[..bad]);
            // A refused high surrogate that starts a valid pair (a non-character) takes its low half with it.
            var width = char.IsHighSurrogate(rest[bad]) && bad + 1 < rest.Length && char.IsLowSurrogate(rest[bad + 1]) ? 2 : 1;
            rest = rest[(bad + width)..];
        }
        return s.ToString();
    }

    public static string Message(int? index) =>
        $"Contains a character that is not allowed{(index is { } i ? $" at position {i + 1}" : "")} (NUL, a control character other than tab or " +
        "line break, a Unicode non-character or a lone surrogate). / Có ký tự không hợp lệ.";

    public const string MessageVi = "Nội dung có ký tự không hợp lệ (ký tự điều khiển hoặc ký tự lạ, thường do sao chép từ nơi khác). " +
        "Các ký tự đó đã được bỏ đi; vui lòng kiểm tra lại nội dung rồi gửi lại.";

    /// <summary>The fields of a form whose names or values hold a refused character.</summary>
    public static Dictionary<string, string[]> Check(IFormCollection form)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, values) in form) Check(key, values, errors);
        foreach (var file in form.Files)
        {
            if (IndexOfRefused(file.FileName) is var i and >= 0) errors.TryAdd(file.Name, [Message(i)]);
        }
        return errors;
    }

    internal static void Check(string key, StringValues values, Dictionary<string, string[]> errors)
    {
        if (IndexOfRefused(key) is var k and >= 0)
        {
            errors.TryAdd("(name)", [Message(k)]);
            return;
        }
        foreach (var value in values)
        {
            if (value is not null && IndexOfRefused(value) is var i and >= 0)
            {
                errors.TryAdd(key, [Message(i)]);
                return;
            }
        }
    }
}

/// <summary>Marks the citizen pages (/s, /c, /cong-khai): a refusal there is a Vietnamese page for a browser, and their form
/// handlers show the form again with what was typed instead of being refused here.</summary>
public sealed class CitizenPageMetadata
{
    public static readonly CitizenPageMetadata Instance = new();
}

/// <summary>
/// The input boundary: every string of a request — path, query, JSON body (names and values), form fields — is checked
/// against <see cref="InputText"/> once, before any handler binds it. A JSON body is also refused for a duplicated member
/// (which one would win is a parser's accident) and for null inside a list (no HaiLong list holds nulls, and a handler would
/// otherwise meet a null element). Refusals are 400 ValidationProblems naming the field.
/// </summary>
public static class InputBoundary
{
    public static TBuilder AsCitizenPages<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(CitizenPageMetadata.Instance);

    public static IApplicationBuilder UseInputBoundary(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var errors = new Dictionary<string, string[]>();
        var request = http.Request;
        if (InputText.IndexOfRefused(request.Path.Value) is var p and >= 0) errors["path"] = [InputText.Message(p)];
        foreach (var (key, values) in request.Query) InputText.Check(key, values, errors);

        var citizenPage = http.GetEndpoint()?.Metadata.GetMetadata<CitizenPageMetadata>() is not null;
        if (errors.Count == 0 && IsJson(request.ContentType) && HasBody(http))
        {
            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, http.RequestAborted);
            request.Body.Position = 0;
            ScanJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), errors);
        }
        else if (errors.Count == 0 && !citizenPage && request.HasFormContentType)
        {
            // Citizen form handlers check their own form (InputText.Check) so that they can show it again with the text.
            foreach (var (key, value) in InputText.Check(await request.ReadFormAsync(http.RequestAborted))) errors[key] = value;
        }

        if (errors.Count == 0)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (citizenPage && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            // In the language the citizen page was asked in (RequestLocalization has run for citizen endpoints).
            var text = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<HaiLong.Api.Components.CitizenResources>>();
            await HaiLong.Api.Components.CitizenMessage.Result(text["Problem.BadAddress.Title"], text["Problem.BadAddress.Body"],
                StatusCodes.Status400BadRequest, HaiLong.Api.Components.CitizenLanguage.Current).ExecuteAsync(http);
            return;
        }
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Detail = "The request holds a value HaiLong does not accept; see errors. Nothing was changed.",
            },
        });
    });

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    private static bool HasBody(HttpContext http) =>
        http.Request.ContentLength is > 0 || (http.Request.ContentLength is null && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; } = -1;
        public string? Property { get; set; }
        public HashSet<string>? Names { get; set; }
    }

    /// <summary>Walks a JSON body once, without binding it; a body that is not well-formed is left to the binder's 400.</summary>
    internal static void ScanJson(ReadOnlySpan<byte> json, Dictionary<string, string[]> errors)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var scan = new JsonScan(errors);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        scan.Element();
                        scan.Frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scan.Frames.RemoveAt(scan.Frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = scan.Frames[^1];
                        frame.Property = "(member name)";
                        var name = scan.Text(ref reader);
                        frame.Property = name ?? frame.Property;
                        if (name is not null && !(frame.Names ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(name))
                        {
                            scan.Add("Member given more than once.");
                        }
                        break;
                    case JsonTokenType.String:
                        scan.Element();
                        scan.Text(ref reader);
                        break;
                    case JsonTokenType.Null:
                        scan.Element();
                        if (scan.Frames.Count > 0 && scan.Frames[^1].IsArray) scan.Add("A list may not contain null.");
                        break;
                    default:
                        scan.Element();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the binder answers it with its own 400.
        }
    }

    private sealed class JsonScan(Dictionary<string, string[]> errors)
    {
        public List<Frame> Frames { get; } = [];

        public void Element()
        {
            if (Frames.Count > 0 && Frames[^1].IsArray) Frames[^1].Index++;
        }

        public string? Text(ref Utf8JsonReader reader)
        {
            string value;
            try
            {
                value = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate (or invalid UTF-8) cannot become .NET text.
                Add(InputText.Message(null));
                return null;
            }
            if (InputText.IndexOfRefused(value) is var i and >= 0) Add(InputText.Message(i));
            return value;
        }

        public void Add(string message)
        {
            var path = new System.Text.StringBuilder();
            foreach (var f in Frames)
            {
                if (f.IsArray) path.Append('[').Append(Math.Max(f.Index, 0)).Append(']');
                else if (f.Property is not null) path.Append(path.Length == 0 ? "" : ".").Append(f.Property);
            }
            errors.TryAdd(path.Length == 0 ? "$" : path.ToString(), [message]);
        }
    }
}
