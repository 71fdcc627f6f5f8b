using Microsoft.AspNetCore.Antiforgery;

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

    /// <summary>
    /// A staff page group's form posts: their antiforgery token is checked here instead of by the framework, so a lost or
    /// forged token (an old tab, a cleared cookie) is answered with <paramref name="refused"/>'s page rather than a bare 400.
    /// </summary>
    public static RouteGroupBuilder MapFormPosts(this RouteGroupBuilder pages, Func<HttpContext, IResult> refused) =>
        pages.MapGroup("").DisableAntiforgery().AddEndpointFilter((context, next) => PageWithoutTokenAsync(context, next, refused));

    /// <summary>The check of <see cref="MapFormPosts"/>, as an endpoint filter: a valid token goes on, any other gets the page.</summary>
    public static async ValueTask<object?> PageWithoutTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next,
        Func<HttpContext, IResult> refused)
    {
        var http = context.HttpContext;
        return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http) ? await next(context) : refused(http);
    }
}
