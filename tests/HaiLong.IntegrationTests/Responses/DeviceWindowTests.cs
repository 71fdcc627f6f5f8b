namespace HaiLong.IntegrationTests.Responses;

/// <summary>The device window is configuration: with 0 hours the same phone may rate a counter again straight away.</summary>
/// <remarks>The default window's refusal of a second rating: SubmissionTests (API) and StandingFormCacheTests (the page).</remarks>
public sealed class DeviceWindowTests : IClassFixture<HaiLongApp>
{
    private readonly HaiLongApp _app;

    public DeviceWindowTests(HaiLongApp app) => _app = app.With("HaiLong:Surveys:DeviceWindowHours", "0");

    [Fact]
    public async Task A_zero_hour_window_lets_the_same_phone_rate_the_counter_again()
    {
        var (_, issued) = await InvitationWorld.IssueCounterAsync(_app);
        var phone = _app.AnonymousClient();

        var first = await InvitationWorld.SubmitAsync(phone, issued.Token, InvitationWorld.ServiceAnswers(5));
        var second = await InvitationWorld.SubmitAsync(phone, issued.Token, InvitationWorld.ServiceAnswers(4));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }

    [Fact]
    public async Task A_zero_hour_window_lets_the_same_phone_send_the_counter_form_again_and_both_carry_its_device()
    {
        var (_, issued) = await InvitationWorld.IssueCounterAsync(_app);
        var phone = _app.AnonymousClient();
        var fields = SurveyPageForm.Answers(await phone.GetStringAsync($"/s/{issued.Token}"));

        var first = await phone.PostAsync($"/s/{issued.Token}", new FormUrlEncodedContent(fields));
        var second = await phone.PostAsync($"/s/{issued.Token}", new FormUrlEncodedContent(fields));
        var otherPhone = await _app.AnonymousClient().PostAsync($"/s/{issued.Token}", new FormUrlEncodedContent(fields));

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect],
            new[] { first.StatusCode, second.StatusCode, otherPhone.StatusCode });
        // The first post's device cookie came back with the second: one device, allowed again only because the window is 0.
        Assert.True(first.Headers.Contains("Set-Cookie"));
        Assert.False(second.Headers.Contains("Set-Cookie"));
        await using var db = _app.NewDbContext();
        var devices = await db.Responses.Where(r => r.InvitationId == issued.Id).OrderBy(r => r.Id).Select(r => r.DeviceHash).ToListAsync();
        Assert.Equal(3, devices.Count);
        Assert.Equal(devices[0], devices[1]);
        Assert.NotEqual(devices[0], devices[2]);
    }
}
