namespace HaiLong.Api.Infrastructure;

public static class RequestLimits
{
    /// <summary>Kestrel's own limits: the largest body (<c>HaiLong:MaxRequestBodyBytes</c>, a 413 before any middleware) and no Server header.</summary>
    public static WebApplicationBuilder AddHaiLongRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long>("HaiLong:MaxRequestBodyBytes", 1_048_576);
            k.AddServerHeader = false;
        });
        return builder;
    }
}
