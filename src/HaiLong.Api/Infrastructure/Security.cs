using System.Threading.RateLimiting;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace HaiLong.Api.Infrastructure;

public static class Policies
{
    public const string Staff = nameof(Staff);
    public const string Administrator = Roles.Administrator;
    public const string SignInRateLimit = "sign-in";
    public const string CitizenRateLimit = "citizen";
}

public static class SecuritySetup
{
    public static WebApplicationBuilder AddHaiLongSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Cookie for the staff pages, bearer tokens for the API; the combined scheme picks bearer when a token is sent.
        services.AddIdentityApiEndpoints<StaffUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<HaiLongDbContext>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "hailong.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/staff/login";
            o.ReturnUrlParameter = "returnUrl";
            o.AccessDeniedPath = "/staff/denied";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // API callers get status codes, never an HTML redirect.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
        });

        // The combined scheme challenges with the bearer scheme: a bare 401, right for the API and for scripts. A person at a
        // browser asking for a staff page is sent to the cookie scheme instead, whose events redirect to the sign-in page (and
        // back afterwards) or to the refusal page.
        // (AddIdentityApiEndpoints names it "Identity.BearerAndApplication"; the constant is internal to Identity.)
        services.PostConfigure<AuthenticationSchemeOptions>("Identity.BearerAndApplication", o =>
            o.ForwardDefaultSelector = http => IsBrowserPageRequest(http) ? IdentityConstants.ApplicationScheme : null);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policies.SignInRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = builder.Configuration.GetValue("HaiLong:RateLimits:SignInPerMinute", 10),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            // Generous: every citizen at a service centre may share one Wi-Fi address, and one survey takes 3–4 requests
            // (form, answers, thank-you, optional criteria), so a busy centre's hundreds of citizens an hour fit easily.
            o.AddPolicy(Policies.CitizenRateLimit, ctx => RateLimitPartition.GetTokenBucketLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = builder.Configuration.GetValue("HaiLong:RateLimits:CitizenBurst", 400),
                    TokensPerPeriod = builder.Configuration.GetValue("HaiLong:RateLimits:CitizenPerMinute", 200),
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.OnRejected = async (ctx, ct) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var ra) ? (int)Math.Ceiling(ra.TotalSeconds) : 60;
                ctx.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString();
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Quá nhiều yêu cầu / Too many requests",
                    detail: $"Vui lòng thử lại sau {retryAfter} giây. Please retry after {retryAfter} seconds.")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "hailong.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__af";
            // Antiforgery would send X-Frame-Options: SAMEORIGIN with every form, which stops UseSecurityHeaders' DENY.
            o.SuppressXFrameOptionsHeader = true;
        });

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long>("HaiLong:MaxRequestBodyBytes", 1_048_576);
            k.AddServerHeader = false;
        });

        if (builder.Configuration.GetValue("HaiLong:RequireHttps", !builder.Environment.IsDevelopment()))
        {
            services.AddHsts(o =>
            {
                o.MaxAge = TimeSpan.FromDays(365);
                o.IncludeSubDomains = true;
            });
        }
        return builder;
    }

    /// <summary>A staff page (or the jobs dashboard) asked for by a browser without a bearer token: it wants HTML, not a 401 body.</summary>
    internal static bool IsBrowserPageRequest(HttpContext http) =>
        (http.Request.Path.StartsWithSegments("/staff") || http.Request.Path.StartsWithSegments("/hangfire"))
        && http.Request.Headers.Authorization.Count == 0
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task RedirectOrStatus(HttpContext http, string redirectUri, int status)
    {
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Headers.Accept.ToString().Contains("application/json"))
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        http.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Security headers on every response; a page that must be framed (the public disclosure widget) sets its own.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            // Survey tokens live in URLs: never leak them through Referer.
            h["Referrer-Policy"] = "no-referrer";
            if (!h.ContainsKey("X-Frame-Options") && !h.ContainsKey("Content-Security-Policy")) h.XFrameOptions = "DENY";
            var path = context.Request.Path;
            if (!h.ContainsKey("Content-Security-Policy") && !path.StartsWithSegments("/scalar") && !path.StartsWithSegments("/hangfire"))
            {
                h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            }
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        await next();
    });
}

/// <summary>Every refused authorisation of a signed-in user goes to the audit log.</summary>
internal sealed class AuditingAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var audit = context.RequestServices.GetRequiredService<AuditLog>();
            await audit.RecordAsync("authorization.refused", details: new { method = context.Request.Method, path = context.Request.Path.Value });
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
