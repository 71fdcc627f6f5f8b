using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using HaiLong.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace HaiLong.IntegrationTests.Foundation;

public sealed class OpenApiTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>Pinned: a newer linter may add rules; upgrading is a deliberate change.</summary>
    private const string Redocly = "@redocly/cli@2.77.0";

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
    public async Task The_document_passes_the_redocly_linter_without_errors()
    {
        var json = await app.AnonymousClient().GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(Path.GetTempPath(), $"hailong-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            var psi = new ProcessStartInfo("npx", ["--yes", Redocly, "lint", file, "--format=stylish"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            psi.Environment["NO_COLOR"] = "1";
            psi.Environment["REDOCLY_TELEMETRY"] = "off";
            psi.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
            var output = await stdout + await stderr;

            Assert.True(process.ExitCode == 0, $"redocly lint exited {process.ExitCode}:\n{output}");
            Assert.Contains("valid", output);
            Assert.DoesNotMatch(@"\berror\b", output.Replace("0 errors", ""));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Normalise(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route.TrimEnd('/'), @"\{(\w+)(:[^}]*)?\}", "{$1}");
}
