namespace HaiLong.IntegrationTests.Responses;

/// <summary>
/// A standing QR's form is kept for a few seconds (StandingFormCache); a change made through the app must still show on the
/// very next view, because a citizen at the counter would otherwise rate the wrong official or a revoked code.
/// </summary>
public sealed class StandingFormCacheTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task A_counter_form_names_the_new_official_on_the_first_view_after_the_shift_changes()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var counter = await InvitationWorld.IssueAsync(admin, new { kind = "Counter", servicePointId = w.CounterA });
        await using var db = app.NewDbContext();
        var before = await db.Officials.SingleAsync(o => o.Id == w.CounterAOfficial);
        var citizen = app.AnonymousClient();
        var first = WebUtility.HtmlDecode(await citizen.GetStringAsync($"/s/{counter.Token}"));
        Assert.Contains(before.FullName, first);
        Assert.DoesNotContain(w.OfficialAName, first);

        var shift = await db.ServicePointShifts.Where(s => s.ServicePointId == w.CounterA && s.EndsAt == null).SingleAsync();
        var handover = app.Clock.GetUtcNow().AddSeconds(-1);
        (await admin.PutAsJsonAsync($"/api/service-points/{w.CounterA}/shifts/{shift.Id}",
            new { officialId = shift.OfficialId, startsAt = shift.StartsAt, endsAt = handover })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/service-points/{w.CounterA}/shifts",
            new { officialId = w.OfficialA, startsAt = handover })).EnsureSuccessStatusCode();

        var after = WebUtility.HtmlDecode(await citizen.GetStringAsync($"/s/{counter.Token}"));
        Assert.Contains(w.OfficialAName, after);
        Assert.DoesNotContain(before.FullName, after);
    }

    [Fact]
    public async Task Each_view_of_a_rendered_counter_form_carries_its_own_token_and_each_phone_can_send_it()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var counter = await InvitationWorld.IssueAsync(staff, new { kind = "Counter", servicePointId = w.CounterA });
        var phones = new[] { app.AnonymousClient(), app.AnonymousClient() };

        var pages = new List<string>();
        foreach (var phone in phones) pages.Add(await phone.GetStringAsync($"/s/{counter.Token}"));

        var tokens = pages.Select(p => PageForms.AntiforgeryToken(p)).ToList();
        Assert.All(tokens, t => Assert.False(string.IsNullOrEmpty(t)));
        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.DoesNotContain("MARKER", pages[1]);
        // The rendered page is shared: apart from the token, the two views are the same bytes.
        Assert.Equal(pages[0].Replace(tokens[0], ""), pages[1].Replace(tokens[1], ""));
        await using var db = app.NewDbContext();
        var overall = await db.SurveyQuestions.Where(q => q.VersionId == counter.SurveyVersionId && q.Criterion == HaiLong.Data.Entities.Criteria.Overall)
            .Select(q => q.Id).SingleAsync();
        for (var i = 0; i < 2; i++)
        {
            var fields = new Dictionary<string, string> { ["__af"] = tokens[i], ["lang"] = "vi" };
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(pages[i], "name=\"(q\\d+)\" value=\"4\""))
            {
                fields[m.Groups[1].Value] = "4";
            }
            fields[$"q{overall}"] = "5";
            var sent = await phones[i].PostAsync($"/s/{counter.Token}", new FormUrlEncodedContent(fields));
            var answer = await sent.Content.ReadAsStringAsync();
            Assert.True(sent.StatusCode == HttpStatusCode.Redirect,
                $"phone {i}: {(int)sent.StatusCode} " + string.Join(" / ",
                System.Text.RegularExpressions.Regex.Matches(answer, "class=\"error\"[^>]*>([^<]*)<").Select(m => m.Groups[1].Value)));
        }
    }

    [Fact]
    public async Task A_revoked_counter_code_shows_the_revoked_page_on_the_first_view_after()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var counter = await InvitationWorld.IssueAsync(staff, new { kind = "Counter", servicePointId = w.CounterA });
        var citizen = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/s/{counter.Token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/api/responses/forms/{counter.Token}")).StatusCode);

        (await staff.PostAsync($"/api/invitations/{counter.Id}/revoke", null)).EnsureSuccessStatusCode();

        var page = await citizen.GetAsync($"/s/{counter.Token}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("đã bị thu hồi", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Gone, (await citizen.GetAsync($"/api/responses/forms/{counter.Token}")).StatusCode);
    }
}
