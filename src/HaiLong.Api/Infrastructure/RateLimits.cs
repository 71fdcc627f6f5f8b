using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace HaiLong.Api.Infrastructure;

public static class RateLimitSetup
{
    /// <summary>The sign-in and citizen limits (<see cref="Policies"/>); a refusal is a 429 ProblemDetails with Retry-After.</summary>
    public static IServiceCollection AddHaiLongRateLimits(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policies.SignInRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = configuration.GetValue("HaiLong:RateLimits:SignInPerMinute", 10),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            // Generous: every citizen at a service centre may share one Wi-Fi address, and one survey takes 3–4 requests
            // (form, answers, thank-you, optional criteria), so a busy centre's hundreds of citizens an hour fit easily.
            o.AddPolicy(Policies.CitizenRateLimit, ctx => RateLimitPartition.GetTokenBucketLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = configuration.GetValue("HaiLong:RateLimits:CitizenBurst", 400),
                    TokensPerPeriod = configuration.GetValue("HaiLong:RateLimits:CitizenPerMinute", 200),
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
}
