using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HaiLong.Api.Features.Responses;

/// <summary>
/// Abuse signals kept without identifying anyone: a random device cookie and the client IP are stored only as keyed hashes
/// (HMAC-SHA256 with a secret salt), so equal devices can be matched but never traced back.
/// </summary>
public sealed class AbuseSignals
{
    public const string DeviceCookie = "hailong.device";
    private readonly byte[] _salt;

    public AbuseSignals(IConfiguration config, ILogger<AbuseSignals> logger)
    {
        var configured = config["HaiLong:Surveys:SignalSalt"];
        if (string.IsNullOrEmpty(configured))
        {
            // Without a shared salt the device window holds only within this process; replicas must share one.
            logger.LogWarning("HaiLong:Surveys:SignalSalt is not set; using a random salt for this process only.");
            _salt = RandomNumberGenerator.GetBytes(32);
        }
        else
        {
            _salt = Encoding.UTF8.GetBytes(configured);
        }
    }

    public string Hash(string kind, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_salt, Encoding.UTF8.GetBytes($"{kind}:{value}")));

    public string? IpHash(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip ? Hash("ip", ip.ToString()) : null;

    /// <summary>The device's hash, giving the browser a new random device id if it has none.</summary>
    public string DeviceHash(HttpContext http)
    {
        var id = http.Request.Cookies[DeviceCookie];
        if (id is not { Length: 22 } || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            http.Response.Cookies.Append(DeviceCookie, id, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(400),
                IsEssential = true,
                Path = "/",
            });
        }
        return Hash("device", id);
    }
}
