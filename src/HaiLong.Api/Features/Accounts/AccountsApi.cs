using System.ComponentModel;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Accounts;

public sealed record TokenRequest(
    [property: Required, MaxLength(256), Description("Staff user name")] string UserName,
    [property: Required, MaxLength(256)] string Password);

public sealed record MeResponse(Guid Id, string UserName, string FullName,
    [property: ClosedSet(typeof(HaiLong.Data.Entities.Roles), nameof(HaiLong.Data.Entities.Roles.All))] string[] Roles,
    int? JurisdictionUnitId, string? JurisdictionName);

public sealed record StaffUserResponse(Guid Id, string UserName, string FullName,
    [property: ClosedSet(typeof(HaiLong.Data.Entities.Roles), nameof(HaiLong.Data.Entities.Roles.All))] string[] Roles,
    int? JurisdictionUnitId, bool LockedOut);

public sealed record CreateStaffUserRequest(
    [property: Required, MinLength(3), MaxLength(64), RegularExpression("^[a-z0-9._-]+$"), Description("Lower-case letters, digits, . _ -")] string UserName,
    [property: Required, MaxLength(256)] string FullName,
    [property: Required, MinLength(10), MaxLength(256)] string Password,
    [property: Required, AllowedValues(Roles.Administrator, Roles.WardLeader, Roles.ServiceStaff, Roles.Inspector, Roles.Evaluator,
        Roles.HamletHead)] string Role,
    [property: Required, Description("Root unit of the user's jurisdiction")] int? JurisdictionUnitId);

