namespace HaiLong.Api.Infrastructure;

public static class AntiforgerySetup
{
    /// <summary>The forms' antiforgery cookie and field (<c>__af</c>).</summary>
    public static IServiceCollection AddHaiLongAntiforgery(this IServiceCollection services) =>
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "hailong.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__af";
            // Antiforgery would send X-Frame-Options: SAMEORIGIN with every form, which stops UseSecurityHeaders' DENY.
            o.SuppressXFrameOptionsHeader = true;
        });
}
