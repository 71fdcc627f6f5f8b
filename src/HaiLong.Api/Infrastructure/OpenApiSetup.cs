using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HaiLong.Api.Infrastructure;

public static class OpenApiSetup
{
    public static IServiceCollection AddHaiLongOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddHaiLongSchemas();
            o.AddDocumentTransformer((document, context, _) =>
            {
                var configuration = context.ApplicationServices.GetRequiredService<IConfiguration>();
                var request = context.ApplicationServices.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request;
                var serverUrl = ServerUrl(configuration, request);
                document.Info = new OpenApiInfo
                {
                    Title = "HaiLong API",
                    Version = "v1",
                    Description = "Citizen satisfaction surveys and feedback for Vietnamese local government.",
                    Contact = new OpenApiContact
                    {
                        Name = configuration["HaiLong:OpenApi:ContactName"] is { Length: > 0 } name ? name : "HaiLong operators",
                        Email = configuration["HaiLong:OpenApi:ContactEmail"] is { Length: > 0 } email ? email : null,
                        Url = configuration["HaiLong:OpenApi:ContactUrl"] is { Length: > 0 } url ? new Uri(url) : null,
                    },
                    License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
                };
                // Absolute: client generators (Kiota) refuse a relative server URL and would make every integrator set it by hand.
                document.Servers = serverUrl is null
                    ? [new OpenApiServer { Url = "/", Description = "The host serving this document" }]
                    : [new OpenApiServer { Url = serverUrl, Description = "This HaiLong installation" }];
                var descriptions = context.ApplicationServices.GetServices<ApiTag>().ToDictionary(t => t.Name, t => t.Description);
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                {
                    tag.Description ??= descriptions.GetValueOrDefault(tag.Name ?? "", $"{tag.Name} endpoints.");
                }
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    // Identity's bearer tokens are data-protected blobs, not JWTs: clients must not try to parse them.
                    BearerFormat = "opaque",
                    Description = "Sign in with `POST /api/auth/token` and the body `{\"userName\": \"…\", \"password\": \"…\"}`; " +
                        "send the answer's `accessToken` as `Authorization: Bearer <accessToken>`. It expires after `expiresIn` seconds; " +
                        "then sign in again.",
                };
                document.Components.SecuritySchemes["cookie"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = "hailong.staff",
                    Description = "Staff sign-in cookie from the staff pages.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                var secured = !anonymous && metadata.OfType<IAuthorizeData>().Any();
                operation.Security = secured
                    ?
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", context.Document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("cookie", context.Document)] = [] },
                    ]
                    : [];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(AddStandardResponses);
            o.AddDocumentTransformer(async (document, context, ct) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                if (!document.Components.Schemas.ContainsKey(nameof(ProblemDetails)))
                {
                    document.Components.Schemas[nameof(ProblemDetails)] = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: ct);
                }
                if (!document.Components.Schemas.ContainsKey(nameof(HttpValidationProblemDetails)))
                {
                    document.Components.Schemas[nameof(HttpValidationProblemDetails)] =
                        await context.GetOrCreateSchemaAsync(typeof(HttpValidationProblemDetails), cancellationToken: ct);
                }
            });
        });

    /// <summary>
    /// The installation's absolute base URL: the configured public one (as printed in QR codes), otherwise the scheme and host
    /// the document was requested through. Null only when the document is built outside a request.
    /// </summary>
    public static string? ServerUrl(IConfiguration configuration, HttpRequest? request) =>
        configuration["HaiLong:PublicBaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/')
        : request is null ? null
        : $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>
    /// Documents the client errors the pipeline itself produces, so no endpoint has to list them by hand: 400 when input can
    /// fail binding or validation, 413 and 415 for a request body, 401 and 403 behind authorisation, 429 behind a rate limit.
    /// Every error body is a ProblemDetails, so error responses are declared as application/problem+json.
    /// </summary>
    private static Task AddStandardResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var responses = operation.Responses ??= new OpenApiResponses();
        var hasBody = operation.RequestBody is not null;
        var hasInput = hasBody || context.Description.ParameterDescriptions.Any(p => p.Source != BindingSource.Services && p.Source != BindingSource.Special);
        var secured = !metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any();

        if (hasInput) Add("400", "The request is malformed or fails validation.", nameof(HttpValidationProblemDetails));
        if (hasBody)
        {
            Add("413", "The request body is larger than the server accepts.");
            Add("415", "The request body has an unsupported content type.");
        }
        if (secured)
        {
            Add("401", "Not signed in: send a bearer token or the staff cookie.");
            Add("403", "Signed in, but the role does not allow this.");
        }
        if (metadata.OfType<EnableRateLimitingAttribute>().Any() && !responses.ContainsKey("429"))
        {
            Add("429", "Too many requests; retry after the number of seconds in Retry-After.");
            ((OpenApiResponse)responses["429"]).Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] =
                    new OpenApiHeader { Description = "Seconds to wait before retrying.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            };
        }

        if (metadata.OfType<MayReadFromStandbyMetadata>().Any() && responses.TryGetValue("200", out var ok) && ok is OpenApiResponse read)
        {
            read.Headers ??= new Dictionary<string, IOpenApiHeader>();
            read.Headers[ReplicaReads.AsOfHeader] = new OpenApiHeader
            {
                Description = "Present when the data was read from a standby (ConnectionStrings:HaiLongReadOnly): the Vietnam time of "
                    + "the last transaction it had replayed. Absent when the data is the primary's, which is current.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            };
        }

        foreach (var (code, response) in responses)
        {
            if (code.Length == 0 || code[0] is not ('4' or '5') || response is not OpenApiResponse { Content: { } content }) continue;
            if (content.Remove("application/json", out var json)) content["application/problem+json"] = json;
        }
        return Task.CompletedTask;

        void Add(string code, string description, string schema = nameof(ProblemDetails))
        {
            if (responses.ContainsKey(code)) return;
            responses[code] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, context.Document) },
                },
            };
        }
    }
}
