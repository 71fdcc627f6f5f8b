using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// Turns the failures a client can meet into ProblemDetails: a database that cannot be reached is a 503 with Retry-After
/// (the client should retry; nothing was stored), a body that is too large is a 413; anything else stays a 500.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is BadHttpRequestException { InnerException: JsonException { Path: { Length: > 1 } path } })
        {
            // The JSON is well formed up to a member of the wrong type or an unknown enum name: name that member, as a
            // validation problem does, so a client sees which field to fix ("$.answers[0].score" → "answers[0].score").
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [field] = ["Not a valid value for this field: check its type, and for a fixed set its allowed names, in the API reference."],
                })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "One or more validation errors occurred.",
                },
            });
        }
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Request body too large", "The request body exceeds the allowed size."),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            // A form that breaks the form reader's limits (value length, value count, multipart section size) or syntax.
            InvalidDataException bad => (StatusCodes.Status400BadRequest, "Bad request", "The form could not be read: " + bad.Message),
            _ when IsDatabaseUnavailable(exception) =>
                (StatusCodes.Status503ServiceUnavailable, "Dịch vụ tạm thời gián đoạn / Service temporarily unavailable",
                    // Not "nothing was saved": when a connection drops during COMMIT nobody knows yet. The retry finds out
                    // (docs/DEVELOPING.md, "Unknown commit outcome").
                    "Hệ thống đang bận, vui lòng thử lại sau ít phút. Please retry shortly with the same Idempotency-Key: "
                    + "a retry is never stored twice."),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "An unexpected error occurred; it has been logged."),
        };
        if (status == StatusCodes.Status503ServiceUnavailable) Unavailable(http, exception);
        else if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception");
        }
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// The database could not do the work and nothing was committed: the server is unreachable or shutting down, no host of a
    /// multi-host string is a primary yet (a failover in progress: Npgsql's "No suitable host" is a plain NpgsqlException,
    /// and so is every other client-side connection failure), the connection broke (class 08), or the session landed on a
    /// server that has just become a standby (25006). A statement the server refused for its content is a PostgresException
    /// of another class and stays a 500.
    /// </summary>
    internal static bool IsDatabaseUnavailable(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is AggregateException all && all.InnerExceptions.Any(IsDatabaseUnavailable)) return true;
            if (x is PostgresException pg)
            {
                if (pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "25006") return true;
                continue;
            }
            // A connection already busy with another command is a bug of ours, not an outage.
            if (x is NpgsqlOperationInProgressException) return false;
            if (x is NpgsqlException or SocketException or TimeoutException) return true;
        }
        return false;
    }

    /// <summary>
    /// What every "database unavailable" answer does besides its body (this handler's ProblemDetails, the survey form shown
    /// again): Retry-After, a warning in the log, and the pool's clean-up after a demoted primary.
    /// </summary>
    internal static void Unavailable(HttpContext http, Exception exception)
    {
        http.Response.Headers.RetryAfter = "5";
        http.RequestServices.GetRequiredService<ILogger<ProblemExceptionHandler>>().LogWarning(exception, "Database unavailable");
        ForgetDemotedPrimary(http, exception);
    }

    /// <summary>
    /// A write refused as read-only (25006) means the pool holds connections to a server that is now a standby, a case Npgsql
    /// leaves alone (the connection is not broken, only refused): drop those connections and, for several hosts, the roles
    /// Npgsql remembers, so the next request looks for the primary again instead of meeting the same standby.
    /// </summary>
    private static void ForgetDemotedPrimary(HttpContext http, Exception exception)
    {
        for (var x = exception; x is not null; x = x.InnerException)
        {
            if (x is not PostgresException { SqlState: "25006" }) continue;
            var primary = http.RequestServices.GetService<NpgsqlDataSource>();
            if (primary is NpgsqlMultiHostDataSource hosts) hosts.ClearDatabaseStates();
            primary?.Clear();
            return;
        }
    }
}

