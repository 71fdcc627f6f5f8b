using Microsoft.AspNetCore.Routing;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// Every staff page that names an object answers 404 for an object outside the user's jurisdiction, as the API does — for a
/// user whose role may use the page. Ward A's staff ask for ward B's objects. The table below must name every staff route
/// with a parameter: a new page fails this test until it is added here.
/// </summary>
public sealed class StaffPageJurisdictionTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private sealed record WardB(int Unit, int Official, long Case, long ReviewItem, long Cycle, long Target, Guid Account, int Counter, long Shift,
        int Agency, int Hamlet, long Household);

    private sealed record Probe(string User, string TokenPage, Func<WardB, string> Url);

    // Ward A's administrator, signed in from a registry form or from the accounts page (each gives an antiforgery token).
    private static Probe RegistryAdmin(Func<WardB, string> url) => new(Registry.RegistryWorld.WardAdminA, "/staff/registry/units/new", url);

    private static Probe AccountsAdmin(Func<WardB, string> url) => new(Registry.RegistryWorld.WardAdminA, "/staff/accounts", url);

    // Ward A's leader keeps the registers of ward A's hamlets (Consultations/Household*).
    private static Probe HouseholdKeeper(Func<WardB, string> url) => new(DemoUsers.WardLeaderA, "/staff/households", url);

    private static readonly IReadOnlyDictionary<string, Probe> Probes = new Dictionary<string, Probe>
    {
        ["GET /staff/cases/{id:long}"] = new(DemoUsers.InspectorA, "/staff/reception", b => $"/staff/cases/{b.Case}"),
        ["POST /staff/cases/{id:long}/transitions"] = new(DemoUsers.InspectorA, "/staff/reception", b => $"/staff/cases/{b.Case}/transitions"),
        ["POST /staff/cases/boards/{unitId:int}"] = new(DemoUsers.WardLeaderA, "/staff/cases/boards", b => $"/staff/cases/boards/{b.Unit}"),
        ["POST /staff/cases/review-items/{id:long}/case"] =
            new(DemoUsers.InspectorA, "/staff/reception", b => $"/staff/cases/review-items/{b.ReviewItem}/case"),
        ["POST /staff/cases/review-items/{id:long}/reviewed"] =
            new(DemoUsers.InspectorA, "/staff/reception", b => $"/staff/cases/review-items/{b.ReviewItem}/reviewed"),
        ["GET /staff/reception/{id:long}/receipt"] = new(DemoUsers.InspectorA, "/staff/reception", b => $"/staff/reception/{b.Case}/receipt"),
        ["GET /staff/scorecards/officials/{officialId:int}"] =
            new(DemoUsers.WardLeaderA, "/staff/cases/boards", b => $"/staff/scorecards/officials/{b.Official}"),
        ["GET /staff/scorecards/units/{unitId:int}"] = new(DemoUsers.WardLeaderA, "/staff/cases/boards", b => $"/staff/scorecards/units/{b.Unit}"),
        ["GET /staff/scorecards/units/{unitId:int}/procedures"] =
            new(DemoUsers.WardLeaderA, "/staff/cases/boards", b => $"/staff/scorecards/units/{b.Unit}/procedures"),
        ["GET /staff/registry/units/{id:int}"] = RegistryAdmin(b => $"/staff/registry/units/{b.Unit}"),
        ["POST /staff/registry/units/{id:int}"] = RegistryAdmin(b => $"/staff/registry/units/{b.Unit}"),
        ["POST /staff/registry/units/{id:int}/delete"] = RegistryAdmin(b => $"/staff/registry/units/{b.Unit}/delete"),
        ["GET /staff/registry/agencies/{id:int}"] = RegistryAdmin(b => $"/staff/registry/agencies/{b.Agency}"),
        ["POST /staff/registry/agencies/{id:int}"] = RegistryAdmin(b => $"/staff/registry/agencies/{b.Agency}"),
        ["POST /staff/registry/agencies/{id:int}/delete"] = RegistryAdmin(b => $"/staff/registry/agencies/{b.Agency}/delete"),
        ["GET /staff/registry/counters/{id:int}"] = RegistryAdmin(b => $"/staff/registry/counters/{b.Counter}"),
        ["POST /staff/registry/counters/{id:int}"] = RegistryAdmin(b => $"/staff/registry/counters/{b.Counter}"),
        ["POST /staff/registry/counters/{id:int}/delete"] = RegistryAdmin(b => $"/staff/registry/counters/{b.Counter}/delete"),
        ["GET /staff/registry/officials/{id:int}"] = RegistryAdmin(b => $"/staff/registry/officials/{b.Official}"),
        ["POST /staff/registry/officials/{id:int}"] = RegistryAdmin(b => $"/staff/registry/officials/{b.Official}"),
        ["POST /staff/registry/officials/{id:int}/end-of-service"] =
            RegistryAdmin(b => $"/staff/registry/officials/{b.Official}/end-of-service"),
        ["POST /staff/registry/officials/{id:int}/transfer"] =
            RegistryAdmin(b => $"/staff/registry/officials/{b.Official}/transfer"),
        ["GET /staff/evaluations/{id:long}"] = new(DemoUsers.EvaluatorA, "/staff/evaluations", b => $"/staff/evaluations/{b.Cycle}"),
        ["GET /staff/evaluations/{id:long}/sheets/{officialId:int}"] =
            new(DemoUsers.EvaluatorA, "/staff/evaluations", b => $"/staff/evaluations/{b.Cycle}/sheets/{b.Official}"),
        ["POST /staff/evaluations/{id:long}/compute"] = new(DemoUsers.EvaluatorA, "/staff/evaluations", b => $"/staff/evaluations/{b.Cycle}/compute"),
        ["POST /staff/evaluations/{id:long}/freeze"] = new(DemoUsers.EvaluatorA, "/staff/evaluations", b => $"/staff/evaluations/{b.Cycle}/freeze"),
        ["POST /staff/evaluations/{id:long}/dossier-figures/{unitId:int}"] =
            new(DemoUsers.EvaluatorA, "/staff/evaluations", b => $"/staff/evaluations/{b.Cycle}/dossier-figures/{b.Unit}"),
        ["POST /staff/evaluations/{id:long}/sheets/{officialId:int}/note"] =
            new(DemoUsers.EvaluatorA, "/staff/evaluations", b => $"/staff/evaluations/{b.Cycle}/sheets/{b.Official}/note"),
        ["POST /staff/evaluations/{id:long}/targets"] = new(DemoUsers.EvaluatorA, "/staff/evaluations", b => $"/staff/evaluations/{b.Cycle}/targets"),
        ["POST /staff/evaluations/{id:long}/targets/{targetId:long}"] =
            new(DemoUsers.EvaluatorA, "/staff/evaluations", b => $"/staff/evaluations/{b.Cycle}/targets/{b.Target}"),
        ["GET /staff/accounts/{id:guid}"] = AccountsAdmin(b => $"/staff/accounts/{b.Account}"),
        ["POST /staff/accounts/{id:guid}"] = AccountsAdmin(b => $"/staff/accounts/{b.Account}"),
        ["POST /staff/accounts/{id:guid}/lock"] = AccountsAdmin(b => $"/staff/accounts/{b.Account}/lock"),
        ["POST /staff/accounts/{id:guid}/unlock"] = AccountsAdmin(b => $"/staff/accounts/{b.Account}/unlock"),
        ["POST /staff/accounts/{id:guid}/password"] = AccountsAdmin(b => $"/staff/accounts/{b.Account}/password"),
        ["GET /staff/roster/shifts/{id:long}"] = AccountsAdmin(b => $"/staff/roster/shifts/{b.Shift}"),
        ["POST /staff/roster/shifts/{id:long}"] = AccountsAdmin(b => $"/staff/roster/shifts/{b.Shift}"),
        ["GET /staff/roster/counters/{id:int}"] = new(DemoUsers.ServiceStaffA, "/staff/roster/counters", b => $"/staff/roster/counters/{b.Counter}"),
        ["POST /staff/roster/counters/{id:int}/end"] = new(DemoUsers.ServiceStaffA, "/staff/roster/counters", b => $"/staff/roster/counters/{b.Counter}/end"),
        ["POST /staff/roster/counters/{id:int}/handover"] =
            new(DemoUsers.ServiceStaffA, "/staff/roster/counters", b => $"/staff/roster/counters/{b.Counter}/handover"),
        ["GET /staff/households/hamlets/{unitId:int}"] = HouseholdKeeper(b => $"/staff/households/hamlets/{b.Hamlet}"),
        ["POST /staff/households/hamlets/{unitId:int}"] = HouseholdKeeper(b => $"/staff/households/hamlets/{b.Hamlet}"),
        ["GET /staff/households/hamlets/{unitId:int}/import"] = HouseholdKeeper(b => $"/staff/households/hamlets/{b.Hamlet}/import"),
        ["POST /staff/households/hamlets/{unitId:int}/import"] = HouseholdKeeper(b => $"/staff/households/hamlets/{b.Hamlet}/import"),
        ["POST /staff/households/hamlets/{unitId:int}/import/confirm"] =
            HouseholdKeeper(b => $"/staff/households/hamlets/{b.Hamlet}/import/confirm"),
        ["GET /staff/households/{id:long}"] = HouseholdKeeper(b => $"/staff/households/{b.Household}"),
        ["POST /staff/households/{id:long}"] = HouseholdKeeper(b => $"/staff/households/{b.Household}"),
        ["POST /staff/households/{id:long}/move-out"] = HouseholdKeeper(b => $"/staff/households/{b.Household}/move-out"),
        ["POST /staff/households/{id:long}/merge"] = HouseholdKeeper(b => $"/staff/households/{b.Household}/merge"),
        ["POST /staff/households/{id:long}/split"] = HouseholdKeeper(b => $"/staff/households/{b.Household}/split"),
    };

    /// <summary>Routes whose objects belong to no unit, so no jurisdiction applies: survey templates and the procedures
    /// are national catalogues.</summary>
    private static readonly IReadOnlySet<string> National = new HashSet<string>
    {
        "GET /staff/surveys/versions/{id:int}", "GET /staff/surveys/versions/{id:int}/preview", "POST /staff/surveys/{templateId:int}/versions",
        "POST /staff/surveys/versions/{id:int}/questions", "POST /staff/surveys/versions/{id:int}/publish",
        "GET /staff/registry/procedures/{id:int}", "POST /staff/registry/procedures/{id:int}",
    };

    [Fact]
    public void Every_staff_route_with_a_parameter_is_probed()
    {
        var routes = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/staff/") && e.RoutePattern.Parameters.Count > 0)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        Assert.True(!routes.Except(Probes.Keys).Except(National).Any(), string.Join("\n", routes.Except(Probes.Keys).Except(National)));
        Assert.Empty(Probes.Keys.Concat(National).Except(routes));
    }

    [Fact]
    public async Task Ward_a_staff_get_404_for_ward_b_objects_on_every_page_and_nothing_changes()
    {
        var b = await WardBObjectsAsync();
        await using var db = app.NewDbContext();
        var auditBefore = await db.AuditEntries.CountAsync(a => a.Action.EndsWith(".updated") || a.Action.EndsWith(".created"));
        var clients = new Dictionary<string, (HttpClient Client, Dictionary<string, string> Tokens)>();

        var failures = new List<string>();
        foreach (var (route, probe) in Probes)
        {
            if (!clients.TryGetValue(probe.User, out var c))
            {
                c = (await app.CookieClientAsync(probe.User), []);
                clients[probe.User] = c;
            }
            var url = probe.Url(b);
            HttpResponseMessage response;
            if (route.StartsWith("GET ")) response = await c.Client.GetAsync(url);
            else
            {
                if (!c.Tokens.TryGetValue(probe.TokenPage, out var token))
                {
                    token = WebUtility.HtmlDecode(PageForms.AntiforgeryToken(await c.Client.GetStringAsync(probe.TokenPage)));
                    c.Tokens[probe.TokenPage] = token;
                }
                response = await c.Client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__af"] = token, ["action"] = "accept", ["note"] = "x", ["title"] = "x", ["targetValue"] = "1", ["achievedValue"] = "1",
                    ["dossiersTotal"] = "1", ["dossiersOverdue"] = "0", ["source"] = "x", ["type"] = "Petition",
                }));
            }
            if (response.StatusCode != HttpStatusCode.NotFound) failures.Add($"{route} as {probe.User}: {(int)response.StatusCode}");
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
        Assert.Equal(auditBefore, await db.AuditEntries.CountAsync(a => a.Action.EndsWith(".updated") || a.Action.EndsWith(".created")));
    }

    private async Task<WardB> WardBObjectsAsync()
    {
        await using var db = app.NewDbContext();
        var unit = await CaseWorld.UnitIdAsync(app, DemoWorld.WardBCode);
        var official = await db.Officials.Where(o => o.Agency.UnitId == unit).Select(o => o.Id).FirstAsync();
        var code = await CaseWorld.FileOkAsync(app.AnonymousClient(), $"unit={DemoWorld.WardBCode}", CaseWorld.Petition());
        var caseId = await CaseWorld.CaseIdAsync(app, code);
        var item = new ReviewItem
        {
            Kind = ReviewItemKind.LowScoreAlert, UnitId = unit, SubjectKind = SubjectKind.Unit, SubjectId = unit,
            Summary = "Phường Hưng Phú dưới ngưỡng", DedupKey = $"jurisdiction-probe:{Guid.NewGuid()}", CreatedAt = app.Clock.GetUtcNow(),
        };
        db.ReviewItems.Add(item);
        await db.SaveChangesAsync();
        var cycle = await EvaluationWorld.CreateCycleAsync(await app.ClientAsAsync(DemoUsers.Administrator), unit);
        var target = new EvaluationTarget { CycleId = cycle, UnitId = unit, Title = "Chỉ tiêu phường B", TargetValue = 10 };
        db.EvaluationTargets.Add(target);
        await db.SaveChangesAsync();
        // A ward A administrator for the account and roster pages, and ward B's account, counter and running shift.
        var registry = await Registry.DemoIds.LoadAsync(app);
        await Registry.RegistryWorld.WardAdminAAsync(app, registry);
        var created = await (await app.ClientAsAsync(DemoUsers.Administrator)).PostAsJsonAsync("/api/users", new
        {
            userName = "motcua.hungphu.probe", fullName = "Cán bộ phường B", password = Seeder.DemoPassword, role = Roles.ServiceStaff,
            jurisdictionUnitId = unit,
        });
        created.EnsureSuccessStatusCode();
        var account = await db.Users.Where(u => u.UserName == "motcua.hungphu.probe").Select(u => u.Id).SingleAsync();
        var shift = await db.ServicePointShifts.Where(s => s.ServicePointId == registry.CounterB && s.EndsAt == null).Select(s => s.Id).FirstAsync();
        var agency = await db.Agencies.Where(a => a.UnitId == unit).Select(a => a.Id).FirstAsync();
        var hamlet = await db.Units.Where(u => u.Code == Consultations.HamletWorld.HamletB).Select(u => u.Id).SingleAsync();
        var household = (await Consultations.HamletWorld.AddHouseholdsAsync(app, Consultations.HamletWorld.HamletB, 1, "PROBE"))[0];
        return new WardB(unit, official, caseId, item.Id, cycle, target.Id, account, registry.CounterB, shift, agency, hamlet, household);
    }
}
