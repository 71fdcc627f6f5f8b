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
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // A static callback with the context as its state, and no async frame here: nothing made per request (issue 20).
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var h = http.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            // Survey tokens live in URLs: never leak them through Referer.
            h["Referrer-Policy"] = "no-referrer";
            if (!h.ContainsKey("X-Frame-Options") && !h.ContainsKey("Content-Security-Policy")) h.XFrameOptions = "DENY";
            var path = http.Request.Path;
            if (!h.ContainsKey("Content-Security-Policy") && !path.StartsWithSegments("/scalar") && !path.StartsWithSegments("/hangfire"))
            {
                h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
                    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            }
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        }, context);
        return next();
    });
}
