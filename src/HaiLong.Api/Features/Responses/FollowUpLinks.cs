using Microsoft.AspNetCore.DataProtection;

namespace HaiLong.Api.Features.Responses;

/// <summary>
/// The thank-you page's "file a petition or complaint" link carries an opaque, tamper-proof reference to the response, so a
/// case can be linked to it without putting guessable response ids in URLs.
/// </summary>
public sealed class FollowUpLinks(IDataProtectionProvider provider, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _protector =
        provider.CreateProtector("HaiLong.Responses.FollowUp").ToTimeLimitedDataProtector();

    public string Protect(long responseId, int unitId) =>
        _protector.Protect($"{responseId}:{unitId}", clock.GetUtcNow().AddDays(30));

    /// <summary>The response and ward behind a reference, or null when it is forged, damaged or older than 30 days.</summary>
    public (long ResponseId, int UnitId)? Unprotect(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        try
        {
            var parts = _protector.Unprotect(reference).Split(':');
            return (long.Parse(parts[0]), int.Parse(parts[1]));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>URL of the case filing page, opened from the thank-you page.</summary>
    public string FilingUrl(long responseId, int unitId) => $"/c/new?r={Uri.EscapeDataString(Protect(responseId, unitId))}";
}
