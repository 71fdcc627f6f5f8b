using HaiLong.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HaiLong.UnitTests.Accounts;

/// <summary>
/// The combined scheme is answered "no result" without its handlers only for a request without any credential; everything
/// else reaches the framework's authentication service.
/// </summary>
public sealed class CredentialFreeShortcutTests
{
    private sealed class Framework : IAuthenticationService
    {
        public List<string> Calls { get; } = [];

        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme)
        {
            Calls.Add($"authenticate {scheme}");
            return Task.FromResult(AuthenticateResult.Fail("asked"));
        }

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Record($"challenge {scheme}");

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Record($"forbid {scheme}");

        public Task SignInAsync(HttpContext context, string? scheme, System.Security.Claims.ClaimsPrincipal principal,
            AuthenticationProperties? properties) => Record($"sign-in {scheme}");

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Record($"sign-out {scheme}");

        private Task Record(string call)
        {
            Calls.Add(call);
            return Task.CompletedTask;
        }
    }

    private static (IAuthenticationService Service, Framework Framework, HttpContext Http) Build(string? authorization = null,
        string? cookie = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        CredentialFreeShortcut.Register(services);
        var framework = new Framework();
        var registered = services.Single(d => d.ServiceType == typeof(IAuthenticationService) && d.IsKeyedService);
        services.Remove(registered);
        services.AddKeyedSingleton<IAuthenticationService>(registered.ServiceKey, framework);
        var provider = services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        if (authorization is not null) http.Request.Headers.Authorization = authorization;
        if (cookie is not null) http.Request.Headers.Cookie = cookie;
        return (provider.GetRequiredService<IAuthenticationService>(), framework, http);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "hailong.device=abcdefghijklmnopqrstuv")]
    public async Task A_request_without_a_credential_is_no_result_without_asking_the_handlers(string? authorization, string? cookie)
    {
        var (service, framework, http) = Build(authorization, cookie);

        var result = await service.AuthenticateAsync(http, CredentialFreeShortcut.CombinedScheme);

        Assert.True(result.None);
        Assert.Empty(framework.Calls);
    }

    [Theory]
    [InlineData("Bearer abc", null)]
    [InlineData(null, "hailong.device=x; hailong.staff=chunks-2")]
    public async Task A_bearer_token_or_the_staff_cookie_goes_to_the_handlers(string? authorization, string? cookie)
    {
        var (service, framework, http) = Build(authorization, cookie);

        var result = await service.AuthenticateAsync(http, CredentialFreeShortcut.CombinedScheme);

        Assert.Equal("asked", result.Failure?.Message);
        Assert.Equal([$"authenticate {CredentialFreeShortcut.CombinedScheme}"], framework.Calls);
    }

    [Fact]
    public async Task Other_schemes_and_every_other_operation_go_to_the_framework()
    {
        var (service, framework, http) = Build();

        await service.AuthenticateAsync(http, "Identity.External");
        await service.AuthenticateAsync(http, null);
        await service.ChallengeAsync(http, CredentialFreeShortcut.CombinedScheme, null);
        await service.ForbidAsync(http, null, null);
        await service.SignInAsync(http, "Identity.Application", new(), null);
        await service.SignOutAsync(http, "Identity.Application", null);

        Assert.Equal(["authenticate Identity.External", "authenticate ", $"challenge {CredentialFreeShortcut.CombinedScheme}", "forbid ",
            "sign-in Identity.Application", "sign-out Identity.Application"], framework.Calls);
    }
}
