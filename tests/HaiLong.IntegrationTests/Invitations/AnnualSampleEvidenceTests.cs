namespace HaiLong.IntegrationTests.Invitations;

/// <summary>
/// Issue 18's acceptance for the yearly survey as a sample: 200 slips issued, 120 answered once, every one tried again and
/// refused, and what is stored and counted is 120 answers from single-use yearly invitations. A class of its own, so no other
/// test's answers share its ward's numbers.
/// </summary>
public sealed class AnnualSampleEvidenceTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Two_hundred_slips_of_which_120_are_answered_once_and_refused_again_give_120_sampled_answers()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var sample = await AnnualSampleWorld.IssueAsync(leader, w.WardA, 200);
        var citizen = app.AnonymousClient();
        await using var db = app.NewDbContext();
        var sampledBefore = await db.Responses.CountAsync(r => r.Invitation!.Kind == InvitationKind.AnnualSample);
        var answered = sample.Slips.Take(120).ToList();

        var first = new List<HttpStatusCode>();
        foreach (var (slip, i) in answered.Select((s, i) => (s, i)))
        {
            var response = await InvitationWorld.SubmitAsync(citizen, slip.Token, AnnualSampleWorld.YearlyAnswers(overall: 1 + i % 5));
            first.Add(response.StatusCode);
        }
        var again = new List<(HttpStatusCode Status, string? Type)>();
        foreach (var slip in answered)
        {
            var response = await InvitationWorld.SubmitAsync(citizen, slip.Token, AnnualSampleWorld.YearlyAnswers());
            again.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }

        Assert.Equal(200, sample.Slips.Length);
        Assert.All(first, s => Assert.Equal(HttpStatusCode.Created, s));
        // Refused exactly as a used transaction link is: 409 ProblemDetails, nothing stored.
        Assert.All(again, r => Assert.Equal((HttpStatusCode.Conflict, "application/problem+json"), r));
        var ids = answered.Select(s => s.Id).ToList();
        var perSlip = await db.Responses.Where(r => r.InvitationId != null && ids.Contains(r.InvitationId.Value))
            .GroupBy(r => r.InvitationId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(120, perSlip.Count);
        Assert.All(perSlip, n => Assert.Equal(1, n));
        Assert.Equal(120, await db.Responses.CountAsync(r => r.Invitation!.Kind == InvitationKind.AnnualSample) - sampledBefore);
        var slips = await db.Invitations.Where(i => i.Kind == InvitationKind.AnnualSample && i.UnitId == w.WardA).ToListAsync();
        Assert.Equal((200, 120), (slips.Count, slips.Count(i => i.UsedAt != null)));

        // The ward's scorecard for the year says where the yearly answers came from.
        var scorecard = await leader.GetFromJsonAsync<JsonElement>($"/api/scorecards/units/{w.WardA}?period=year");
        Assert.Equal(120, scorecard.GetProperty("yearlySurvey").GetProperty("sampled").GetInt64());
        var browser = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StaffBrowser.SignInAsync(browser, DemoUsers.WardLeaderA)).StatusCode);
        var page = await browser.GetStringAsync($"/staff/scorecards/units/{w.WardA}?period=year");
        Assert.Contains("<td class=\"num\" id=\"yearly-sampled\">120</td>", page);

        // The evaluation of the slips' year rests each body the yearly survey rates on those 120 answers, all from slips.
        var evaluator = await app.ClientAsAsync(DemoUsers.EvaluatorA);
        var cycleId = await EvaluationWorld.CreateCycleAsync(evaluator, w.WardA, sample.Year);
        await EvaluationWorld.RunJobAsync(app, cycleId);
        var components = (await EvaluationWorld.GetAsync(evaluator, cycleId)).Content.Results.SelectMany(r => r.Components).ToList();
        foreach (var criterion in new[] { Criteria.GovernmentCouncil, Criteria.GovernmentCommittee })
        {
            var body = Assert.Single(components, c => c.Key == $"yearly.{criterion}");
            Assert.Equal((120L, 120L, 0L, 0L), (body.N, body.Sources!.Sampled, body.Sources.Open, body.Sources.Held));
        }

        // Three answers on the ward's open yearly QR (three phones) are counted apart from the slips on the scorecard.
        var poster = await InvitationWorld.IssueAsync(leader, new { kind = "Annual", unitId = w.WardA });
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var answer = await InvitationWorld.SubmitAsync(app.AnonymousClient(), poster.Token, AnnualSampleWorld.YearlyAnswers());
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        }
        var after = (await leader.GetFromJsonAsync<JsonElement>($"/api/scorecards/units/{w.WardA}?period=year")).GetProperty("yearlySurvey");
        Assert.Equal((120L, 3L), (after.GetProperty("sampled").GetInt64(), after.GetProperty("open").GetInt64()));
    }
}