public static class ProblemContentType
{
    /// <summary>
    /// Every error body in HaiLong is a ProblemDetails, but TypedResults.NotFound(problem) and its siblings label it plain
    /// application/json; this labels every JSON error body application/problem+json, as RFC 9457 asks.
    /// </summary>
    public static IApplicationBuilder UseProblemContentType(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var response = context.Response;
            if (response.StatusCode >= 400 && response.ContentType is { } type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = "application/problem+json" + type["application/json".Length..];
            }
            return Task.CompletedTask;
        });
        await next();
    });
}

/// <summary>Fills what the framework leaves blank, so every ProblemDetails tells the client what to do.</summary>
public static class ProblemDefaults
{
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        if (problem.Detail is not null) return;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => "Sign in first: a bearer token from POST /api/auth/token, or the staff sign-in cookie.",
            StatusCodes.Status403Forbidden => "Your role does not allow this.",
            StatusCodes.Status404NotFound => "Nothing here: check the address.",
            StatusCodes.Status405MethodNotAllowed => "This address does not accept that method.",
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
            StatusCodes.Status415UnsupportedMediaType =>
                $"Content-Type '{context.HttpContext.Request.ContentType ?? "(none)"}' is not accepted here; " +
                "send the type the API reference lists (usually application/json).",
            _ => null,
        };
    }
}

/// <summary>
/// Writes every ProblemDetails HaiLong produces, whatever the client's Accept header: the framework's writer gives up when a
/// client does not list JSON (a browser sends text/html), which left bodiless or text/plain 4xx. On a citizen page a browser
/// gets a short Vietnamese page with the same status instead; everyone else gets application/problem+json.
/// </summary>
internal sealed class HaiLongProblemWriter(Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    private static string? TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        406 => "https://tools.ietf.org/html/rfc9110#section-15.5.7",
        408 => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        410 => "https://tools.ietf.org/html/rfc9110#section-15.5.11",
        412 => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => null,
    };

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        // What the framework's writer fills in before writing (ProblemDetailsDefaults is internal).
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Type ??= TypeOf(problem.Status.Value);
        ProblemDefaults.Complete(context);
        // After an exception the handler has cleared the endpoint; the feature keeps the one that failed.
        var endpoint = http.GetEndpoint() ?? http.Features.Get<IExceptionHandlerPathFeature>()?.Endpoint;
        if (endpoint?.Metadata.GetMetadata<CitizenPageMetadata>() is not null
            && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            // The culture chosen for this request (lost when an exception unwound the localization middleware).
            if (http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture is { } chosen)
            {
                System.Globalization.CultureInfo.CurrentCulture = chosen.Culture;
                System.Globalization.CultureInfo.CurrentUICulture = chosen.UICulture;
            }
            // In the language the citizen page was asked in (RequestLocalization has run for citizen endpoints).
            var text = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<HaiLong.Api.Components.CitizenResources>>();
            var key = problem.Status switch
            {
                StatusCodes.Status404NotFound => "NotFound",
                StatusCodes.Status405MethodNotAllowed => "MethodNotAllowed",
                StatusCodes.Status413PayloadTooLarge => "TooLarge",
                StatusCodes.Status429TooManyRequests => "TooMany",
                >= 500 => "Unavailable",
                _ => "BadRequest",
            };
            // The page is in the browser's language: a shared cache must keep one copy per language (the status-code
            // path can reach here without the header the citizen pages' middleware set).
            if (!http.Response.Headers.Vary.Any(v => v?.Contains("Accept-Language", StringComparison.OrdinalIgnoreCase) == true))
            {
                http.Response.Headers.Append("Vary", "Accept-Language");
            }
            await HaiLong.Api.Components.CitizenMessage.Result(text[$"Problem.{key}.Title"], text[$"Problem.{key}.Body"],
                problem.Status ?? http.Response.StatusCode, HaiLong.Api.Components.CitizenLanguage.Current).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "application/problem+json; charset=utf-8";
        await System.Text.Json.JsonSerializer.SerializeAsync(http.Response.Body, problem, problem.GetType(), json.Value.SerializerOptions, http.RequestAborted);
    }
}
