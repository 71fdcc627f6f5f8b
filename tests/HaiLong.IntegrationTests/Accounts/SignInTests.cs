namespace HaiLong.IntegrationTests.Accounts;

public sealed class SignInTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Ready_health_check_answers_200_when_the_database_is_up()
    {
        var response = await app.AnonymousClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_ward_leader_gets_a_token_and_sees_their_jurisdiction()
    {
        var client = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var me = await client.GetFromJsonAsync<Me>("/api/auth/me");
        Assert.Equal("Phường Cái Răng", me!.JurisdictionName);
        Assert.Equal(["WardLeader"], me.Roles);
    }

    [Fact]
    public async Task A_remembered_bearer_token_is_refused_once_expired_and_a_changed_one_is_never_accepted()
    {
        var client = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        // Twice: the second read is the remembered ticket (RememberedBearerTokens).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        var changed = app.AnonymousClient();
        changed.DefaultRequestHeaders.Authorization = new("Bearer", token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await changed.GetAsync("/api/auth/me")).StatusCode);

        // A bearer token lives an hour (the framework's default).
        app.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientAsAsync(DemoUsers.WardLeaderA)).GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_a_problem_401_and_is_audited()
    {
        var response = await app.AnonymousClient().PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.InspectorA, password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = app.NewDbContext();
        var failed = await db.AuditEntries.Where(a => a.Action == "signin.failed").Select(a => a.Details).ToListAsync();
        Assert.Contains(failed, d => d!.Contains(DemoUsers.InspectorA));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var client = app.AnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.EvaluatorA, password = "wrong-password" });
        }
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.EvaluatorA, password = "HaiLong@2026" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refused_authorisation_is_audited()
    {
        var client = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var response = await client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = app.NewDbContext();
        var refused = await db.AuditEntries.Where(a => a.Action == "authorization.refused").Select(a => a.Details).ToListAsync();
        Assert.Contains(refused, d => d!.Contains("/api/users"));
    }

    [Fact]
    public async Task The_audit_log_refuses_updates_and_deletes()
    {
        await using var db = app.NewDbContext();
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries"));
        Assert.Contains("append-only", ex.Message);
    }

    private sealed record Me(string UserName, string[] Roles, string? JurisdictionName);
}
