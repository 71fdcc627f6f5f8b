using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Accounts;

/// <summary>
/// Carries <see cref="StaffUser.MustChangePassword"/> into the cookie and the bearer token, so the gate needs no query per
/// request. Changing the password issues a new cookie without it; an API client signs in again for a new token.
/// </summary>
internal sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole<Guid>>(users, roles, options)
{
    public const string MustChangePasswordClaim = "hailong:must-change-password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        return identity;
    }
}

/// <summary>Marks an endpoint a user may reach before replacing a password someone else chose (the change page, sign-out).</summary>
internal sealed class AllowedBeforePasswordChange;

/// <summary>
/// Until a user flagged <see cref="StaffUser.MustChangePassword"/> has chosen their own password, every endpoint that needs a
/// signed-in user is refused: a page is redirected to the change-password page, the API answers 403 ProblemDetails.
/// </summary>
public static class PasswordChangeGate
{
    public const string PagePath = "/staff/password";

    internal static TBuilder AllowedBeforePasswordChange<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedBeforePasswordChange());

    /// <summary>After UseAuthorization: the request is already known to be signed in and allowed, only not yet unblocked.</summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var endpoint = http.GetEndpoint();
        if (endpoint is null
            || !http.User.HasClaim(c => c.Type == StaffClaimsFactory.MustChangePasswordClaim)
            || endpoint.Metadata.GetMetadata<IAuthorizeData>() is null
            || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || endpoint.Metadata.GetMetadata<AllowedBeforePasswordChange>() is not null)
        {
            await next(http);
            return;
        }
        if (http.Request.Path.StartsWithSegments("/api") || !AuthenticationSetup.IsBrowserPageRequest(http))
        {
            await http.RequestServices.GetRequiredService<AuditLog>().RecordAsync("authorization.refused",
                details: new { method = http.Request.Method, path = http.Request.Path.Value, reason = "password-change-required" });
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Password change required",
                    Detail =
                        "This account's password was chosen by someone else (a one-time password). " +
                        $"Choose your own at {PagePath}, then sign in again for a new token.",
                },
            });
            return;
        }
        var here = http.Request.Method == HttpMethods.Get ? $"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}" : "/staff";
        http.Response.Redirect($"{PagePath}?returnUrl={Uri.EscapeDataString(here)}");
    });
}

/// <summary>The change-password page: every staff user may change their own password; a flagged one must before anything else.</summary>
public static class PasswordPages
{
    internal static IEndpointRouteBuilder MapPasswordPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(PasswordChangeGate.PagePath).ExcludeFromDescription()
            .RequireAuthorization(Policies.Staff).AllowedBeforePasswordChange();
        pages.MapGet("/", Form);
        // Limited like a sign-in: the current password is a guess an attacker with a stolen session could repeat.
        pages.MapPost("/", Change).RequireRateLimiting(Policies.SignInRateLimit);
        return app;
    }

    private static RazorComponentResult Page(HttpContext http, bool mustChange, string? returnUrl, IReadOnlyDictionary<string, string>? errors = null,
        int status = StatusCodes.Status200OK) =>
        new RazorComponentResult<ChangePasswordPage>(new
        {
            MustChange = mustChange,
            MinLength = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.Password.RequiredLength,
            ReturnUrl = StaffPages.LocalOrNull(returnUrl),
            Errors = errors ?? new Dictionary<string, string>(),
        }) { StatusCode = status };

    private static IResult Form(HttpContext http, string? returnUrl) =>
        Page(http, http.User.HasClaim(c => c.Type == StaffClaimsFactory.MustChangePasswordClaim), returnUrl);

    private static async Task<IResult> Change(HttpContext http, [FromForm] string? currentPassword, [FromForm] string? newPassword,
        [FromForm] string? confirmPassword, [FromForm] string? returnUrl, IStringLocalizer<StaffResources> L,
        UserManager<StaffUser> users, SignInManager<StaffUser> signIn, AuditLog audit)
    {
        var mustChange = http.User.HasClaim(c => c.Type == StaffClaimsFactory.MustChangePasswordClaim);
        var user = await users.GetUserAsync(http.User);
        if (user is null) return Results.Redirect("/staff/login");

        var errors = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(currentPassword)) errors["currentPassword"] = L["Password_Required"];
        if (string.IsNullOrEmpty(newPassword)) errors["newPassword"] = L["Password_Required"];
        else if (newPassword != confirmPassword) errors["confirmPassword"] = L["Password_ConfirmMismatch"];
        else if (newPassword == currentPassword) errors["newPassword"] = L["Password_SameAsCurrent"];
        if (errors.Count > 0) return Page(http, mustChange, returnUrl, errors, StatusCodes.Status400BadRequest);

        var changed = await users.ChangePasswordAsync(user, currentPassword!, newPassword!);
        if (!changed.Succeeded)
        {
            var options = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.Password;
            foreach (var e in changed.Errors)
            {
                var field = e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword";
                var text = Describe(e, options, L);
                errors[field] = errors.TryGetValue(field, out var before) ? $"{before} {text}" : text;
            }
            var status = errors.ContainsKey("currentPassword") ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
            return Page(http, mustChange, returnUrl, errors, status);
        }

        if (user.MustChangePassword)
        {
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
        }
        await audit.RecordAsync("password.changed", "StaffUser", user.Id.ToString(), new { wasOneTime = mustChange }, user.Id);
        // A new cookie without the must-change claim (and with the new security stamp).
        await signIn.RefreshSignInAsync(user);
        return Results.Redirect(StaffPages.LocalOrNull(returnUrl) ?? "/staff");
    }

    /// <summary>A password refusal of Identity in words; the change page and the administrators' account pages use it.</summary>
    internal static string Describe(IdentityError e, PasswordOptions options, IStringLocalizer<StaffResources> L) => e.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordMismatch) => L["Password_Error_Wrong"].Value,
        nameof(IdentityErrorDescriber.PasswordTooShort) => L["Password_Error_TooShort", options.RequiredLength].Value,
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => L["Password_Error_Digit"].Value,
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => L["Password_Error_Lower"].Value,
        nameof(IdentityErrorDescriber.PasswordRequiresUpper) => L["Password_Error_Upper"].Value,
        nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => L["Password_Error_NonAlphanumeric"].Value,
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => L["Password_Error_UniqueChars", options.RequiredUniqueChars].Value,
        _ => L["Password_Error_Other"].Value,
    };
}
