using System.Buffers.Text;
using System.Security.Cryptography;

namespace HaiLong.Api.Features.Invitations;

/// <summary>
/// Survey tokens: 128 random bits in base64url (22 characters), so the printed URL stays short. Only the SHA-256 of a
/// token is stored: a leaked database cannot be turned back into working survey links.
/// </summary>
public static class InvitationTokens
{
    public const int Length = 22;

    public static (string Token, byte[] Hash) New()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return (token, Hash(token));
    }

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));

    /// <summary>Cheap shape check before touching the database.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string SurveyPath(string token) => $"/s/{token}";
}
