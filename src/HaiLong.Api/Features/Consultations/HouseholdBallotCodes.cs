using System.Security.Cryptography;
using System.Text;
using HaiLong.Api.Features.Invitations;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// The code on a household's ballot slip for one consultation: 12 characters of Crockford base32 (<see cref="ShortCodes"/>),
/// printed grouped with a QR of <c>/h/{code}</c>, typed at <c>/h</c> online or by staff keying a paper slip.
/// <para>
/// Derived, not stored: HMAC-SHA256 of the installation's secret over the consultation and household ids, so the slips of a
/// consultation can be printed again at any time (a lost slip, a household that asks) without a table of secrets; only the
/// SHA-256 of the code is kept (<c>consultation_roll.ballot_code_hash</c>), to find the roll entry a typed code belongs to.
/// 60 bits, like the yearly slips: with every household of a province live, a guess hits with probability ~10^-12, and every
/// guess goes through the citizens' rate limit.
/// </para>
/// </summary>
public sealed class HouseholdBallotCodes(InstallationSecrets secrets)
{
    public const string SecretName = "household-ballot-codes";
    public const string EntryPath = "/h";

    public static string BallotPath(string code) => $"{EntryPath}/{code}";

    /// <summary>The canonical code of a household's slip in a consultation.</summary>
    public string For(long consultationId, long householdId)
    {
        var key = secrets.GetOrCreate(SecretName);
        var mac = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"consultation:{consultationId}:household:{householdId}"));
        Span<char> code = stackalloc char[ShortCodes.Length];
        // 5 bits per character from the MAC's first 60 bits.
        ulong bits = BitConverter.ToUInt64(mac, 0);
        for (var i = 0; i < ShortCodes.Length; i++)
        {
            code[i] = ShortCodes.Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }
        return new string(code);
    }

    /// <summary>What is stored and looked up: the SHA-256 of the canonical code.</summary>
    public static byte[] Hash(string canonicalCode) => SHA256.HashData(Encoding.ASCII.GetBytes(canonicalCode));
}
