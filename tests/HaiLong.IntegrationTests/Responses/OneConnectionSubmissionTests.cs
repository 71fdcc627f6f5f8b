namespace HaiLong.IntegrationTests.Responses;

/// <summary>
/// A submission holds one pooled connection from the lookup to the store (ResponsesApi.Submit); nothing it does on the way
/// may ask the pool for a second one, or as many simultaneous submissions as the bounded pool holds wait for each other until
/// the pool's timeout (found by the open-loop bench when the pool was bounded: 16 held, 16 waiting, 503s after 15 s).
/// </summary>
public sealed class OneConnectionSubmissionTests : IClassFixture<HaiLongApp>
{
    private readonly HaiLongApp _app;

    public OneConnectionSubmissionTests(HaiLongApp app)
    {
        // A pool of one: a second connection wanted by the submission would never come, and the request would answer 503.
        _app = app.With("ConnectionStrings:HaiLong", app.ConnectionString + ";Maximum Pool Size=1;Timeout=5");
    }

    [Fact]
    public async Task The_first_submission_of_a_fresh_app_is_stored_on_the_one_connection_it_holds()
    {
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(_app);

        // The first submission of this process reads the survey version it answers (kept from then on) on its way.
        var response = await InvitationWorld.SubmitAsync(_app.AnonymousClient(), issued.Token, InvitationWorld.ServiceAnswers(5));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = _app.NewDbContext();
        Assert.NotNull((await db.Invitations.SingleAsync(i => i.Id == issued.Id)).UsedAt);
    }
}
