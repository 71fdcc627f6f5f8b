using System.Text.RegularExpressions;
using HaiLong.IntegrationTests.Registry;
using DemoIds = HaiLong.IntegrationTests.Registry.DemoIds;

namespace HaiLong.IntegrationTests.Accounts;

/// <summary>
/// The administrators' staff-account pages through HTTP as a browser uses them (cookie sign-in, antiforgery token): a new
/// account's person must choose a password first, a lock stops sign-in, a reset hands out a one-time password, and nothing
/// outside the administrator's jurisdiction is found.
/// </summary>
public sealed partial class StaffAccountPagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static string OneTimePassword(string html) => WebUtility.HtmlDecode(OneTimePasswordCode().Match(html).Groups[1].Value);

    [GeneratedRegex("id=\"one-time-password\">([^<]+)<")]
    private static partial Regex OneTimePasswordCode();

    private async Task<(Guid Id, string Password)> CreateAsync(HttpClient admin, string userName, int unitId, string role = Roles.ServiceStaff)
    {
        var created = await PageForms.PostAsync(admin, "/staff/accounts/new", "/staff/accounts/new", new()
        {
            ["userName"] = userName, ["fullName"] = "Nguyễn Thị Mới", ["role"] = role,
            ["jurisdictionUnitId"] = unitId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["password"] = "",
        });
        var html = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, created.Headers.CacheControl?.ToString());
        await using var db = app.NewDbContext();
        var id = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        return (id, OneTimePassword(html));
    }

    private async Task<HttpResponseMessage> SignInAsync(string userName, string password)
    {
        var client =
            app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        return await PageForms.PostAsync(client, "/staff/login", "/staff/login", new() { ["userName"] = userName, ["password"] = password });
    }

    [Fact]
    public async Task A_created_account_signs_in_with_the_one_time_password_and_must_choose_its_own_first()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var (id, password) = await CreateAsync(admin, "motcua.moi", ids.WardA);
        Assert.Equal(20, password.Length);

        var list = await admin.GetStringAsync("/staff/accounts?q=MOT");
        Assert.Contains($"/staff/accounts/{id}", list);
        Assert.Contains("Chờ người dùng đổi mật khẩu", list);

        var person = await app.CookieClientAsync("motcua.moi", password);
        person.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var home = await person.GetAsync("/staff/invitations");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/staff/password", home.Headers.Location!.OriginalString);
        await using var db = app.NewDbContext();
        var user = await db.Users.SingleAsync(u => u.Id == id);
        Assert.True(user.MustChangePassword);
        Assert.Equal(ids.WardA, user.JurisdictionUnitId);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "StaffUser.created" && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task A_refused_form_keeps_what_was_typed_with_the_reason_beside_the_field()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var refused = await PageForms.PostAsync(admin, "/staff/accounts/new", "/staff/accounts/new", new()
        {
            ["userName"] = "Có Dấu", ["fullName"] = "Trần Văn Giữ", ["role"] = Roles.Inspector,
            ["jurisdictionUnitId"] = ids.WardA.ToString(System.Globalization.CultureInfo.InvariantCulture), ["password"] = "short",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("id=\"userName-error\"", html);
        Assert.Contains("id=\"password-error\"", html);
        Assert.Contains("value=\"Có Dấu\"", html);
        Assert.Contains("value=\"Trần Văn Giữ\"", html);
        Assert.Contains($"value=\"{Roles.Inspector}\" selected", html);
        await using var db = app.NewDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.FullName == "Trần Văn Giữ"));

        var taken = await PageForms.PostAsync(admin, "/staff/accounts/new", "/staff/accounts/new", new()
        {
            ["userName"] = DemoUsers.InspectorA, ["fullName"] = "Trùng tên", ["role"] = Roles.Inspector,
            ["jurisdictionUnitId"] = ids.WardA.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("id=\"userName-error\"", await taken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_lock_stops_sign_in_until_unlocked_and_a_reset_hands_out_a_password_that_must_be_replaced()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var (id, password) = await CreateAsync(admin, "thanhtra.khoa", ids.WardA, Roles.Inspector);
        var page = $"/staff/accounts/{id}";

        var locked = await PageForms.PostAsync(admin, page, $"{page}/lock", []);
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.Contains("Đã khóa", await admin.GetStringAsync(page));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("thanhtra.khoa", password)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PageForms.PostAsync(admin, page, $"{page}/unlock", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("thanhtra.khoa", password)).StatusCode);

        var reset = await PageForms.PostAsync(admin, page, $"{page}/password", new() { ["password"] = "" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var fresh = OneTimePassword(await reset.Content.ReadAsStringAsync());
        Assert.NotEqual(password, fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("thanhtra.khoa", password)).StatusCode);
        var person = await app.CookieClientAsync("thanhtra.khoa", fresh);
        person.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        Assert.StartsWith("/staff/password", (await person.GetAsync("/staff/cases")).Headers.Location!.OriginalString);

        await using var db = app.NewDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "password.reset" && a.EntityId == id.ToString()));
        var updates = await db.AuditEntries.Where(a => a.Action == "StaffUser.updated" && a.EntityId == id.ToString()).Select(a => a.Details).ToListAsync();
        Assert.Contains(updates, d => d!.Contains("LockoutEnd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_administrator_changes_role_and_jurisdiction_but_never_their_own_account()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var (id, _) = await CreateAsync(admin, "danhgia.chuyen", ids.WardA, Roles.Evaluator);
        var page = $"/staff/accounts/{id}";
        var changed = await PageForms.PostAsync(admin, page, page, new()
        {
            ["role"] = Roles.WardLeader, ["jurisdictionUnitId"] = ids.WardB.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await using (var db = app.NewDbContext())
        {
            Assert.Equal(ids.WardB, (await db.Users.SingleAsync(u => u.Id == id)).JurisdictionUnitId);
            var roles = await db.UserRoles.Where(r => r.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();
            Assert.Equal([Roles.WardLeader], roles);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "account.role-changed" && a.EntityId == id.ToString()));
        }

        Guid self;
        await using (var db = app.NewDbContext()) self = await db.Users.Where(u => u.UserName == DemoUsers.Administrator).Select(u => u.Id).SingleAsync();
        var selfPage = await admin.GetStringAsync($"/staff/accounts/{self}");
        Assert.DoesNotContain($"/staff/accounts/{self}/lock", selfPage);
        var token = PageForms.AntiforgeryToken(selfPage);
        var refused = await admin.PostAsync($"/staff/accounts/{self}/lock", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        await using (var db = app.NewDbContext()) Assert.Null((await db.Users.SingleAsync(u => u.Id == self)).LockoutEnd);
    }

    [Fact]
    public async Task An_account_or_unit_outside_the_jurisdiction_is_not_found()
    {
        var ids = await DemoIds.LoadAsync(app);
        var province = await app.CookieClientAsync(DemoUsers.Administrator);
        var (wardB, _) = await CreateAsync(province, "motcua.hungphu", ids.WardB);
        var wardAdmin = await RegistryPagesWorld.WardAdminPagesAsync(app, ids);

        Assert.Equal(HttpStatusCode.NotFound, (await wardAdmin.GetAsync($"/staff/accounts/{wardB}")).StatusCode);
        Assert.DoesNotContain("motcua.hungphu", await wardAdmin.GetStringAsync("/staff/accounts?q=motcua"));
        var token = PageForms.AntiforgeryToken(await wardAdmin.GetStringAsync("/staff/accounts"));
        var lockB = await wardAdmin.PostAsync($"/staff/accounts/{wardB}/lock", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, lockB.StatusCode);
        await using (var db = app.NewDbContext()) Assert.Null((await db.Users.SingleAsync(u => u.Id == wardB)).LockoutEnd);

        // Nor may a ward's administrator give an account the province, above their own jurisdiction.
        var above = await PageForms.PostAsync(wardAdmin, "/staff/accounts/new", "/staff/accounts/new", new()
        {
            ["userName"] = "tinh.vuot", ["fullName"] = "Vượt thẩm quyền", ["role"] = Roles.Administrator,
            ["jurisdictionUnitId"] = ids.Province.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.NotFound, above.StatusCode);
        Assert.Contains("id=\"jurisdictionUnitId-error\"", await above.Content.ReadAsStringAsync());
        await using (var db = app.NewDbContext()) Assert.False(await db.Users.AnyAsync(u => u.UserName == "tinh.vuot"));
    }

    [Fact]
    public async Task A_new_inspector_account_joins_a_board_and_a_refused_board_form_keeps_the_choices()
    {
        var ids = await DemoIds.LoadAsync(app);
        var admin = await app.CookieClientAsync(DemoUsers.Administrator);
        var (inspector, _) = await CreateAsync(admin, "thanhtra.moi", ids.WardA, Roles.Inspector);
        var boards = await admin.GetStringAsync("/staff/cases/boards");
        Assert.Contains($"value=\"{inspector}\"", boards);
        int existing;
        Guid demoInspector;
        await using (var db = app.NewDbContext())
        {
            existing = await db.InspectionBoards.CountAsync(b => b.UnitId == ids.WardA);
            demoInspector = await db.Users.Where(u => u.UserName == DemoUsers.InspectorA).Select(u => u.Id).SingleAsync();
        }

        var token = PageForms.AntiforgeryToken(boards);
        var refused = await admin.PostAsync($"/staff/cases/boards/{ids.WardA}", new FormUrlEncodedContent(
        [
            new("__af", token), new("name", " "), new("memberIds", demoInspector.ToString()), new("memberIds", inspector.ToString()),
        ]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"name-{ids.WardA}-error\"", html);
        Assert.Contains($"value=\"{inspector}\" checked", html);

        var saved = await admin.PostAsync($"/staff/cases/boards/{ids.WardA}", new FormUrlEncodedContent(
        [
            new("__af", token), new("name", "Ban Thanh tra nhân dân phường Cái Răng"),
                new("memberIds", demoInspector.ToString()), new("memberIds", inspector.ToString()),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using (var db = app.NewDbContext())
        {
            Assert.Equal(existing, await db.InspectionBoards.CountAsync(b => b.UnitId == ids.WardA));
            var members = await db.InspectionBoardMembers.Where(m => m.Board.UnitId == ids.WardA).Select(m => m.UserId).ToListAsync();
            Assert.Contains(inspector, members);
            Assert.Contains(demoInspector, members);
        }
    }
}
