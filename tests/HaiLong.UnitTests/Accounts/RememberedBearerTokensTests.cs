using System.Security.Claims;
using HaiLong.Api.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace HaiLong.UnitTests.Accounts;

/// <summary>
/// A token unprotected once is remembered until its ticket expires; what does not unprotect, or has expired, or carries a
/// purpose, goes to the framework's protector every time; a full memory forgets the expired tickets first, then everything.
/// </summary>
public sealed class RememberedBearerTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);

    /// <summary>The framework's protector, standing in: "token-N" unprotects to a ticket expiring at the time it was given.</summary>
    private sealed class Protector : ISecureDataFormat<AuthenticationTicket>
    {
        public Dictionary<string, DateTimeOffset> Expiries { get; } = [];
        public int Calls { get; private set; }

        public string Protect(AuthenticationTicket data) => throw new NotSupportedException();
        public string Protect(AuthenticationTicket data, string? purpose) => throw new NotSupportedException();
        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Calls++;
            return protectedText is not null && Expiries.TryGetValue(protectedText, out var expires)
                ? new AuthenticationTicket(new ClaimsPrincipal(), new AuthenticationProperties { ExpiresUtc = expires }, "Bearer")
                : null;
        }
    }

    [Fact]
    public void A_token_is_unprotected_once_and_the_same_ticket_returned_after()
    {
        var (inner, remembered, _) = Make();
        inner.Expiries["token-1"] = Now.AddHours(1);

        var first = remembered.Unprotect("token-1");
        var second = remembered.Unprotect("token-1");

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void What_does_not_unprotect_has_expired_or_carries_a_purpose_is_asked_every_time()
    {
        var (inner, remembered, _) = Make();
        inner.Expiries["expired"] = Now;
        inner.Expiries["token-1"] = Now.AddHours(1);

        Assert.Null(remembered.Unprotect("forged"));
        Assert.Null(remembered.Unprotect("forged"));
        Assert.NotNull(remembered.Unprotect("expired"));
        Assert.NotNull(remembered.Unprotect("expired"));
        Assert.NotNull(remembered.Unprotect("token-1", "another purpose"));
        Assert.NotNull(remembered.Unprotect("token-1", "another purpose"));

        Assert.Equal(6, inner.Calls);
    }

    [Fact]
    public void A_full_memory_forgets_the_expired_tickets_first_then_all()
    {
        var (inner, remembered, clock) = Make();
        for (var i = 0; i < RememberedBearerTokens.Capacity; i++)
        {
            inner.Expiries[$"token-{i}"] = i == 0 ? Now.AddMinutes(1) : Now.AddHours(1);
            remembered.Unprotect($"token-{i}");
        }
        clock.Advance(TimeSpan.FromMinutes(2));
        inner.Expiries["newcomer"] = clock.GetUtcNow().AddHours(1);
        inner.Expiries["late"] = clock.GetUtcNow().AddHours(1);

        remembered.Unprotect("newcomer"); // full: token-0 has expired and goes
        remembered.Unprotect("token-1");  // still remembered
        var calls = inner.Calls;
        remembered.Unprotect("late");     // full again, nothing expired: all go
        remembered.Unprotect("token-2");

        Assert.Equal(RememberedBearerTokens.Capacity + 1, calls);
        Assert.Equal(calls + 2, inner.Calls);
    }

    private static (Protector Inner, RememberedBearerTokens Remembered, FakeTimeProvider Clock) Make()
    {
        var inner = new Protector();
        var clock = new FakeTimeProvider(Now);
        return (inner, new RememberedBearerTokens(inner, clock), clock);
    }
}
