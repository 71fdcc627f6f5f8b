using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace HaiLong.Api.Features.Accounts;

/// <summary>
/// The bearer token's protector, remembering what it has already unprotected. Every API call of a counter clerk carries the
/// same token for an hour, and decrypting and deserialising it again (Data Protection's AES and HMAC, then the ticket) was a
/// tenth of the app's CPU for a QR issue (BENCHMARKS.md §4). The handler still checks the ticket's expiry on every request
/// against the app's clock, so a remembered ticket never outlives its token; a token that does not unprotect is not
/// remembered. What a ticket says (the user id, the roles at sign-in) is what the token said: nothing read per request from
/// the database (the jurisdiction, <see cref="StaffContext"/>) is in it.
/// </summary>
internal sealed class RememberedBearerTokens(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>Enough for every staff member of a province signed in at once; each entry is a token string and its ticket (~2 KB).</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, AuthenticationTicket> _tickets = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null) return inner.Unprotect(protectedText, purpose);
        if (_tickets.TryGetValue(protectedText, out var remembered)) return remembered;
        var ticket = inner.Unprotect(protectedText);
        if (ticket?.Properties.ExpiresUtc is { } expires && expires > clock.GetUtcNow())
        {
            if (_tickets.Count >= Capacity) Forget();
            _tickets[protectedText] = ticket;
        }
        return ticket;
    }

    /// <summary>The expired tickets go; when none has expired, all go (the next request of each unprotects its token again).</summary>
    private void Forget()
    {
        var now = clock.GetUtcNow();
        foreach (var (token, ticket) in _tickets)
        {
            if (ticket.Properties.ExpiresUtc <= now) _tickets.TryRemove(token, out _);
        }
        if (_tickets.Count >= Capacity) _tickets.Clear();
    }
}
