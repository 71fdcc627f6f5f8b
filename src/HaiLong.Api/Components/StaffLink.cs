namespace HaiLong.Api.Components;

/// <summary>A staff area a capability offers; the staff layout and home list those the signed-in person's roles may open.
/// <paramref name="TitleKey"/> names its title in <c>StaffResources.resx</c>.</summary>
public sealed record StaffLink(string Href, string TitleKey, IReadOnlyList<string> Roles)
{
    public bool IsFor(System.Security.Claims.ClaimsPrincipal user) => Roles.Count == 0 || Roles.Any(user.IsInRole);
}

public static class StaffLinkRegistration
{
    /// <summary>
    /// Registers a staff area in DI; the layout's navigation is drawn from every registration, in registration order. Two
    /// registrations of one address are a start-up error: two capabilities would be claiming the same page.
    /// <paramref name="titleKey"/> is the key of its title in <c>StaffResources.resx</c> (<c>Link_…</c>).
    /// </summary>
    public static IServiceCollection AddStaffLink(this IServiceCollection services, string href, string titleKey, params IReadOnlyList<string> roles)
    {
        if (services.Any(d => d.ServiceType == typeof(StaffLink) && d.ImplementationInstance is StaffLink l && l.Href == href))
        {
            throw new InvalidOperationException($"The staff link {href} is registered twice.");
        }
        return services.AddSingleton(new StaffLink(href, titleKey, roles));
    }
}
