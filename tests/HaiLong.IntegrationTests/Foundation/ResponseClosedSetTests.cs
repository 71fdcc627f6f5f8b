using System.Text.Json.Nodes;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// A response member whose values come from a fixed list is an enum in the document, so a generated client gets a type for
/// it; the wire keeps the strings it always carried, so existing clients keep working.
/// </summary>
public sealed class ResponseClosedSetTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Closed_sets_in_responses_are_enums_listing_the_values_the_server_writes()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var document = await app.OpenApiDocumentAsync();

        string[] Values(string schema, string member)
        {
            var property = OpenApiJson.Resolve(document["components"]!["schemas"]![schema]!["properties"]![member]!, document)!;
            if (property["items"] is { } items) property = OpenApiJson.Resolve(items, document)!;
            Assert.True(property["enum"] is JsonArray, $"{schema}.{member} has no enum list: {property.ToJsonString()}");
            return [.. property["enum"]!.AsArray().Where(v => v is not null).Select(v => v!.ToString())];
        }

        string[] periods = ["month", "quarter", "year"];
        Assert.Equal(periods, Values("WardOverview", "period"));
        Assert.Equal(periods, Values("OfficialScorecard", "period"));
        Assert.Equal(periods, Values("ProcedureScorecard", "period"));
        Assert.Equal(
            ["filed", "accepted", "rejected", "assigned", "started", "answered", "closed", "reopened", "escalated", "citizen-satisfied", "reopened-by-citizen"],
            Values("CaseEventResponse", "action"));
        Assert.Equal(["survey", "unit", "review", "in-person", "post"], Values("CaseDetail", "channel"));
        Assert.Equal(["Inspector", "WardLeader"], Values("NotificationResponse", "audience"));
        Assert.Equal(Roles.All, Values("MeResponse", "roles"));
        Assert.Equal(Roles.All, Values("StaffUserResponse", "roles"));
        Assert.Equal(["image/jpeg", "image/png", "image/webp", "application/pdf"], Values("AttachmentInfo", "contentType"));
        Assert.Equal(["satisfaction", "cases", "targets", "ward", "service", "yearly.government.council", "yearly.government.committee",
            "yearly.government.transparency", "yearly.government.listening", "yearly.government.petitions", "yearly.overall.satisfaction"],
            Values("ComponentView", "key"));
        Assert.Equal(Criteria.LabelsVi.Keys.Order(), Values("CriterionScore", "criterion").Order());

        // The wire: what the server writes is still the same strings, and in those lists.
        await CaseWorld.SetUpBoardOfWardAAsync(app, admin);
        var code = await CaseWorld.FileOkAsync(app.AnonymousClient(), $"unit={DemoWorld.WardACode}", CaseWorld.Petition());
        var id = await CaseWorld.CaseIdAsync(app, code);
        var inspector = await app.ClientAsInspectorAsync();
        await CaseWorld.TransitionAsync(inspector, id, new { action = "Accept" });
        var detail = JsonNode.Parse(await inspector.GetStringAsync($"/api/cases/{id}"))!;
        Assert.Equal("unit", detail["channel"]!.ToString());
        Assert.Equal(["accepted", "filed"], detail["events"]!.AsArray().Select(e => e!["action"]!.ToString()).Order());

        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        Assert.Equal(["WardLeader"], JsonNode.Parse(await leader.GetStringAsync("/api/auth/me"))!["roles"]!.AsArray().Select(r => r!.ToString()));
        var wardA = await CaseWorld.UnitIdAsync(app, DemoWorld.WardACode);
        foreach (var period in periods)
        {
            var card = JsonNode.Parse(await leader.GetStringAsync($"/api/scorecards/units/{wardA}?period={period}"))!;
            Assert.Equal(period, card["period"]!.ToString());
            Assert.Equal(Criteria.Overall, card["overall"]!["criterion"]!.ToString());
            Assert.All(card["criteria"]!.AsArray(), c => Assert.Contains(c!["criterion"]!.ToString(), Criteria.LabelsVi.Keys));
            var procedures = JsonNode.Parse(await leader.GetStringAsync($"/api/scorecards/units/{wardA}/procedures?period={period}"))!;
            Assert.Equal(period, procedures["period"]!.ToString());
        }
    }

}
