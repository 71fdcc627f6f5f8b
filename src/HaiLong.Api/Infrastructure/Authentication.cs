using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// How a request proves who it is: the staff cookie for pages, a bearer token for the API. The accounts themselves (users,
/// password and lock-out rules) are Features/Accounts'.
/// </summary>
public static class AuthenticationSetup
{
    public static IServiceCollection AddHaiLongAuthentication(this IServiceCollection services)
    {
        // PostConfigure, not ConfigureApplicationCookie: Identity's own cookie set-up (AddAccounts) sets a login path and
        // events too, and whichever of two Configure calls is registered last would win.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
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
        return services;
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
}
