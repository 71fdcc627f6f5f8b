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

    /// <summary>Cheap shape check before touching the database: a token, or a yearly slip's short code as printed in its QR.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
        || ShortCodes.IsCanonical(token);

    public static string SurveyPath(string token) => $"/s/{token}";

    /// <summary>Where a person types a slip's short code (printed on the slip, so it never changes).</summary>
    public const string CodeEntryPath = "/s";
}

/// <summary>
/// The code printed on a yearly-survey slip (<see cref="InvitationKind.AnnualSample"/>), for a person who cannot scan its QR:
/// 12 characters of Crockford base32, printed in groups of four (ABCD-EFGH-JKMN).
/// <para>
/// The short code IS the slip's token (its canonical form, without dashes, is what the QR's URL carries and what is hashed),
/// rather than a second secret that maps to a 128-bit token: one slip has one secret, so the QR and the typed code open the
/// same link and its single use, revocation and window live in one row and one lookup (no second column kept in step), and
/// the URL in the QR stays short enough for a small, robust code on a slip a tenth of an A4 sheet.
/// </para>
/// <para>
/// 60 random bits: with a ward's largest batch (2,000 slips) live, one guess hits a slip with probability 2,000 / 2^60 ≈ 2e-15,
/// and every guess goes through the citizens' rate limit — even a nation's worth of live slips (10^7) needs ~10^11 guesses
/// per hit. What is weaker than a 128-bit token: a leaked database's SHA-256 hashes could be searched offline at ~2^60
/// hashes (GPU-years) for unused slips; the prize would be one yearly answer per slip.
/// </para>
/// Crockford's alphabet has no I, L, O or U; a person's I or L is read as 1 and O as 0, case, spaces and dashes are ignored.
/// </summary>
public static class ShortCodes
{
    public const int Length = 12;
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new random code in canonical form (what the URL carries and the hash is taken of).</summary>
    public static string New()
    {
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++) code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(code);
    }

    /// <summary>ABCD-EFGH-JKMN, as printed on the slip.</summary>
    public static string Grouped(string code) => string.Join('-', code.Chunk(4).Select(c => new string(c)));

    public static bool IsCanonical(string? code) => code is { Length: Length } && code.All(c => Alphabet.Contains(c));

    /// <summary>
    /// What a person typed, as a canonical code: case, spaces and dashes ignored, I/L read as 1 and O as 0; null when it cannot
    /// be one (a wrong length, or a character outside the alphabet).
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 64) return null;
        var chars = new List<char>(Length);
        foreach (var raw in typed)
        {
            if (raw is '-' or ' ' or '\u00A0' or '\t' or '.' or '\u2010' or '\u2013') continue;
            var c = char.ToUpperInvariant(raw) switch
            {
                'I' or 'L' => '1',
                'O' => '0',
                var other => other,
            };
            if (!Alphabet.Contains(c)) return null;
            chars.Add(c);
        }
        return chars.Count == Length ? new string([.. chars]) : null;
    }
}