public static class AccountsApi
{
    /// <summary>Staff accounts: the Identity store with the password and lock-out rules, and the jurisdiction every staff query obeys.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        // Cookie for the staff pages, bearer tokens for the API (Infrastructure/Authentication.cs configures how each is used).
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
            .AddEntityFrameworkStores<HaiLongDbContext>()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>();
        // Registered after AddIdentityApiEndpoints, so it runs after the bearer scheme's own post-configuration, which makes
        // the protector this wraps.
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).PostConfigure<TimeProvider>((o, clock) =>
            o.BearerTokenProtector = new RememberedBearerTokens(o.BearerTokenProtector, clock));
        services.AddScoped<StaffContext>();
        services.AddScoped<StaffAccounts>();
        services.AddStaffLink(StaffAccountPages.ListPath, "StaffAccounts_Link", Roles.Administrator);
        services.AddStaffLink(PasswordChangeGate.PagePath, "Link_Password", Roles.All);
        services.AddApiTag("Accounts", "Staff sign-in, the signed-in user and staff accounts.");
        return services;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts");
        auth.MapPost("/token", IssueToken).WithName("IssueToken")
            .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .AllowAnonymous().RequireRateLimiting(Policies.SignInRateLimit).DisableAntiforgery();
        auth.MapGet("/me", Me).WithName("GetCurrentUser")
            .RequireAuthorization(Policies.Staff);

        var users = app.MapGroup("/api/users").WithTags("Accounts").RequireAuthorization(Policies.Administrator);
        users.MapGet("/", ListUsers).WithName("ListUsers");
        users.MapPost("/", CreateUser).WithName("CreateUser");
        app.MapStaffPages();
        app.MapPasswordPages();
        app.MapStaffAccountPages();
        return app;
    }

    // Signs in through the bearer scheme, whose handler writes the token response itself (as MapIdentityApi does).
    /// <summary>Sign in and get a bearer token</summary>
    /// <remarks>
    /// Anonymous; limited per client address. Exchanges {userName, password} for a bearer token ({accessToken, expiresIn,
    /// refreshToken}) to send as `Authorization: Bearer …`; every attempt is audited. A wrong password or a locked account is
    /// refused (401); five failures lock the account for 15 minutes.
    /// </remarks>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> IssueToken(
        TokenRequest request, SignInManager<StaffUser> signIn, AuditLog audit, UserManager<StaffUser> users)
    {
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.UserName, request.Password, isPersistent: false, lockoutOnFailure: true);
        var user = await users.FindByNameAsync(request.UserName);
        await audit.RecordAsync(result.Succeeded ? "signin.succeeded" : result.IsLockedOut ? "signin.locked-out" : "signin.failed",
            "StaffUser", user?.Id.ToString(), new { channel = "api", userName = request.UserName }, user?.Id);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Account locked",
                detail: "Too many failed sign-ins; the account is locked for a while.");
        }
        if (!result.Succeeded)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
                detail: "Wrong user name or password.");
        }
        return TypedResults.Empty;
    }

    /// <summary>The signed-in staff member</summary>
    /// <remarks>
    /// Any signed-in staff member. Reads the caller's account: user name, full name, roles and jurisdiction; changes nothing.
    /// </remarks>
    public static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> Me(StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        if (staff.UserId is not { } id) return TypedResults.Unauthorized();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.Id, u.UserName, u.FullName, u.JurisdictionUnitId, Unit = u.JurisdictionUnit!.Name })
            .SingleOrDefaultAsync(ct);
        if (user is null) return TypedResults.Unauthorized();
        var roles = Roles.All.Where(staff.IsInRole).ToArray();
        return TypedResults.Ok(new MeResponse(user.Id, user.UserName!, user.FullName, roles, user.JurisdictionUnitId, user.Unit));
    }

    /// <summary>Staff accounts in the caller's jurisdiction</summary>
    /// <remarks>
    /// Administrators only. Lists the staff accounts whose jurisdiction lies inside the caller's, with their roles and whether
    /// they are locked out; changes nothing.
    /// </remarks>
    public static async Task<Ok<StaffUserResponse[]>> ListUsers(StaffContext staff, HaiLongDbContext db, CancellationToken ct)
    {
        var path = await staff.JurisdictionPathAsync(ct) ?? "\0";
        var now = DateTimeOffset.UtcNow;
        var rows = await db.Users.AsNoTracking()
            .Where(u => path == "/" || (u.JurisdictionUnit != null && u.JurisdictionUnit.Path.StartsWith(path)))
            .OrderBy(u => u.UserName)
            .Select(u => new
            {
                u.Id, u.UserName, u.FullName, u.JurisdictionUnitId, u.LockoutEnd,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToArray(),
            })
            .ToListAsync(ct);
        return TypedResults.Ok(rows.Select(u => new StaffUserResponse(u.Id, u.UserName!, u.FullName, u.Roles, u.JurisdictionUnitId,
            u.LockoutEnd > now)).ToArray());
    }

    /// <summary>Create a staff account</summary>
    /// <remarks>
    /// Administrators only. Creates a staff account with one role and a jurisdiction inside the caller's. Refuses an unknown
    /// role or a password the policy rejects (400), a unit outside the caller's jurisdiction (404), a user name already
    /// taken (409) and a hamlet head whose jurisdiction is not a hamlet or residential group (422).
    /// </remarks>
    public static async Task<Results<Created<StaffUserResponse>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>>> CreateUser(
        CreateStaffUserRequest request, StaffAccounts accounts, CancellationToken ct)
    {
        if (!Roles.All.Contains(request.Role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["role"] = [$"Unknown role '{request.Role}'. Use one of: {string.Join(", ", Roles.All)}."],
            });
        }
        // The API's caller typed the password and hands it over themselves; the pages' one-time passwords must be replaced.
        var (user, refusal) = await accounts.CreateAsync(request, mustChangePassword: false, ct);
        return refusal?.Reason switch
        {
            null => TypedResults.Created($"/api/users/{user!.Id}",
                new StaffUserResponse(user.Id, user.UserName!, user.FullName, [request.Role], user.JurisdictionUnitId, false)),
            AccountRefusalReason.UnitNotFound => TypedResults.NotFound(Problems.NotFound("unit", request.JurisdictionUnitId!.Value)),
            AccountRefusalReason.UserNameTaken => TypedResults.Conflict(Problems.Conflict($"User name '{request.UserName}' is taken.")),
            AccountRefusalReason.HamletHeadOutsideHamlet => TypedResults.UnprocessableEntity(Problems.Unprocessable(
                "A hamlet head's jurisdiction must be a hamlet or residential group (Hamlet, ResidentialGroup).")),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["password"] = refusal.Errors?.Select(e => e.Description).ToArray() ?? [],
            }),
        };
    }
}
