namespace HaiLong.Api.Infrastructure;

/// <summary>A capability's OpenAPI tag and the description shown for it in the API reference.</summary>
public sealed record ApiTag(string Name, string Description);

public static class ApiTagRegistration
{
    /// <summary>
    /// Registers a tag's description in DI, where the OpenAPI document transformer reads it (a tag without one is described
    /// as "{Name} endpoints."). A tag described twice is a start-up error, not a silent overwrite.
    /// </summary>
    public static IServiceCollection AddApiTag(this IServiceCollection services, string name, string description)
    {
        if (services.Any(d => d.ServiceType == typeof(ApiTag) && d.ImplementationInstance is ApiTag t && t.Name == name))
        {
            throw new InvalidOperationException($"The OpenAPI tag '{name}' is described twice.");
        }
        return services.AddSingleton(new ApiTag(name, description));
    }
}
