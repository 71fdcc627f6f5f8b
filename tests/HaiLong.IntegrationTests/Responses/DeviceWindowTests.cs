namespace HaiLong.IntegrationTests.Responses;

/// <summary>The device window is configuration: with 0 hours the same phone may rate a counter again straight away.</summary>
public sealed class DeviceWindowTests : IClassFixture<HaiLongApp>
{
    private readonly HaiLongApp _app;

    public DeviceWindowTests(HaiLongApp app) => _app = app.With("HaiLong:Surveys:DeviceWindowHours", "0");

    [Fact]
    public async Task A_zero_hour_window_lets_the_same_phone_rate_the_counter_again()
    {
        var w = await InvitationWorld.LoadAsync(_app);
        var issued = await InvitationWorld.IssueAsync(await _app.ClientAsAsync(DemoUsers.ServiceStaffA), new { kind = "Counter", servicePointId = w.CounterA });
        var phone = _app.AnonymousClient();

        var first = await InvitationWorld.SubmitAsync(phone, issued.Token, InvitationWorld.ServiceAnswers(5));
        var second = await InvitationWorld.SubmitAsync(phone, issued.Token, InvitationWorld.ServiceAnswers(4));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }
}
