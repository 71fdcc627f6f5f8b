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
    public async Task Every_view_of_a_counter_form_is_the_same_bytes_without_a_cookie_and_each_phone_gets_its_device_cookie_with_its_rating()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var counter = await InvitationWorld.IssueAsync(staff, new { kind = "Counter", servicePointId = w.CounterA });
        var phones = new[] { app.AnonymousClient(), app.AnonymousClient() };

        var views = new List<HttpResponseMessage>();
        foreach (var phone in phones) views.Add(await phone.GetAsync($"/s/{counter.Token}"));
        var bytes = await Task.WhenAll(views.Select(v => v.Content.ReadAsByteArrayAsync()));

        Assert.All(views, v => Assert.Equal(HttpStatusCode.OK, v.StatusCode));
        Assert.Equal(bytes[0], bytes[1]);
        Assert.All(views, v => Assert.False(v.Headers.Contains("Set-Cookie"), string.Join("; ", v.Headers.Where(h => h.Key == "Set-Cookie"))));
        Assert.All(views, v => Assert.Equal(bytes[0].Length, v.Content.Headers.ContentLength));
        Assert.DoesNotContain("__af", System.Text.Encoding.UTF8.GetString(bytes[0]));
        // The kept Brotli and gzip forms are that page too.
        foreach (var encoding in new[] { "br", "gzip" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/s/{counter.Token}");
            request.Headers.AcceptEncoding.ParseAdd($"{encoding}, identity;q=0.5");
            var compressed = await phones[0].SendAsync(request);
            Assert.Equal([encoding], compressed.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
            Assert.Equal(bytes[0], await DecompressAsync(await compressed.Content.ReadAsStreamAsync(), encoding));
        }

        // Each phone's first rating is stored and gives it a device cookie; a second rating from it within the window is refused.
        var html = System.Text.Encoding.UTF8.GetString(bytes[0]);
        var sent = new List<HttpResponseMessage>();
        foreach (var phone in phones) sent.Add(await phone.PostAsync($"/s/{counter.Token}", new FormUrlEncodedContent(SurveyPageForm.Answers(html))));
        var again = await phones[0].PostAsync($"/s/{counter.Token}", new FormUrlEncodedContent(SurveyPageForm.Answers(html)));

        Assert.All(sent, s => Assert.Equal(HttpStatusCode.Redirect, s.StatusCode));
        var cookies = sent.Select(s => s.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hailong.device="))).ToList();
        Assert.All(cookies, c => Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("samesite=lax", c, StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual(cookies[0].Split(';')[0], cookies[1].Split(';')[0]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Điện thoại này vừa gửi đánh giá", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        Assert.Equal(2, await InvitationWorld.ResponsesOfAsync(app, counter.Id));
    }

    private static async Task<byte[]> DecompressAsync(Stream body, string encoding)
    {
        await using Stream decoder = encoding == "br"
            ? new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await decoder.CopyToAsync(plain);
        return plain.ToArray();
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
