namespace HaiLong.IntegrationTests.Foundation;

/// <summary>The app on a real Kestrel loopback port, so that Kestrel's own request size limit is what answers.</summary>
public sealed class KestrelApp : IAsyncLifetime
{
    public const int MaxBodyBytes = 8192;

    public HaiLongApp App { get; } = new();

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        App.With("HaiLong:MaxRequestBodyBytes", MaxBodyBytes.ToString());
        BaseAddress = App.StartLoopbackServer();
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}

public sealed class SecurityBaselineTests(KestrelApp kestrel) : IClassFixture<KestrelApp>
{
    private HttpClient Client() => kestrel.App.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = kestrel.BaseAddress });

    [Theory]
    [InlineData("/staff/login")]
    [InlineData("/api/units")]
    [InlineData("/health/live")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await Client().GetAsync(path);

        var headers = response.Headers;
        Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("camera=()", headers.GetValues("Permissions-Policy").Single());
        Assert.False(headers.Contains("Server"));
    }

    [Fact]
    public async Task The_staff_sign_in_form_without_its_antiforgery_token_is_refused()
    {
        var client = Client();
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = DemoUsers.Administrator, ["password"] = "HaiLong@2026" });

        var response = await client.PostAsync("/staff/login", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("hailong.staff=")));

        // With the token from the form, the same sign-in works: the refusal was about the token alone.
        var page = await client.GetStringAsync("/staff/login");
        var token = PageForms.AntiforgeryToken(page);
        var withToken = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = WebUtility.HtmlDecode(token), ["userName"] = DemoUsers.Administrator, ["password"] = "HaiLong@2026",
        });
        var signedIn = await client.PostAsync("/staff/login", withToken);
        Assert.True(signedIn.IsSuccessStatusCode || signedIn.StatusCode == HttpStatusCode.Redirect, $"{(int)signedIn.StatusCode}");
        var home = await client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Đăng xuất", await home.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem_and_changes_nothing()
    {
        var client = Client();
        var token = await client.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.Administrator, password = "HaiLong@2026" });
        var accessToken = (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        var rows = new StringBuilder("code,name,field\n");
        for (var i = 0; rows.Length <= KestrelApp.MaxBodyBytes * 2; i++) rows.Append($"BIG-{i:0000},Thủ tục thử giới hạn kích thước số {i},Kiểm thử\n");

        var response = await client.PostAsync("/api/procedures/import", new StringContent(rows.ToString(), Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = kestrel.App.NewDbContext();
        Assert.False(db.Procedures.Any(p => p.Code.StartsWith("BIG-")));
    }
}

/// <summary>Its own class: the low sign-in limit must be set before the host starts.</summary>
public sealed class SignInRateLimitTests : IClassFixture<HaiLongApp>
{
    private readonly HaiLongApp _app;

    public SignInRateLimitTests(HaiLongApp app) => _app = app.With("HaiLong:RateLimits:SignInPerMinute", "3");

    [Fact]
    public async Task The_fourth_sign_in_within_a_minute_is_a_429_problem_with_Retry_After()
    {
        var client = _app.AnonymousClient();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await client.PostAsJsonAsync("/api/auth/token", new { userName = "khong.ton.tai", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.Administrator, password = "HaiLong@2026" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Contains("Retry", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
