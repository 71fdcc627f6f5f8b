using System.Diagnostics;

namespace HaiLong.IntegrationTests.Invitations;

public sealed class InvitationTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task The_qr_png_decodes_with_zbarimg_to_the_survey_url_and_only_the_token_hash_is_stored()
    {
        var (w, issued) = await InvitationWorld.IssueTransactionAsync(app);

        Assert.Matches("^[A-Za-z0-9_-]{22}$", issued.Token);
        Assert.EndsWith($"/s/{issued.Token}", issued.Url);
        Assert.Equal(issued.Url, await DecodeQrAsync(Convert.FromBase64String(issued.Png)));
        Assert.StartsWith("<svg", issued.Svg.TrimStart());
        await using var db = app.NewDbContext();
        var stored = await db.Invitations.SingleAsync(i => i.Id == issued.Id);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(issued.Token)), stored.TokenHash);
        Assert.Equal((InvitationKind.Transaction, w.WardA, w.OfficialA, w.Procedure, "HS-2026-0001"),
            (stored.Kind, stored.UnitId, stored.OfficialId!.Value, stored.ProcedureId!.Value, stored.DossierReference));
        Assert.InRange(stored.ExpiresAt!.Value - stored.CreatedAt,
            TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.Contains(await db.AuditEntries.Where(a => a.EntityType == "Invitation").Select(a => a.EntityId).ToListAsync(), id => id == issued.Id.ToString());
    }

    [Fact]
    public async Task Issuing_outside_ones_jurisdiction_is_404_and_issues_nothing()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        await using var db = app.NewDbContext();
        var before = await db.Invitations.CountAsync();

        var official = await staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = w.OfficialB, procedureId = w.Procedure, dossierReference = "HS-X" });
        var counter = await staff.PostAsJsonAsync("/api/invitations", new { kind = "Counter", servicePointId = w.CounterB });
        var annual = await staff.PostAsJsonAsync("/api/invitations", new { kind = "Annual", unitId = w.WardB });

        Assert.All([official, counter, annual], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.All([official, counter, annual], r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Equal(before, await db.Invitations.CountAsync());
    }

    [Fact]
    public async Task Staff_see_and_revoke_only_invitations_in_their_jurisdiction()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var wardB = await InvitationWorld.IssueAsync(admin, new { kind = "Counter", servicePointId = w.CounterB });
        var staffA = await app.ClientAsAsync(DemoUsers.ServiceStaffA);

        Assert.Equal(HttpStatusCode.NotFound, (await staffA.GetAsync($"/api/invitations/{wardB.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staffA.PostAsync($"/api/invitations/{wardB.Id}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/invitations/{wardB.Id}")).StatusCode);
        await using var db = app.NewDbContext();
        Assert.Null((await db.Invitations.SingleAsync(i => i.Id == wardB.Id)).RevokedAt);
    }

    [Fact]
    public async Task Inspectors_do_not_issue_invitations()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var inspector = await app.ClientAsAsync(DemoUsers.InspectorA);
        var response = await inspector.PostAsJsonAsync("/api/invitations", new { kind = "Counter", servicePointId = w.CounterA });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_transaction_invitation_without_its_dossier_is_400()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var response = await staff.PostAsJsonAsync("/api/invitations", new { kind = "Transaction", officialId = w.OfficialA, procedureId = w.Procedure });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("dossierReference", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_meeting_qr_takes_answers_only_within_the_meetings_window()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var now = app.Clock.GetUtcNow();
        object Meeting(DateTimeOffset from, DateTimeOffset to) => new
        {
            kind = "Meeting", unitId = w.HamletA, meetingTitle = "Họp khu vực lấy ý kiến dự thảo hương ước",
            meetingStartsAt = from, meetingEndsAt = to,
        };
        var open = await InvitationWorld.IssueAsync(staff, Meeting(now.AddHours(-1), now.AddHours(1)));
        var later = await InvitationWorld.IssueAsync(staff, Meeting(now.AddHours(2), now.AddHours(4)));
        var past = await InvitationWorld.IssueAsync(staff, Meeting(now.AddHours(-4), now.AddHours(-2)));
        object[] answers = [new { criterion = Criteria.GovernmentCommittee, score = 4 }, new { criterion = Criteria.Overall, score = 4 }];
        var citizen = app.AnonymousClient();

        var inWindow = await InvitationWorld.SubmitAsync(citizen, open.Token, answers);
        var before = await InvitationWorld.SubmitAsync(citizen, later.Token, answers);
        var after = await InvitationWorld.SubmitAsync(citizen, past.Token, answers);
        var beforePage = await citizen.GetAsync($"/s/{later.Token}");
        var afterPage = await citizen.GetAsync($"/s/{past.Token}");

        Assert.Equal(HttpStatusCode.Created, inWindow.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, before.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, beforePage.StatusCode);
        Assert.Contains("Phiếu chưa mở", await beforePage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, afterPage.StatusCode);
        await using var db = app.NewDbContext();
        var stored = await db.Responses.SingleAsync(r => r.InvitationId == open.Id);
        Assert.Equal((w.WardA, (int?)null), (stored.UnitId, stored.OfficialId));
        Assert.False(await db.Responses.AnyAsync(r => r.InvitationId == later.Id || r.InvitationId == past.Id));
    }

    [Fact]
    public async Task An_annual_qr_rates_the_ward_government_with_the_annual_template()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var issued = await InvitationWorld.IssueAsync(await app.ClientAsAsync(DemoUsers.WardLeaderA), new { kind = "Annual", unitId = w.WardA });
        var client = app.AnonymousClient();

        var form = await client.GetFromJsonAsync<JsonElement>($"/api/responses/forms/{issued.Token}");
        var submitted = await InvitationWorld.SubmitAsync(client, issued.Token,
        [
            new { criterion = Criteria.GovernmentCouncil, score = 4 }, new { criterion = Criteria.GovernmentPetitions, score = 2 },
            new { criterion = Criteria.GovernmentTransparency, notApplicable = true }, new { criterion = Criteria.Overall, score = 3 },
        ]);
        var serviceAnswers = await InvitationWorld.SubmitAsync(app.AnonymousClient(), issued.Token, InvitationWorld.ServiceAnswers());

        Assert.Equal("Annual", form.GetProperty("kind").GetString());
        Assert.Equal(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).Year, form.GetProperty("subject").GetProperty("year").GetInt32());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, serviceAnswers.StatusCode);
        await using var db = app.NewDbContext();
        var stored = await db.Responses.Include(r => r.Answers).SingleAsync(r => r.InvitationId == issued.Id);
        Assert.Equal((w.WardA, (int?)null), (stored.UnitId, stored.OfficialId));
        Assert.Equal(4, stored.Answers.Count);
        Assert.Equal("ward-annual", await db.SurveyVersions.Where(v => v.Id == stored.SurveyVersionId).Select(v => v.Template.Code).SingleAsync());
    }

    [Fact]
    public async Task The_staff_pages_print_a_receipt_a_counter_display_and_an_a5_poster_with_scannable_qr()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var browser = app.AnonymousClient();
        var login = await StaffBrowser.SignInAsync(browser, DemoUsers.ServiceStaffA);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var index = await browser.GetStringAsync("/staff/invitations");
        var af = StaffBrowser.Antiforgery(index);

        var receipt = await browser.PostAsync("/staff/invitations/transaction", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = af, ["officialId"] = w.OfficialA.ToString(), ["procedureId"] = w.Procedure.ToString(),
            ["dossierReference"] = "HS-IN-001", ["view"] = "receipt",
        }));
        var display = await browser.PostAsync("/staff/invitations/transaction", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = af, ["officialId"] = w.OfficialA.ToString(), ["procedureId"] = w.Procedure.ToString(),
            ["dossierReference"] = "HS-IN-002", ["view"] = "display",
        }));
        var poster = await browser.PostAsync("/staff/invitations/counter", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = af, ["servicePointId"] = w.CounterA.ToString(),
        }));

        foreach (var page in new[] { receipt, display, poster })
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            // An attribute value as written in HTML: the encoder writes base64's '+' and '=' as character references.
            var png = Convert.FromBase64String(System.Net.WebUtility.HtmlDecode(
                System.Text.RegularExpressions.Regex.Match(html, "data:image/png;base64,([^\"]+)").Groups[1].Value));
            Assert.Matches("^http://localhost/s/[A-Za-z0-9_-]{22}$", await DecodeQrAsync(png));
        }
        Assert.Contains(w.OfficialAName, System.Net.WebUtility.HtmlDecode(await display.Content.ReadAsStringAsync()));
        var posterHtml = System.Net.WebUtility.HtmlDecode(await poster.Content.ReadAsStringAsync());
        Assert.Contains("size:A5", posterHtml);
        Assert.Contains("Phường Cái Răng", posterHtml);
        Assert.Contains("Quét", await display.Content.ReadAsStringAsync());
    }

    internal static async Task<string> DecodeQrAsync(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hailong-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            var psi = new ProcessStartInfo("zbarimg", ["-q", "--raw", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return output.Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>Signs in through the staff login form, as a person at a browser would (cookie, antiforgery).</summary>
public static class StaffBrowser
{
    public static string Antiforgery(string html) =>
        PageForms.AntiforgeryToken(html);

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName)
    {
        var form = await client.GetStringAsync("/staff/login");
        return await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Antiforgery(form), ["userName"] = userName, ["password"] = HaiLong.Api.Infrastructure.Seeding.Seeder.DemoPassword,
        }));
    }
}
