using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace HaiLong.Api.Infrastructure;

/// <summary>How the API reads and writes JSON, in one place for every endpoint and for the OpenAPI document built from it.</summary>
public static class JsonContract
{
    public static IServiceCollection AddHaiLongJson(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o =>
        {
            // Enums travel by name; a number is refused (see NamedEnumConverter) — also for enums declared in the API project.
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        });
        // A body that cannot be read (a wrong type, an unknown enum name) reaches ProblemExceptionHandler, which names the
        // field; otherwise the framework answers a bare 400 in production and the client cannot tell what to fix.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
