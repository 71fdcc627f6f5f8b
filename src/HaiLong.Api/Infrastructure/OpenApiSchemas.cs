using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// Makes the schemas say what the server does, so a client generated from the document (Kiota, NSwag) works without hand
/// fixes: required members are the ones the server refuses to go without, closed sets are enums, errors are modelled in
/// full, and files and pages are declared with their content types.
/// </summary>
public static class OpenApiSchemas
{
    public static OpenApiOptions AddHaiLongSchemas(this OpenApiOptions options)
    {
        options.AddSchemaTransformer(RequiredMeansRequired);
        options.AddSchemaTransformer(ClosedSets);
        options.AddSchemaTransformer(ProblemShapes);
        options.AddOperationTransformer(DeclaredContent);
        return options;
    }

    /// <summary>
    /// A member marked [Required] is refused when missing or null (AddValidation answers 400 naming it): it is listed as
    /// required and its type does not admit null, even where the record declares it nullable so that a missing value type
    /// is seen rather than silently defaulted (<c>[property: Required] DateOnly? Date</c>).
    /// </summary>
    private static Task RequiredMeansRequired(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is not { Count: > 0 } properties) return Task.CompletedTask;
        foreach (var member in context.JsonTypeInfo.Properties)
        {
            if (member.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) != true) continue;
            if (!properties.TryGetValue(member.Name, out var property)) continue;
            schema.Required ??= new HashSet<string>();
            schema.Required.Add(member.Name);
            properties[member.Name] = WithoutNull(property);
        }
        return Task.CompletedTask;
    }

    private static IOpenApiSchema WithoutNull(IOpenApiSchema property)
    {
        if (property is not OpenApiSchema schema) return property;
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)) schema.Type = type & ~JsonSchemaType.Null;
        // A nullable member whose type becomes a component (an enum, a record) is later written oneOf [null, $ref] because
        // of this mark; without it the member is the plain reference.
        schema.Metadata?.Remove(NullablePropertyMark);
        return schema;
    }

    /// <summary>Microsoft.AspNetCore.OpenApi's mark on a nullable member whose schema is a reference.</summary>
    private const string NullablePropertyMark = "x-is-nullable-property";

    /// <summary>
    /// Enums are strings on the wire (JsonContract): say so, and keep null out of the list — whether a member may be null
    /// is said where it is used. A string limited by [AllowedValues] (a query parameter or a member) becomes an enum too.
    /// </summary>
    private static Task ClosedSets(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum && schema.Enum is { Count: > 0 })
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. schema.Enum.Where(v => v is not null)];
        }
        var allowed = context.JsonPropertyInfo is { } member
            ? member.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: true).OfType<AllowedValuesAttribute>().FirstOrDefault()
            : context.ParameterDescription?.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var parameter }
                ? parameter.GetCustomAttribute<AllowedValuesAttribute>()
                : null;
        if (allowed is not null && schema.Type?.HasFlag(JsonSchemaType.String) == true)
        {
            // null in the list only lets the parameter be absent; that is said by its not being required.
            schema.Enum = [.. allowed.Values.OfType<object>().Select(v => (JsonNode)JsonValue.Create(v.ToString()!))];
            // A nullable member may also be null: JSON Schema's enum must then list it, or null would not validate.
            if (context.JsonPropertyInfo is not null && schema.Type.Value.HasFlag(JsonSchemaType.Null)) schema.Enum.Add(null!);
        }
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(ClosedSetAttribute), inherit: true)
                .OfType<ClosedSetAttribute>().FirstOrDefault() is { } closed)
        {
            // A list of such strings (a user's roles) lists them on its items.
            var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true ? schema.Items as OpenApiSchema : schema;
            if (target?.Type?.HasFlag(JsonSchemaType.String) == true)
            {
                target.Enum = [.. closed.Values.Select(v => (JsonNode)JsonValue.Create(v))];
                if (target.Type.Value.HasFlag(JsonSchemaType.Null)) target.Enum.Add(null!);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every problem carries the traceId ProblemDefaults adds, and may carry extensions (state, rowErrors); the validation
    /// problem's errors are field → messages.
    /// </summary>
    private static Task ProblemShapes(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (!typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type)
            && !typeof(HttpValidationProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            return Task.CompletedTask;
        }
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Identifies the request in the server's logs; quote it when reporting a problem.",
        };
        schema.Required ??= new HashSet<string>();
        schema.Required.Add("traceId");
        if (typeof(HttpValidationProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For each refused field (a member's name or path, a query parameter, a header), what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            schema.Required.Add("errors");
        }
        return Task.CompletedTask;
    }

    /// <summary>Fills the content of responses declared with <see cref="ProducesContent"/>: a page is a string, a file is binary.</summary>
    private static Task DeclaredContent(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var declared in context.Description.ActionDescriptor.EndpointMetadata.OfType<DeclaredContentMetadata>())
        {
            operation.Responses ??= new OpenApiResponses();
            var code = declared.StatusCode.ToString();
            if (!operation.Responses.TryGetValue(code, out var existing) || existing is not OpenApiResponse response)
            {
                response = new OpenApiResponse();
                operation.Responses[code] = response;
            }
            response.Description ??= declared.Description;
            response.Content = declared.ContentTypes.ToDictionary(t => t, t => new OpenApiMediaType
            {
                Schema = t.StartsWith("text/html", StringComparison.Ordinal)
                    ? new OpenApiSchema { Type = JsonSchemaType.String }
                    : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            });
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Declares a response that is not JSON — a page, a CSV or XLSX file, an attachment — with its content types, which the
    /// framework's own Produces() leaves without a schema.
    /// </summary>
    public static RouteHandlerBuilder ProducesContent(this RouteHandlerBuilder builder, int statusCode, string description,
        params IReadOnlyList<string> contentTypes) =>
        builder.WithMetadata(new DeclaredContentMetadata(statusCode, description, contentTypes));

    private sealed record DeclaredContentMetadata(int StatusCode, string Description, IReadOnlyList<string> ContentTypes);
}

/// <summary>
/// The values a member kept as text can take, named by a static list in code (<c>[ClosedSet(typeof(CaseChannels),
/// nameof(CaseChannels.All))]</c>; a dictionary gives its keys); the document lists them as an enum, on the items of a list
/// of strings. For text stored as such in the database or in frozen snapshots, where a C# enum would reach into every
/// writer and stored row; the list in code is the one the writers use, so the document cannot drift from them.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ClosedSetAttribute(Type type, string member) : Attribute
{
    public IReadOnlyList<string> Values =>
        (type.GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
            ?? type.GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)) switch
        {
            IEnumerable<KeyValuePair<string, string>> map => [.. map.Select(p => p.Key)],
            IEnumerable<string> values => [.. values],
            _ => throw new InvalidOperationException($"{type.Name}.{member} is not a public static list of strings."),
        };
}
