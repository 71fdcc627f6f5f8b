using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Accounts;

/// <summary>Cookie sign-in for the staff pages and the staff home with links to each capability's pages.</summary>
public static partial class StaffPages
{
    internal static IEndpointRouteBuilder MapStaffPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff").ExcludeFromDescription();
        pages.MapGet("/login", LoginForm).AllowAnonymous();
        pages.MapPost("/login", SignIn).AllowAnonymous().RequireRateLimiting(Policies.SignInRateLimit);
        pages.MapPost("/logout", SignOut).RequireAuthorization(Policies.Staff).AllowedBeforePasswordChange();
        pages.MapGet("/", Home).RequireAuthorization(Policies.Staff);
        pages.MapGet("/denied", (IStringLocalizer<StaffResources> L) => StaffMessagePage.Result(L["Denied_Heading"],
            L["Denied_Body"], L["Message_BackToHome"], StatusCodes.Status403Forbidden));
        return app;
    }

    private static RazorComponentResult LoginPage(string? returnUrl, string? error = null, string? userName = null,
        int status = StatusCodes.Status200OK) =>
        new RazorComponentResult<StaffSignInPage>(new { ReturnUrl = LocalOrNull(returnUrl), Error = error, UserName = userName }) { StatusCode = status };

    private static IResult LoginForm(string? returnUrl) => LoginPage(returnUrl);

    private static async Task<IResult> SignIn(HttpContext http, [FromForm] string? userName, [FromForm] string? password,
        [FromForm] string? returnUrl, IStringLocalizer<StaffResources> L, SignInManager<StaffUser> signIn, UserManager<StaffUser> users, AuditLog audit)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return LoginPage(returnUrl, L["SignIn_Missing"], userName, StatusCodes.Status400BadRequest);
        }
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
        var user = await users.FindByNameAsync(userName);
        await audit.RecordAsync(result.Succeeded ? "signin.succeeded" : result.IsLockedOut ? "signin.locked-out" : "signin.failed",
            "StaffUser", user?.Id.ToString(), new { channel = "cookie", userName }, user?.Id);
        if (!result.Succeeded)
        {
            var error = result.IsLockedOut
                ? L["SignIn_LockedOut"]
                : L["SignIn_Wrong"];
            return LoginPage(returnUrl, error, userName, StatusCodes.Status401Unauthorized);
        }
        return Results.Redirect(LocalOrNull(returnUrl) ?? "/staff");
    }

    /// <summary>Only a path on this site is a place to return to: never another host (<c>//evil</c>, <c>/\evil</c>, <c>https://…</c>).</summary>
    internal static string? LocalOrNull(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? url : null;

    private static async Task<IResult> SignOut(SignInManager<StaffUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.Redirect("/staff/login");
    }

    private static async Task<IResult> Home(IStringLocalizer<StaffResources> L, StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var me = staff.UserId is { } id
            ? await db.Users.AsNoTracking().Where(u => u.Id == id)
                .Select(u => new { u.FullName, u.UserName, Jurisdiction = u.JurisdictionUnit == null ? null : u.JurisdictionUnit.Name })
                .SingleOrDefaultAsync(ct)
            : null;
        return new RazorComponentResult<StaffHomePage>(new
        {
            FullName = string.IsNullOrWhiteSpace(me?.FullName) ? staff.User.Identity?.Name : me.FullName,
            Jurisdiction = me is null ? null : me.Jurisdiction ?? L["Home_Nationwide"],
        });
    }
}
