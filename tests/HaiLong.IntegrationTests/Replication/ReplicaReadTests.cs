using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HaiLong.IntegrationTests.Replication;

/// <summary>
/// Issue 21 on the throwaway cluster plus a streaming standby made with pg_basebackup: the stale-tolerant reads (scorecards,
/// the public page, open data, exports) come from the standby and say how fresh they are, a write path never goes there,
/// a multi-host string finds the primary, and a submission cut before its commit answers 503 and stores nothing. The standby
/// is shown to be behind by pausing its replay: a page that shows the older name was read there, a write seen at once was not.
/// </summary>
[RunsLong(40)]
public sealed class ReplicaReadTests(ReplicatedWorld world) : IClassFixture<ReplicatedWorld>
{
    private HaiLongApp App => world.App;

    [Fact]
    public async Task Scorecards_the_public_page_open_data_and_exports_read_the_standby_and_say_how_fresh()
    {
        var wardA = await WardAIdAsync();
        var before = await world.WardANameAsync();
        var after = $"Phường Đổi Tên {Guid.NewGuid():N}"[..24];
        await world.Replica.CatchUpAsync();
        await world.Replica.PauseReplayAsync();
        try
        {
            var replayedAt = new DateTimeOffset(DateTime.SpecifyKind(await world.Replica.ReplayedAtAsync(), DateTimeKind.Utc));
            await world.RenameWardAAsync(after);
            var label = "Số liệu đến " + ReplicaReads.AsOfText(replayedAt, App.Clock);

            var page = await App.PageClient().GetStringAsync($"/cong-khai/{DemoWorld.WardACode}");
            Assert.Contains(before, page);
            Assert.DoesNotContain(after, page);
            Assert.Contains(label, page);

            var openData = await App.AnonymousClient().GetAsync($"/cong-khai/{DemoWorld.WardACode}/du-lieu.csv");
            Assert.Equal(HttpStatusCode.OK, openData.StatusCode);
            AssertAsOf(replayedAt, openData);
            Assert.DoesNotContain(after, await openData.Content.ReadAsStringAsync());

            var leaderPage = await (await App.CookieClientAsync(DemoUsers.WardLeaderA)).GetStringAsync($"/staff/scorecards/units/{wardA}");
            Assert.Contains(before, leaderPage);
            Assert.DoesNotContain(after, leaderPage);
            Assert.Contains(label, leaderPage);

            var leader = await App.ClientAsAsync(DemoUsers.WardLeaderA);
            var overview = await leader.GetAsync($"/api/scorecards/units/{wardA}");
            Assert.Equal(before, (await overview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unitName").GetString());
            AssertAsOf(replayedAt, overview);
            var export = await leader.GetAsync($"/api/scorecards/units/{wardA}/export?format=csv");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            AssertAsOf(replayedAt, export);
        }
        finally
        {
            await world.Replica.ResumeReplayAsync();
        }
    }

    /// <summary>
    /// The contract tells the truth both ways: the OpenAPI document declares X-Data-As-Of on the operations that read the
    /// standby (the scorecards and the public results), and each of them does send it when its data came from there.
    /// </summary>
    [Fact]
    public async Task Every_operation_the_document_says_may_read_a_standby_sends_how_fresh_its_data_is()
    {
        var document = await App.AnonymousClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var declared = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .Where(o => o.Operation.GetProperty("responses").TryGetProperty("200", out var ok)
                && ok.TryGetProperty("headers", out var headers) && headers.TryGetProperty(ReplicaReads.AsOfHeader, out _))
            .ToList();
        Assert.All(declared, o => Assert.Equal("get", o.Method));
        Assert.Contains(declared, o => o.Path == "/api/scorecards/units/{unitId}");
        Assert.Contains(declared, o => o.Path == "/cong-khai/{unitCode}/du-lieu.csv");
        Assert.DoesNotContain(declared, o => o.Path.StartsWith("/api/officials", StringComparison.Ordinal));

        var wardA = await WardAIdAsync();
        var w = await InvitationWorld.LoadAsync(App);
        await world.Replica.CatchUpAsync();
        await world.Replica.PauseReplayAsync();
        try
        {
            var replayedAt = new DateTimeOffset(DateTime.SpecifyKind(await world.Replica.ReplayedAtAsync(), DateTimeKind.Utc));
            var leader = await App.ClientAsAsync(DemoUsers.WardLeaderA);
            foreach (var (path, _, _) in declared)
            {
                var url = path.Replace("{unitId}", wardA.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Replace("{officialId}", w.OfficialA.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Replace("{unitCode}", DemoWorld.WardACode);
                Assert.DoesNotContain("{", url);
                var response = await leader.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
                AssertAsOf(replayedAt, response);
            }
        }
        finally
        {
            await world.Replica.ResumeReplayAsync();
        }
    }

    [Fact]
    public async Task A_submission_and_a_staff_edit_go_to_the_primary_while_the_standby_is_behind()
    {
        await world.Replica.CatchUpAsync();
        await world.Replica.PauseReplayAsync();
        try
        {
            // Issuing a QR, answering it and correcting an official are writes: a standby would refuse every one (25006, a 503).
            var (w, issued) = await InvitationWorld.IssueTransactionAsync(App, "HS-REPLICA-WRITE");
            var submitted = await InvitationWorld.SubmitAsync(App.AnonymousClient(), issued.Token, InvitationWorld.ServiceAnswers(5),
                key: Guid.NewGuid().ToString());
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            var responseId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("responseId").GetInt64();

            var admin = await App.ClientAsAsync(DemoUsers.Administrator);
            var official = await admin.GetFromJsonAsync<JsonElement>($"/api/officials/{w.OfficialA}");
            var renamed = $"Nguyễn Văn Sửa {Guid.NewGuid():N}"[..22];
            var put = await admin.PutAsJsonAsync($"/api/officials/{w.OfficialA}", new
            {
                agencyId = official.GetProperty("agencyId").GetInt32(),
                staffCode = official.GetProperty("staffCode").GetString(),
                fullName = renamed,
                position = official.GetProperty("position").GetString(),
                activeFrom = official.GetProperty("activeFrom").GetString(),
                isLeader = official.GetProperty("isLeader").GetBoolean(),
            });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            // The staff member reads their own write at once.
            Assert.Equal(renamed, (await admin.GetFromJsonAsync<JsonElement>($"/api/officials/{w.OfficialA}")).GetProperty("fullName").GetString());

            // The standby has neither yet: the writes and the read-back cannot have been served by it.
            await using var standby = new NpgsqlConnection(world.Replica.ConnectionString(world.Database));
            await standby.OpenAsync();
            await using var check = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM responses WHERE id = @r), (SELECT full_name FROM officials WHERE id = @o)
                """, standby);
            check.Parameters.AddWithValue("r", responseId);
            check.Parameters.AddWithValue("o", w.OfficialA);
            await using var row = await check.ExecuteReaderAsync();
            await row.ReadAsync();
            Assert.Equal((0L, official.GetProperty("fullName").GetString()), (row.GetInt64(0), row.GetString(1)));
            await using var db = App.NewDbContext();
            Assert.True(await db.Responses.AnyAsync(r => r.Id == responseId));
        }
        finally
        {
            await world.Replica.ResumeReplayAsync();
        }
    }

    [Fact]
    public async Task Without_a_read_only_connection_string_the_same_reads_use_the_primary_and_show_no_time()
    {
        await using var host = world.HostWith(App.ConnectionString, readOnly: null);
        var renamed = $"Phường Chính {Guid.NewGuid():N}"[..22];
        await world.RenameWardAAsync(renamed);

        var page = await host.CreateClient().GetAsync($"/cong-khai/{DemoWorld.WardACode}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(renamed, html);
        Assert.DoesNotContain("data-as-of", html);
        Assert.False(page.Headers.Contains(ReplicaReads.AsOfHeader));
    }

    [Fact]
    public async Task A_multi_host_string_whose_first_hosts_are_down_and_a_standby_still_writes_to_the_primary()
    {
        var primary = new NpgsqlConnectionStringBuilder(App.ConnectionString);
        // No Target Session Attributes: HaiLong asks for read-write itself. Npgsql's default for several hosts (any) would
        // take the standby, the first host that answers, and every write below would fail.
        var hosts = new NpgsqlConnectionStringBuilder(App.ConnectionString)
        {
            Host = $"127.0.0.1:{ClosedPort()},127.0.0.1:{world.Replica.Port},127.0.0.1:{primary.Port}",
        };
        await using var host = world.HostWith(hosts.ConnectionString, readOnly: null);

        var staff = await HaiLongApp.ClientAsAsync(host, DemoUsers.ServiceStaffA);
        var issued = await InvitationWorld.IssueTransactionAsync(staff, await InvitationWorld.LoadAsync(App), "HS-MULTI-HOST");
        var submitted = await InvitationWorld.SubmitAsync(host.CreateClient(), issued.Token, InvitationWorld.ServiceAnswers(4));

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(1, await InvitationWorld.ResponsesOfAsync(App, issued.Id));
    }

    [Fact]
    public async Task A_submission_cut_before_its_commit_answers_503_stores_nothing_and_its_retry_stores_it_once()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(App, "HS-CUT");
        var answers = InvitationWorld.ServiceAnswers(4);
        var key = Guid.NewGuid().ToString();
        var client = App.AnonymousClient();

        var cut = await CutInsideItsTransactionAsync(issued.Id, () => InvitationWorld.SubmitAsync(client, issued.Token, answers, key: key));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, cut.StatusCode);
        Assert.Equal("application/problem+json", cut.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(cut.Headers.RetryAfter);
        Assert.Equal(0, await InvitationWorld.ResponsesOfAsync(App, issued.Id));
        await using (var db = App.NewDbContext())
        {
            Assert.Null((await db.Invitations.SingleAsync(i => i.Id == issued.Id)).UsedAt);
            Assert.False(await db.IdempotencyRecords.AnyAsync(r => r.Scope == $"submission:{issued.Id}"));
        }

        var retry = await InvitationWorld.SubmitAsync(client, issued.Token, answers, key: key);
        var again = await InvitationWorld.SubmitAsync(client, issued.Token, answers, key: key);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (retry.StatusCode, again.StatusCode));
        Assert.Equal(await ResponseIdAsync(retry), await ResponseIdAsync(again));
        Assert.Equal(1, await InvitationWorld.ResponsesOfAsync(App, issued.Id));
    }

    [Fact]
    public async Task A_survey_form_cut_before_its_commit_comes_back_with_what_was_typed_and_is_sent_again()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(App, "HS-CUT-FORM");
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync($"/s/{issued.Token}");
        const string comment = "Cán bộ hướng dẫn tận tình, chờ hơi lâu";
        var fields = new Dictionary<string, string> { ["lang"] = "vi", ["comment"] = comment };
        foreach (Match m in Regex.Matches(page, "name=\"(q\\d+)\" value=\"4\"")) fields[m.Groups[1].Value] = "4";

        var cut = await CutInsideItsTransactionAsync(issued.Id,
            () => client.PostAsync($"/s/{issued.Token}", new FormUrlEncodedContent(fields)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, cut.StatusCode);
        Assert.NotNull(cut.Headers.RetryAfter);
        var html = await cut.Content.ReadAsStringAsync();
        Assert.Contains("Hệ thống đang bận", html);
        Assert.Contains(comment, html);
        Assert.Equal(0, await InvitationWorld.ResponsesOfAsync(App, issued.Id));

        var again = await client.PostAsync($"/s/{issued.Token}", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await InvitationWorld.ResponsesOfAsync(App, issued.Id));
    }

    [Fact]
    public async Task After_the_server_ends_every_connection_the_pool_hands_out_no_dead_one()
    {
        var admin = await App.ClientAsAsync(DemoUsers.Administrator);
        var w = await InvitationWorld.LoadAsync(App);
        var url = $"/api/officials/{w.OfficialA}";
        // Several requests at once leave several idle connections in the pool.
        var warm = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.GetAsync(url)));
        Assert.All(warm, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        // A restarted or failed-over primary ends them all (57P01); the app's pool does not know yet.
        await world.ExecuteOnPrimaryAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @d AND pid <> pg_backend_pid()", ("d", world.Database));
        // The test's own pools (by connection string) lost theirs too; the app's data source is left to find out by itself.
        NpgsqlConnection.ClearAllPools();

        // The first request may meet a dead connection (answered 503 with Retry-After); Npgsql then clears the whole pool, so
        // the next request gets a new connection instead of the next dead one.
        var first = await admin.GetAsync(url);
        Assert.Contains(first.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        if (first.StatusCode == HttpStatusCode.ServiceUnavailable) Assert.NotNull(first.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).StatusCode);
    }

    private async Task<int> WardAIdAsync()
    {
        await using var db = App.NewDbContext();
        return await db.Units.Where(u => u.Code == DemoWorld.WardACode).Select(u => u.Id).SingleAsync();
    }

    private static void AssertAsOf(DateTimeOffset replayedAt, HttpResponseMessage response)
    {
        var header = Assert.Single(response.Headers.GetValues(ReplicaReads.AsOfHeader));
        var shown = DateTimeOffset.Parse(header, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(7), shown.Offset);
        Assert.Equal(replayedAt.ToUnixTimeSeconds(), shown.ToUnixTimeSeconds());
    }

    private static async Task<long> ResponseIdAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("responseId").GetInt64();

    /// <summary>
    /// Sends a submission while the link's row is held, so it waits inside its transaction, then ends its session as a failing
    /// primary does (57P01) and returns what the client was answered.
    /// </summary>
    private async Task<HttpResponseMessage> CutInsideItsTransactionAsync(long invitationId, Func<Task<HttpResponseMessage>> submit)
    {
        await using var holder = new NpgsqlConnection(App.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT id FROM invitations WHERE id = @id FOR UPDATE", holder, tx))
        {
            hold.Parameters.AddWithValue("id", invitationId);
            await hold.ExecuteScalarAsync();
        }
        var pending = submit();
        await TerminateAsync(await WaitingSubmissionAsync(holder, pending));
        var cut = await pending;
        await tx.RollbackAsync();
        return cut;
    }

    /// <summary>The app's session waiting on the held row, found as soon as it waits (the submission must not have finished).</summary>
    private async Task<int> WaitingSubmissionAsync(NpgsqlConnection holder, Task<HttpResponseMessage> pending)
    {
        await using var conn = new NpgsqlConnection(App.ConnectionString);
        await conn.OpenAsync();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            Assert.False(pending.IsCompleted, "The submission finished without waiting for the held link.");
            await using var find = new NpgsqlCommand("""
                SELECT pid FROM pg_stat_activity
                WHERE datname = @d AND wait_event_type = 'Lock' AND query LIKE '%invitations%' AND pid <> @holder
                """, conn);
            find.Parameters.AddWithValue("d", world.Database);
            find.Parameters.AddWithValue("holder", holder.ProcessID);
            if (await find.ExecuteScalarAsync() is int pid) return pid;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The submission never waited for the held link.");
            await Task.Delay(20);
        }
    }

    private Task TerminateAsync(int pid) => world.ExecuteOnPrimaryAsync("SELECT pg_terminate_backend(@p)", ("p", pid));

    /// <summary>A loopback port nothing listens on: the first host of the string is down.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
