using System.Net.Http.Headers;
using System.Net.Http.Json;
using HaiLong.Api.Infrastructure.Seeding;
using HaiLong.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// The whole app on its own real PostgreSQL database (a copy of the seeded template). Use as a class fixture; tests that
/// need a browser call <see cref="StartServer"/> to serve on a real loopback port.
/// </summary>
public sealed class HaiLongApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = new();
    private string? _connectionString;
    private bool _ownsDatabase;

    public HaiLongApp() { }

    /// <summary>For the template bootstrap: run against an existing database.</summary>
    internal HaiLongApp(string connectionString) => _connectionString = connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Override a configuration value before the host starts (e.g. a policy or a rate limit).</summary>
    public HaiLongApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public async Task InitializeAsync()
    {
        _connectionString = await TestCluster.CreateDatabaseAsync();
        _ownsDatabase = true;
    }

    internal Task StartAsync()
    {
        _ = Server;
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) await TestCluster.DropDatabaseAsync(ConnectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:HaiLong", ConnectionString);
        builder.UseSetting("HaiLong:SeedDemo", "true");
        builder.UseSetting("HaiLong:RequireHttps", "false");
        builder.UseSetting("HaiLong:Hangfire:Server", "false");
        builder.UseSetting("HaiLong:RateLimits:SignInPerMinute", "1000");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>Serves the app on a real loopback port (for a browser) and returns its base address.</summary>
    public Uri StartLoopbackServer()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address.Replace("://[::]", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://localhost", "://127.0.0.1")
            .Replace("://[::1]", "://127.0.0.1"));
    }

    public HaiLongDbContext NewDbContext()
    {
        var options = new DbContextOptionsBuilder<HaiLongDbContext>().UseHaiLongPostgres(ConnectionString).Options;
        return new HaiLongDbContext(options);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>An API client signed in with a bearer token as the given demo user.</summary>
    public async Task<HttpClient> ClientAsAsync(string userName, string password = Seeder.DemoPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private sealed record TokenBody(string AccessToken);
}

/// <summary>Demo users seeded in every test database (see Seeder).</summary>
public static class DemoUsers
{
    public const string Administrator = "quantri";
    public const string WardLeaderA = "lanhdao.phuong";
    public const string ServiceStaffA = "motcua.phuong";
    public const string InspectorA = "thanhtra.phuong";
    public const string EvaluatorA = "danhgia.phuong";
}
