using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace HaiLong.Api.Infrastructure;

/// <summary>Names of the authorisation and rate-limit policies endpoints ask for.</summary>
public static class Policies
{
    public const string Staff = nameof(Staff);
    public const string Administrator = Roles.Administrator;
    public const string SignInRateLimit = "sign-in";
    public const string CitizenRateLimit = "citizen";
}

public static class AuthorizationSetup
{
    /// <summary>The shared policies; a capability adds its own in its Add method. Every refusal of a signed-in user is audited.</summary>
    public static IServiceCollection AddHaiLongAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        return services;
    }
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
