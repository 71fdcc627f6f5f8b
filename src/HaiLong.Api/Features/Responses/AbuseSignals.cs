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
    private const string SaltName = "abuse-signal-salt";
    private readonly InstallationSecrets _secrets;
    private readonly Lock _gate = new();
    private byte[]? _salt;

    public AbuseSignals(IConfiguration config, InstallationSecrets secrets)
    {
        _secrets = secrets;
        // Without a configured salt, one generated per installation and kept in the database: every replica and every
        // restart hashes the same device the same way, so the device window holds.
        if (config["HaiLong:Surveys:SignalSalt"] is { Length: > 0 } configured) _salt = Encoding.UTF8.GetBytes(configured);
    }

    internal sealed class LoadAtStartup(AbuseSignals signals) : IStartupTask
    {
        public Task RunAsync(CancellationToken ct) => signals.LoadAsync(ct);
    }

    /// <summary>Reads (or creates) the installation's salt at start-up, so no request waits for it.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _salt) is null) Volatile.Write(ref _salt, await _secrets.GetOrCreateAsync(SaltName, ct: ct));
    }

    // Kept only once read: a failed read (the database down at that moment) is retried by the next request instead of
    // being remembered, which a Lazy<T> would do — and then refuse every submission until a restart (fault test pg-outage).
    private byte[] Salt
    {
        get
        {
            if (Volatile.Read(ref _salt) is { } salt) return salt;
            lock (_gate) return _salt ??= _secrets.GetOrCreate(SaltName);
        }
    }

    public string Hash(string kind, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes($"{kind}:{value}")));

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
