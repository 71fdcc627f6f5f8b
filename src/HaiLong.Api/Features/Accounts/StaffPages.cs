using HaiLong.Api.Infrastructure;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Accounts;

/// <summary>Cookie sign-in for the staff pages and the staff home with links to each capability's pages.</summary>
public static class StaffPages
{
    public static IEndpointRouteBuilder MapStaffPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff").ExcludeFromDescription();
        pages.MapGet("/login", LoginForm).AllowAnonymous();
        pages.MapPost("/login", SignIn).AllowAnonymous().RequireRateLimiting(Policies.SignInRateLimit);
        pages.MapPost("/logout", SignOut).RequireAuthorization(Policies.Staff);
        pages.MapGet("/", Home).RequireAuthorization(Policies.Staff);
        pages.MapGet("/denied", () => Page("Không có quyền truy cập", """<h1>Không có quyền truy cập</h1><p>Tài khoản của bạn không được phép xem trang này.</p><p><a href="/staff">Về trang chính</a></p>""", status: 403));
        return app;
    }

    public static string StaffHeader(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"""
            <header class="top"><strong><a href="/staff">HaiLong</a></strong> · {E(http.User.Identity?.Name)}
            <form method="post" action="/staff/logout" style="display:inline;float:right;margin:0">
            <input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">
            <button type="submit" style="min-height:0;padding:.1rem .6rem;background:#fff;color:#a50e0e">Đăng xuất</button></form></header>
            """;
    }

    private static IResult LoginForm(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error) =>
        Page("Đăng nhập cán bộ — HaiLong", LoginBody(http, antiforgery, returnUrl, error));

    private static string LoginBody(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var message = error is null ? "" : $"""<p class="error" role="alert">{E(error)}</p>""";
        return $"""
            <h1>Đăng nhập dành cho cán bộ</h1>
            <div class="card">
            {message}
            <form method="post" action="/staff/login">
            <input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">
            <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
            <label for="userName">Tên đăng nhập</label>
            <input type="text" id="userName" name="userName" autocomplete="username" required maxlength="256">
            <label for="password">Mật khẩu</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required maxlength="256">
            <p><button type="submit">Đăng nhập</button></p>
            </form>
            </div>
            """;
    }

    private static async Task<IResult> SignIn(HttpContext http, [FromForm] string? userName, [FromForm] string? password,
        [FromForm] string? returnUrl, SignInManager<StaffUser> signIn, UserManager<StaffUser> users, AuditLog audit, IAntiforgery antiforgery)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return Page("Đăng nhập cán bộ — HaiLong", LoginBody(http, antiforgery, returnUrl, "Vui lòng nhập tên đăng nhập và mật khẩu."), status: 400);
        }
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
        var user = await users.FindByNameAsync(userName);
        await audit.RecordAsync(result.Succeeded ? "signin.succeeded" : result.IsLockedOut ? "signin.locked-out" : "signin.failed",
            "StaffUser", user?.Id.ToString(), new { channel = "cookie", userName }, user?.Id);
        if (!result.Succeeded)
        {
            var error = result.IsLockedOut
                ? "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút."
                : "Sai tên đăng nhập hoặc mật khẩu.";
            return Page("Đăng nhập cán bộ — HaiLong", LoginBody(http, antiforgery, returnUrl, error), status: 401);
        }
        var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") ? returnUrl : "/staff";
        return Results.Redirect(target);
    }

    private static async Task<IResult> SignOut(SignInManager<StaffUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.Redirect("/staff/login");
    }

    private static IResult Home(HttpContext http, IAntiforgery antiforgery, IEnumerable<HaiLong.Api.Components.StaffLink> homeLinks)
    {
        var links = homeLinks.Where(l => l.IsFor(http.User))
            .Select(l => $"""<li><a href="{E(l.Href)}">{E(l.Title)}</a></li>""");
        var body = $"""
            <h1>Trang làm việc của cán bộ</h1>
            <div class="card"><ul>{string.Join("", links)}</ul>
            <p class="muted">Tài liệu API: <a href="/scalar">/scalar</a></p></div>
            """;
        return Page("HaiLong — cán bộ", body, header: StaffHeader(http, antiforgery));
    }
}
