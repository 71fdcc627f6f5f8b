using Microsoft.AspNetCore.Routing;

namespace HaiLong.IntegrationTests.Foundation;

[RunsLong(13)]
public sealed class OpenApiTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>Pinned: a newer linter may add rules; upgrading is a deliberate change.</summary>
    private const string Redocly = "@redocly/cli@2.77.0";

    private const string Spectral = "@stoplight/spectral-cli@6.16.3";

    [Fact]
    public async Task Every_api_endpoint_is_in_the_document_with_its_error_responses()
    {
        var document = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var endpoints = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/") == true)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(m => (Path: Normalise(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToList();
        Assert.NotEmpty(endpoints);
        var undocumented = endpoints.Where(e => !paths.TryGetProperty(e.Path, out var item) || !item.TryGetProperty(e.Method, out var op)
                || !op.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('2')))
            .Select(e => $"{e.Method.ToUpperInvariant()} {e.Path}").ToList();
        Assert.True(undocumented.Count == 0, "missing, or listed without a success response: " + string.Join(", ", undocumented));
        foreach (var (path, method) in endpoints)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing from the OpenAPI document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is missing");
            var responses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.True(responses.Any(r => r.StartsWith('2')), $"{method.ToUpperInvariant()} {path} lists no success response");
            Assert.True(responses.Any(r => r.StartsWith('4')), $"{method.ToUpperInvariant()} {path} lists no client error");
            Assert.True(operation.TryGetProperty("operationId", out _), $"{method} {path} has no operationId");
            Assert.True(operation.TryGetProperty("summary", out _), $"{method} {path} has no summary");
            foreach (var error in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                Assert.True(error.Value.GetProperty("content").TryGetProperty("application/problem+json", out _),
                    $"{method} {path} {error.Name} is not declared as application/problem+json");
            }
        }
        var units = paths.GetProperty("/api/units/{id}").GetProperty("put").GetProperty("responses");
        foreach (var code in new[] { "200", "400", "401", "403", "404", "409", "413", "415", "422" })
        {
            Assert.True(units.TryGetProperty(code, out _), $"PUT /api/units/{{id}} does not list {code}");
        }
        Assert.True(paths.GetProperty("/api/auth/token").GetProperty("post").GetProperty("responses").TryGetProperty("429", out _));
    }

    [Fact]
    public async Task The_document_passes_the_redocly_linter_without_errors_or_warnings()
    {
        var (exitCode, output) = await LintAsync("npx", ["--yes", Redocly, "lint", "openapi.json", "--config", "redocly.yaml", "--format=json"]);

        Assert.True(exitCode == 0, $"redocly lint exited {exitCode}:\n{output}");
        // JSON totals rather than the text report, whose Node deprecation banner says "warning" on its own.
        var totals = JsonDocument.Parse(output[output.IndexOf('{')..]).RootElement.GetProperty("totals");
        Assert.True(totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0,
            $"redocly reports problems (a warning that must stay is ignored in redocly.yaml or .redocly.lint-ignore.yaml with its reason):\n{output}");
    }

    [Fact]
    public async Task The_document_passes_spectrals_oas_ruleset_without_errors_or_warnings()
    {
        var (exitCode, output) = await LintAsync("npx", ["--yes", Spectral, "lint", "openapi.json", "--ruleset", ".spectral.yaml",
            "--format", "json", "--fail-severity", "warn", "--quiet"]);

        // Severity 0 is an error, 1 a warning; information and hints do not count.
        var results = JsonDocument.Parse(output[output.IndexOf('[')..]).RootElement.EnumerateArray()
            .Where(r => r.GetProperty("severity").GetInt32() <= 1)
            .Select(r => $"{r.GetProperty("code")} at {string.Join('/', r.GetProperty("path").EnumerateArray())}: {r.GetProperty("message")}")
            .ToList();
        Assert.True(results.Count == 0, "Spectral reports (a warning that must stay is disabled in .spectral.yaml with its reason):\n" +
            string.Join("\n", results));
        Assert.True(exitCode == 0, $"spectral exited {exitCode}:\n{output}");
    }

    [Fact]
    public async Task Every_operation_is_described_and_the_document_says_where_the_server_is_and_how_to_get_a_token()
    {
        var document = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var undescribed = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .Where(o => !o.Operation.TryGetProperty("description", out var d) || string.IsNullOrWhiteSpace(d.GetString()))
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").ToList();
        Assert.True(undescribed.Count == 0, "operations without a description: " + string.Join(", ", undescribed));
        Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("info").GetProperty("contact").GetProperty("name").GetString()));
        // Kiota refuses a relative server URL: the document names the host it was requested through.
        Assert.Equal("http://localhost", document.GetProperty("servers")[0].GetProperty("url").GetString());
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Contains("POST /api/auth/token", bearer.GetProperty("description").GetString());
        Assert.Contains("accessToken", bearer.GetProperty("description").GetString());
        Assert.Equal("opaque", bearer.GetProperty("bearerFormat").GetString());
    }

    [Fact]
    public async Task A_configured_public_base_url_is_the_documents_server()
    {
        await using var configured = app.WithWebHostBuilder(b => b.UseSetting("HaiLong:PublicBaseUrl", "https://khaosat.cantho.gov.vn/"));

        var document = await configured.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal("https://khaosat.cantho.gov.vn", Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
    }

    /// <summary>
    /// Lints the document served to a real host name as openapi.json beside copies of the committed rulesets, in a folder of its own: the
    /// rulesets' per-location exceptions name the file, and the linters read their configuration from the working folder.
    /// </summary>
    private async Task<(int ExitCode, string Output)> LintAsync(string command, string[] arguments)
    {
        // As an installation serves it: the server URL is the requested host, and a linter rightly warns about "localhost".
        var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "khaosat.cantho.gov.vn";
        var response = await app.AnonymousClient().SendAsync(request);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"url\": \"http://khaosat.cantho.gov.vn\"", json);
        var folder = Directory.CreateTempSubdirectory("hailong-openapi-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "openapi.json"), json);
            foreach (var ruleset in new[] { ".spectral.yaml", "redocly.yaml", ".redocly.lint-ignore.yaml" })
            {
                // The ignore file exists only while a redocly warning is deliberately left.
                var source = Path.Combine(Repository.Root(), ruleset);
                if (File.Exists(source)) File.Copy(source, Path.Combine(folder, ruleset));
            }
            var (exit, output, errors) = await ExternalTool.RunAsync(command, arguments, folder, TimeSpan.FromMinutes(5));
            Assert.True(output.Length > 0, $"{command} {string.Join(' ', arguments)} wrote nothing; stderr:\n{errors}");
            return (exit, output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Normalise(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route.TrimEnd('/'), @"\{(\w+)(:[^}]*)?\}", "{$1}");
}
