using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace HaiLong.IntegrationTests.Api;

/// <summary>
/// For every operation in the OpenAPI document, sends malformed requests — wrong types, missing fields, a huge body,
/// invalid UTF-8, the wrong content type, nonsense path values — as an administrator, and requires that none is a 500,
/// every error is a ProblemDetails, and nothing is stored (per-table checksums). The generated sweep (GeneratedSweepTests)
/// goes further: hostile values inside otherwise plausible requests, as every role.
/// </summary>
[RunsLong(30)]
public sealed class BadInputSweepTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task No_malformed_request_is_a_500_or_changes_anything()
    {
        var client = await app.ClientAsAsync(DemoUsers.Administrator);
        var document = await app.OpenApiDocumentAsync();
        var before = await InputSweep.ChecksumsAsync(app.ConnectionString);
        var failures = new List<string>();
        var sent = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description") continue;
                // Signing in is exercised elsewhere; a malformed sign-in is a plain 400/401 but would lock demo accounts.
                if (path.StartsWith("/api/auth/")) continue;
                var hasBody = operation!["requestBody"] is not null;
                foreach (var concretePath in BadPaths(path))
                {
                    foreach (var (label, content) in BadBodies(hasBody, operation, document))
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), concretePath) { Content = content };
                        using var response = await client.SendAsync(request);
                        sent++;
                        var status = (int)response.StatusCode;
                        var type = response.Content.Headers.ContentType?.MediaType;
                        if (status >= 500)
                        {
                            var body = Truncate(await response.Content.ReadAsStringAsync());
                            failures.Add($"{method.ToUpperInvariant()} {concretePath} [{label}] → {status}: {body}");
                        }
                        else if (status >= 400 && type != "application/problem+json")
                        {
                            failures.Add($"{method.ToUpperInvariant()} {concretePath} [{label}] → {status} with {type ?? "no body"}, not a ProblemDetails");
                        }
                    }
                }
            }
        }

        var after = await InputSweep.ChecksumsAsync(app.ConnectionString);
        var changed = after.Where(kv => before.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => $"{kv.Key} changed");
        failures.AddRange(changed);
        Assert.True(sent > 0, "the OpenAPI document listed no operation");
        Assert.True(failures.Count == 0, $"{failures.Count} problems in {sent} requests:\n" + string.Join('\n', failures.Take(60)));
    }

    [Fact]
    public async Task A_wrong_content_type_says_which_type_to_send()
    {
        var client = await app.ClientAsAsync(DemoUsers.Administrator);
        var response = await client.PostAsync("/api/agencies", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("application/x-www-form-urlencoded", problem["detail"]!.ToString());
        Assert.Contains("application/json", problem["detail"]!.ToString());
    }

    private static IEnumerable<string> BadPaths(string template)
    {
        if (!template.Contains('{'))
        {
            yield return template;
            yield break;
        }
        foreach (var value in new[] { "abc", "-1", "0", "99999999", "99999999999999999999", "%20", "..%2F..", new string('x', 300) })
        {
            yield return System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", value);
        }
    }

    private static IEnumerable<(string Label, HttpContent? Content)> BadBodies(bool hasBody, JsonNode operation, JsonNode document)
    {
        if (!hasBody)
        {
            yield return ("no body", null);
            yield break;
        }
        yield return ("no body", null);
        yield return ("empty json", Json("{}"));
        yield return ("json null", Json("null"));
        yield return ("json array", Json("[1,2,3]"));
        yield return ("broken json", Json("{\"a\": "));
        yield return ("text/plain", new StringContent("hello", Encoding.UTF8, "text/plain"));
        var invalidUtf8 = new ByteArrayContent([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]);
        invalidUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        yield return ("invalid utf-8", invalidUtf8);
        yield return ("huge body", Json("{\"x\":\"" + new string('a', 3_000_000) + "\"}"));
        var schema = OpenApiJson.Resolve(operation["requestBody"]?["content"]?["application/json"]?["schema"], document);
        if (schema?["properties"] is JsonObject properties)
        {
            var wrong = new JsonObject();
            foreach (var (name, prop) in properties)
            {
                var type = OpenApiJson.Resolve(prop, document)?["type"]?.ToString() ?? "";
                wrong[name] = type.Contains("string") ? JsonValue.Create(12345) : JsonValue.Create("not-a-" + type);
            }
            yield return ("wrong types", Json(wrong.ToJsonString()));
            var overlong = new JsonObject();
            foreach (var (name, _) in properties) overlong[name] = new string('ệ', 5000);
            yield return ("over-long strings", Json(overlong.ToJsonString()));
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Truncate(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
