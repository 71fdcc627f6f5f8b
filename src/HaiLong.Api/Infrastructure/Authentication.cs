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
            o.Cookie.Name = CredentialFreeShortcut.StaffCookie;
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
        services.PostConfigure<AuthenticationSchemeOptions>(CredentialFreeShortcut.CombinedScheme, o =>
            o.ForwardDefaultSelector = http => IsBrowserPageRequest(http) ? IdentityConstants.ApplicationScheme : null);
        CredentialFreeShortcut.Register(services);
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

/// <summary>
/// Answers "no result" for the combined scheme without creating its handlers when a request carries neither a bearer token nor
/// the staff cookie, which is every citizen request: the combined handler, the bearer handler and the cookie handler would each
/// be created, initialised and asked, only to find nothing (about a sixth of a cached survey form's CPU, issue 20). A request
/// with either credential, any other scheme, and every challenge, forbid and sign-in go to the framework's service as before.
/// </summary>
internal sealed class CredentialFreeShortcut : IAuthenticationService
{
    /// <summary>The default scheme of AddIdentityApiEndpoints (its constant is internal to Identity).</summary>
    public const string CombinedScheme = "Identity.BearerAndApplication";
    public const string StaffCookie = "hailong.staff";
    private const string Framework = "HaiLong.FrameworkAuthenticationService";
    private static readonly Task<AuthenticateResult> NoResult = Task.FromResult(AuthenticateResult.NoResult());

    /// <summary>Puts the shortcut in front of the framework's <see cref="IAuthenticationService"/>, kept as a keyed service.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddAuthentication();
        var framework = services.Last(d => d.ServiceType == typeof(IAuthenticationService) && !d.IsKeyedService);
        services.Remove(framework);
        services.AddKeyedScoped(typeof(IAuthenticationService), Framework, framework.ImplementationType
            ?? throw new InvalidOperationException("IAuthenticationService is expected to be registered by its type."));
        services.AddSingleton<IAuthenticationService, CredentialFreeShortcut>();
    }

    internal static bool CarriesCredential(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Headers.Cookie.Count > 0 && request.Cookies.ContainsKey(StaffCookie);

    private static IAuthenticationService Inner(HttpContext context) =>
        context.RequestServices.GetRequiredKeyedService<IAuthenticationService>(Framework);

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) =>
        scheme == CombinedScheme && !CarriesCredential(context.Request) ? NoResult : Inner(context).AuthenticateAsync(context, scheme);

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Inner(context).ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Inner(context).ForbidAsync(context, scheme, properties);

    public Task SignInAsync(HttpContext context, string? scheme, System.Security.Claims.ClaimsPrincipal principal,
        AuthenticationProperties? properties) => Inner(context).SignInAsync(context, scheme, principal, properties);

    public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Inner(context).SignOutAsync(context, scheme, properties);
}
