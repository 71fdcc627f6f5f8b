namespace HaiLong.IntegrationTests.Responses;

/// <summary>The per-IP limit on citizen pages is configuration; past it the answer is a 429 problem with Retry-After.</summary>
public sealed class CitizenRateLimitTests : IClassFixture<HaiLongApp>
{
    private readonly HaiLongApp _app;

    public CitizenRateLimitTests(HaiLongApp app) =>
        _app = app.With("HaiLong:RateLimits:CitizenBurst", "5").With("HaiLong:RateLimits:CitizenPerMinute", "1");

    [Fact]
    public async Task Past_the_burst_a_citizen_address_gets_429_problem_details()
    {
        var client = _app.AnonymousClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 6; i++)
        {
            last = await client.GetAsync("/s/AAAAAAAAAAAAAAAAAAAAAA");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 5).Append(HttpStatusCode.TooManyRequests), statuses);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.True(last.Headers.Contains("Retry-After"));
    }
}
