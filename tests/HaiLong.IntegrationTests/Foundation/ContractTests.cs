using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HaiLong.Api.Infrastructure.Seeding;
using HaiLong.Data.Entities;
using HaiLong.IntegrationTests.Cases;
using HaiLong.IntegrationTests.Infrastructure;
using HaiLong.IntegrationTests.Invitations;
using Microsoft.EntityFrameworkCore;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// The document's <c>required</c> lists are a promise to generated clients: for every operation with a JSON body, a valid
/// example is sent whole (it must succeed) and then once without each member — a member the schema requires must be
/// refused with a 400 naming it, any other member's absence must not be a 400.
/// </summary>
public sealed class ContractTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>An example request for one operation; n makes codes and names unique, as every send may create something.</summary>
    private delegate Task<(string Path, JsonObject Body)> Example(int n);

    /// <summary>
    /// Operations whose examples need a world this test does not build yet (a case in a given state, an open review item, a
    /// computed evaluation). Listed so that a new operation with a body cannot slip past unnoticed.
    /// </summary>
    private static readonly HashSet<string> NotYetCovered =
    [
        "TransitionCase", "MarkReviewItemReviewed", "OpenCaseFromReviewItem", "AnnotateEvaluationResult", "SaveSurveyQuestions",
        "CreateShift", "UpdateShift", "AddEvaluationTarget", "UpdateEvaluationTarget", "PutEvaluationDossierFigures",
    ];

    /// <summary>
    /// Members that this example's other values make necessary (a transaction invitation names its official, procedure and dossier): the schema
    /// cannot say so, and the endpoint must then refuse their absence with a 400 naming them.
    /// </summary>
    private static readonly Dictionary<string, string[]> Conditional = new()
    {
        ["IssueInvitation"] = ["officialId", "procedureId", "dossierReference"],
    };

    [Fact]
    public async Task Every_required_member_is_refused_when_missing_and_no_other_member_is()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        var examples = await ExamplesAsync(admin);
        var failures = new List<string>();
        var checkedMembers = 0;

        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is not { } bodySchema) continue;
                var id = operation["operationId"]!.ToString();
                if (NotYetCovered.Contains(id)) continue;
                if (!examples.TryGetValue(id, out var example))
                {
                    failures.Add($"{id}: no example body; add one here (or to NotYetCovered with the reason)");
                    continue;
                }
                var schema = Resolve(bodySchema, document);
                var required = schema["required"]?.AsArray().Select(r => r!.ToString()).ToHashSet() ?? [];
                var members = schema["properties"]!.AsObject().Select(p => p.Key).ToList();
                var client = id is "IssueInvitation" ? staff : admin;
                var n = 0;

                var (wholePath, whole) = await example(++n);
                using (var response = await SendAsync(client, method, wholePath, whole))
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Add($"{id}: the whole example is refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
                        continue;
                    }
                }
                foreach (var member in members)
                {
                    var (path, body) = await example(++n);
                    Assert.True(body.Remove(member), $"{id}: the example has no member '{member}'; give every member a value");
                    using var response = await SendAsync(client, method, path, body);
                    checkedMembers++;
                    var text = await response.Content.ReadAsStringAsync();
                    var mustRefuse = required.Contains(member) || Conditional.GetValueOrDefault(id, []).Contains(member);
                    if (mustRefuse)
                    {
                        var errors = response.StatusCode == HttpStatusCode.BadRequest ? JsonNode.Parse(text)?["errors"]?.AsObject() : null;
                        if (errors is null || !errors.Any(e => e.Key.Equals(member, StringComparison.OrdinalIgnoreCase)))
                        {
                            failures.Add($"{id}: without required '{member}' → {(int)response.StatusCode}, not a 400 naming it: {Truncate(text)}");
                        }
                    }
                    else if (response.StatusCode == HttpStatusCode.BadRequest)
                    {
                        failures.Add($"{id}: '{member}' is optional in the schema, but leaving it out is a 400: {Truncate(text)}");
                    }
                }
            }
        }

        Assert.True(checkedMembers > 50, $"only {checkedMembers} members were checked");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private async Task<Dictionary<string, Example>> ExamplesAsync(HttpClient admin)
    {
        var w = await InvitationKit.WorldAsync(app);
        await using var db = app.NewDbContext();
        var serviceCentre = await db.Agencies.Where(a => a.UnitId == w.WardA && a.Kind == AgencyKind.ServiceCentre).Select(a => a.Id).FirstAsync();
        var inspector = await CaseTestKit.UserIdAsync(app, DemoUsers.InspectorA);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var run = Guid.NewGuid().ToString("N")[..6];
        var sequence = 0;
        // Unique across operations too: UpdateUnit creates a unit as CreateUnit does, with the same n.
        string Code(string prefix, int n) => $"{prefix}-{run}-{n}-{Interlocked.Increment(ref sequence)}";

        async Task<int> CreateAsync(string path, JsonObject body)
        {
            var response = await admin.PostAsJsonAsync(path, body);
            Assert.True(response.IsSuccessStatusCode, $"setting up {path}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        }

        JsonObject Unit(int n) => new() { ["code"] = Code("U", n), ["name"] = $"Tổ {n}", ["level"] = "Hamlet", ["parentId"] = w.WardA, ["isRemoteArea"] = false };
        JsonObject Agency(int n) => new() { ["unitId"] = w.WardA, ["kind"] = "Other", ["code"] = Code("A", n), ["name"] = $"Cơ quan {n}" };
        JsonObject Official(int n) => new()
        {
            ["agencyId"] = serviceCentre, ["staffCode"] = Code("O", n), ["fullName"] = $"Cán bộ {n}", ["position"] = "Chuyên viên",
            ["activeFrom"] = "2024-01-01", ["isLeader"] = false, ["activeTo"] = "2030-12-31",
        };
        JsonObject ServicePoint(int n) => new() { ["agencyId"] = serviceCentre, ["code"] = Code("Q", n), ["name"] = $"Quầy {n}" };
        JsonObject Procedure(int n) => new() { ["code"] = Code("P", n), ["name"] = $"Thủ tục {n}", ["field"] = "Hộ tịch" };

        return new Dictionary<string, Example>
        {
            ["IssueToken"] = n => Task.FromResult(("/api/auth/token", new JsonObject { ["userName"] = DemoUsers.Administrator, ["password"] = Seeder.DemoPassword })),
            ["CreateUser"] = n => Task.FromResult(("/api/users", new JsonObject
            {
                ["userName"] = $"contract.{run}.{n}", ["fullName"] = "Người dùng thử", ["password"] = "Contract@2026-long",
                ["role"] = Roles.ServiceStaff, ["jurisdictionUnitId"] = w.WardA,
            })),
            ["CreateUnit"] = n => Task.FromResult(("/api/units", Unit(n))),
            ["UpdateUnit"] = async n => ($"/api/units/{await CreateAsync("/api/units", Unit(n))}", Unit(n)),
            ["CreateAgency"] = n => Task.FromResult(("/api/agencies", Agency(n))),
            ["UpdateAgency"] = async n => ($"/api/agencies/{await CreateAsync("/api/agencies", Agency(n))}", Agency(n)),
            ["CreateOfficial"] = n => Task.FromResult(("/api/officials", Official(n))),
            ["UpdateOfficial"] = async n => ($"/api/officials/{await CreateAsync("/api/officials", Official(n))}", Official(n)),
            ["EndOfficialService"] = async n =>
                ($"/api/officials/{await CreateAsync("/api/officials", Official(n))}/end-of-service", new JsonObject { ["activeTo"] = "2029-06-30" }),
            ["CreateServicePoint"] = n => Task.FromResult(("/api/service-points", ServicePoint(n))),
            ["UpdateServicePoint"] = async n => ($"/api/service-points/{await CreateAsync("/api/service-points", ServicePoint(n))}", ServicePoint(n)),
            ["CreateProcedure"] = n => Task.FromResult(("/api/procedures", Procedure(n))),
            ["UpdateProcedure"] = async n => ($"/api/procedures/{await CreateAsync("/api/procedures", Procedure(n))}", Procedure(n)),
            ["IssueInvitation"] = n => Task.FromResult(("/api/invitations", new JsonObject
            {
                ["kind"] = "Transaction", ["officialId"] = w.OfficialA, ["procedureId"] = w.Procedure, ["dossierReference"] = Code("HS", n),
                ["servicePointId"] = null, ["unitId"] = null, ["meetingTitle"] = null, ["meetingStartsAt"] = null, ["meetingEndsAt"] = null,
                ["year"] = null, ["expiresInDays"] = 7,
            })),
            ["SubmitResponse"] = async n =>
            {
                var issued = await InvitationKit.IssueTransactionAsync(staff, w, Code("HS-S", n));
                return ("/api/responses", new JsonObject
                {
                    ["token"] = issued.Token, ["answers"] = JsonSerializerNode(InvitationKit.ServiceAnswers(5)), ["comment"] = "Tốt", ["language"] = "vi",
                });
            },
            ["PutPublicHoliday"] = n => Task.FromResult(("/api/cases/holidays", new JsonObject { ["date"] = $"2031-01-{n:00}", ["name"] = $"Ngày nghỉ {n}" })),
            ["PutInspectionBoard"] = n => Task.FromResult(($"/api/cases/boards/{w.WardA}",
                new JsonObject { ["name"] = "Ban Thanh tra nhân dân phường Cái Răng", ["memberIds"] = new JsonArray(inspector.ToString()) })),
            ["CreateEvaluationPolicy"] = n => Task.FromResult(("/api/evaluations/policies", new JsonObject
            {
                ["basis"] = $"Nghị quyết thử {n}", ["officialSatisfactionWeight"] = 60, ["officialCasesWeight"] = 40, ["leaderSatisfactionWeight"] = 40,
                ["leaderCasesWeight"] = 30, ["leaderTargetsWeight"] = 30, ["excellentFrom"] = 90, ["goodFrom"] = 75, ["completedFrom"] = 50,
                ["minimumResponses"] = 30, ["shrinkageStrength"] = 20, ["warningBelowRate"] = 0.5, ["warningConsecutiveQuarters"] = 2,
                ["minimumQuarterResponses"] = 10,
            })),
            // Years apart so that each send may create its cycle; a repeat would be a 409, which hides nothing this test looks for.
            ["CreateEvaluationCycle"] = n => Task.FromResult(("/api/evaluations", new JsonObject { ["unitId"] = w.WardB, ["year"] = 2040 + n })),
        };
    }

    private static JsonNode JsonSerializerNode(object value) => System.Text.Json.JsonSerializer.SerializeToNode(value)!;

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, JsonObject body) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path) { Content = JsonContent.Create(body) });

    private static JsonNode Resolve(JsonNode schema, JsonNode document) =>
        schema["$ref"]?.ToString() is { } reference ? document["components"]!["schemas"]![reference.Split('/')[^1]]! : schema;

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
