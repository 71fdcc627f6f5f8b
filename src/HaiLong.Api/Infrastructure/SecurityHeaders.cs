namespace HaiLong.Api.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>Whether HTTPS is required (HSTS and redirection): yes outside Development unless <c>HaiLong:RequireHttps</c> says otherwise.</summary>
    public static bool RequiresHttps(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("HaiLong:RequireHttps", !environment.IsDevelopment());

    public static WebApplicationBuilder AddHaiLongHsts(this WebApplicationBuilder builder)
    {
        if (RequiresHttps(builder.Configuration, builder.Environment))
        {
            builder.Services.AddHsts(o =>
            {
                o.MaxAge = TimeSpan.FromDays(365);
                o.IncludeSubDomains = true;
            });
        }
        return builder;
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
                h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
                    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            }
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        await next();
    });
}
