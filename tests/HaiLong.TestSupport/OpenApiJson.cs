using System.Text.Json.Nodes;

namespace HaiLong.TestSupport;

/// <summary>Reading the API's OpenAPI document as JSON, as the contract tests and the input sweeps do.</summary>
public static class OpenApiJson
{
    /// <summary>
    /// The schema a <c>$ref</c> (<c>#/components/schemas/…</c>) points to, following a chain of them a few deep, or the schema
    /// itself when it is no reference.
    /// </summary>
    public static JsonNode? Resolve(JsonNode? schema, JsonNode document)
    {
        for (var i = 0; i < 8 && schema?["$ref"] is { } reference; i++)
        {
            JsonNode? node = document;
            foreach (var part in reference.ToString().TrimStart('#', '/').Split('/')) node = node?[part];
            schema = node;
        }
        return schema;
    }
}
