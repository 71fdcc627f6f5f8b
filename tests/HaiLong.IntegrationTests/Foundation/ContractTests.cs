using System.Text.Json.Nodes;

namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// The document's <c>required</c> lists are a promise to generated clients: for every operation with a JSON body, a valid
/// example is sent whole (it must succeed) and then once without each member — a member the schema requires must be
/// refused with a 400 naming it, any other member's absence must not be a 400 (nor a 5xx). Members of the first item of a list
/// of objects are removed the same way (<c>questions[0].criterion</c>) and judged by the item schema's own <c>required</c> list.
/// Every operation with a body needs an example here: there is no list of exceptions.
/// </summary>
public sealed class ContractTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>An example request for one operation; n makes codes and names unique, as every send may create something.</summary>
    private delegate Task<(string Path, JsonObject Body)> Example(int n);

    /// <summary>
    /// Members that this example's other values make necessary (a transaction invitation names its official, procedure and dossier): the schema
    /// cannot say so, and the endpoint must then refuse their absence with a 400 naming them.
    /// </summary>
    private static readonly Dictionary<string, string[]> Conditional = new()
    {
        ["IssueInvitation"] = ["officialId", "procedureId", "dossierReference"],
    };

    /// <summary>Who sends each operation's examples: the administrator unless the operation is someone else's to perform.</summary>
    private static readonly Dictionary<string, string> Callers = new()
    {
        ["IssueInvitation"] = DemoUsers.ServiceStaffA,
        // Only members of the ward's People's Inspection Board handle its cases and review items, and an administrator is none.
        ["TransitionCase"] = DemoUsers.InspectorA,
        ["MarkReviewItemReviewed"] = DemoUsers.InspectorA,
        ["OpenCaseFromReviewItem"] = DemoUsers.InspectorA,
    };

    [Fact]
    public async Task Every_required_member_is_refused_when_missing_and_no_other_member_is()
    {
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var clients = new Dictionary<string, HttpClient> { [DemoUsers.Administrator] = admin };
        foreach (var user in Callers.Values.Distinct()) clients[user] = await app.ClientAsAsync(user);
        var document = await app.OpenApiDocumentAsync();
        var examples = await ExamplesAsync(admin);
        var failures = new List<string>();
        var checkedMembers = 0;
        var checkedItemMembers = 0;

        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is not { } bodySchema) continue;
                var id = operation["operationId"]!.ToString();
                if (!examples.TryGetValue(id, out var example))
                {
                    failures.Add($"{id}: no example body; add one to ExamplesAsync");
                    continue;
                }
                var schema = OpenApiJson.Resolve(bodySchema, document)!;
                var client = clients[Callers.GetValueOrDefault(id, DemoUsers.Administrator)];
                var conditional = Conditional.GetValueOrDefault(id, []);
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
                foreach (var member in Members(schema))
                {
                    var (path, body) = await example(++n);
                    Assert.True(body.Remove(member), $"{id}: the example has no member '{member}'; give every member a value");
                    using var response = await SendAsync(client, method, path, body);
                    checkedMembers++;
                    await CheckAsync(id, member, Required(schema).Contains(member) || conditional.Contains(member), response, failures);
                }

                // One level down: a list of objects has its own required list, which the server must keep for each item.
                foreach (var list in Members(schema))
                {
                    if (schema["properties"]![list]!["items"] is not { } itemsSchema) continue;
                    var itemSchema = OpenApiJson.Resolve(itemsSchema, document)!;
                    if (itemSchema["properties"] is null) continue;
                    foreach (var member in Members(itemSchema))
                    {
                        var (path, body) = await example(++n);
                        var name = $"{list}[0].{member}";
                        var first = body[list] is JsonArray { Count: > 0 } items ? items[0] as JsonObject : null;
                        Assert.True(first is not null, $"{id}: the example's '{list}' has no first item; give it one");
                        Assert.True(first!.Remove(member), $"{id}: the example's first item of '{list}' has no member '{member}'; give every member a value");
                        using var response = await SendAsync(client, method, path, body);
                        checkedItemMembers++;
                        await CheckAsync(id, name, Required(itemSchema).Contains(member) || conditional.Contains(name), response, failures);
                    }
                }
            }
        }

        Assert.True(checkedMembers > 100, $"only {checkedMembers} members were checked");
        Assert.True(checkedItemMembers >= 10, $"only {checkedItemMembers} members of list items were checked");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>A member the schema (or the example) makes necessary must be a 400 naming it; any other absence must not be a 400.</summary>
    private static async Task CheckAsync(string id, string member, bool mustRefuse, HttpResponseMessage response, List<string> failures)
    {
        var text = await response.Content.ReadAsStringAsync();
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
        else if ((int)response.StatusCode >= 500)
        {
            // An optional member the server cannot do without (a column that takes no null) is a required one, refused too late.
            failures.Add($"{id}: '{member}' is optional in the schema, but leaving it out is a {(int)response.StatusCode}: {Truncate(text)}");
        }
    }

    private static List<string> Members(JsonNode schema) => schema["properties"]!.AsObject().Select(p => p.Key).ToList();

    private static HashSet<string> Required(JsonNode schema) => schema["required"]?.AsArray().Select(r => r!.ToString()).ToHashSet() ?? [];

    private async Task<Dictionary<string, Example>> ExamplesAsync(HttpClient admin)
    {
        var w = await InvitationWorld.LoadAsync(app);
        await using var db = app.NewDbContext();
        var serviceCentre = await db.Agencies.Where(a => a.UnitId == w.WardA && a.Kind == AgencyKind.ServiceCentre).Select(a => a.Id).FirstAsync();
        var inspector = await CaseWorld.UserIdAsync(app, DemoUsers.InspectorA);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var run = Guid.NewGuid().ToString("N")[..6];
        var sequence = 0;
        // Unique across operations too: UpdateUnit creates a unit as CreateUnit does, with the same n.
        string Code(string prefix, int n) => $"{prefix}-{run}-{n}-{Interlocked.Increment(ref sequence)}";
        // The household register's operations: each send gets households of its own in Khu vực Yên Bình.
        var hamlet = await db.Units.Where(u => u.Code == Consultations.HamletWorld.HamletA).Select(u => u.Id).SingleAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");
        async Task<long> HouseholdAsync() => (await Consultations.HamletWorld.AddHouseholdsAsync(app, Consultations.HamletWorld.HamletA, 1, Code("H", 0)))[0];

        async Task<int> CreateAsync(string path, JsonObject body)
        {
            var response = await admin.PostAsJsonAsync(path, body);
            Assert.True(response.IsSuccessStatusCode, $"setting up {path}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        }

        // The richer world: ward A's board with the demo inspector on it, a draft survey version, evaluation cycles of ward A
        // (one computed, so that it has proposals to annotate; one taking targets and dossier figures).
        await CaseWorld.SetUpBoardOfWardAAsync(app, admin);
        var citizen = app.AnonymousClient();
        var serviceTemplate = await db.SurveyTemplates.Where(t => t.Purpose == SurveyPurpose.Service).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        var draft = await admin.PostAsync($"/api/surveys/{serviceTemplate}/versions", null);
        Assert.True(draft.StatusCode == HttpStatusCode.Created, $"setting up a draft survey version: {await draft.Content.ReadAsStringAsync()}");
        var draftId = (await draft.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        var annotated = await EvaluationWorld.CreateCycleAsync(admin, w.WardA, 2038);
        await EvaluationWorld.AddRollupsAsync(app, EvaluationWorld.Year(SubjectKind.Official, w.OfficialA, 80, 74, 2038));
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/evaluations/{annotated}/compute", null)).StatusCode);
        await EvaluationWorld.RunJobAsync(app, annotated);
        Assert.True(await db.EvaluationResults.AnyAsync(r => r.CycleId == annotated && r.OfficialId == w.OfficialA),
            "the computed cycle has no proposal for official A");
        var targeted = await EvaluationWorld.CreateCycleAsync(admin, w.WardA, 2039);

        async Task<long> ReviewItemAsync(int n, ReviewItemKind kind = ReviewItemKind.LowScoreComment)
        {
            await using var items = app.NewDbContext();
            var item = new ReviewItem
            {
                Kind = kind, UnitId = w.WardA, SubjectKind = SubjectKind.Official, SubjectId = w.OfficialA,
                Summary = $"Góp ý {n}: chờ lâu, cán bộ không hướng dẫn", DedupKey = $"contract:{Code("R", n)}", CreatedAt = app.Clock.GetUtcNow(),
            };
            items.ReviewItems.Add(item);
            await items.SaveChangesAsync();
            return item.Id;
        }

        JsonObject Unit(int n) =>
            new() { ["code"] = Code("U", n), ["name"] = $"Tổ {n}", ["level"] = "Hamlet", ["parentId"] = w.WardA, ["isRemoteArea"] = false };
        JsonObject Agency(int n) => new() { ["unitId"] = w.WardA, ["kind"] = "Other", ["code"] = Code("A", n), ["name"] = $"Cơ quan {n}" };
        JsonObject Official(int n) => new()
        {
            ["agencyId"] = serviceCentre, ["staffCode"] = Code("O", n), ["fullName"] = $"Cán bộ {n}", ["position"] = "Chuyên viên",
            ["activeFrom"] = "2024-01-01", ["isLeader"] = false, ["activeTo"] = "2030-12-31",
        };
        JsonObject ServicePoint(int n) => new() { ["agencyId"] = serviceCentre, ["code"] = Code("Q", n), ["name"] = $"Quầy {n}" };
        JsonObject Shift() => new() { ["officialId"] = w.OfficialA, ["startsAt"] = "2026-03-02T07:30:00+07:00", ["endsAt"] = "2026-03-02T11:30:00+07:00" };
        JsonObject Target(int n) => new()
        {
            ["unitId"] = w.WardA, ["title"] = $"Tỷ lệ hồ sơ trực tuyến toàn trình {n}", ["targetValue"] = 80, ["achievedValue"] = 72,
            ["evidence"] = "Báo cáo số 12/BC-UBND",
        };
        JsonObject Question(string criterion, string group) => new()
        {
            ["criterion"] = criterion, ["criterionGroup"] = group, ["kind"] = "Likert", ["textVi"] = $"Đánh giá {criterion}",
            ["textEn"] = $"Rate {criterion}", ["required"] = true, ["allowNotApplicable"] = true, ["choices"] = new JsonArray(),
        };
        JsonObject Procedure(int n) => new() { ["code"] = Code("P", n), ["name"] = $"Thủ tục {n}", ["field"] = "Hộ tịch" };

        return new Dictionary<string, Example>
        {
            ["IssueToken"] = n => Task.FromResult(("/api/auth/token",
                new JsonObject { ["userName"] = DemoUsers.Administrator, ["password"] = Seeder.DemoPassword })),
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
            ["TransferOfficial"] = async n =>
                ($"/api/officials/{await CreateAsync("/api/officials", Official(n))}/transfer",
                    new JsonObject { ["agencyId"] = await CreateAsync("/api/agencies", Agency(n)) }),
            ["CreateServicePoint"] = n => Task.FromResult(("/api/service-points", ServicePoint(n))),
            ["UpdateServicePoint"] = async n => ($"/api/service-points/{await CreateAsync("/api/service-points", ServicePoint(n))}", ServicePoint(n)),
            ["CreateProcedure"] = n => Task.FromResult(("/api/procedures", Procedure(n))),
            ["UpdateProcedure"] = async n => ($"/api/procedures/{await CreateAsync("/api/procedures", Procedure(n))}", Procedure(n)),
            ["IssueInvitation"] = n => Task.FromResult(("/api/invitations", new JsonObject
            {
                ["kind"] = "Transaction", ["officialId"] = w.OfficialA, ["procedureId"] = w.Procedure, ["dossierReference"] = Code("HS", n),
                ["servicePointId"] = null, ["unitId"] = null,
                ["meetingTitle"] = null, ["meetingStartsAt"] = null, ["meetingEndsAt"] = null, ["meetingAgenda"] = null,
                ["year"] = null, ["expiresInDays"] = 7,
            })),
            ["IssueAnnualSample"] = n => Task.FromResult(("/api/invitations/annual-sample",
                new JsonObject { ["unitId"] = w.WardA, ["count"] = 2, ["year"] = null })),
            ["SubmitResponse"] = async n =>
            {
                var issued = await InvitationWorld.IssueTransactionAsync(staff, w, Code("HS-S", n));
                var answers = JsonSerializerNode(InvitationWorld.ServiceAnswers(5)).AsArray();
                await using var questions = app.NewDbContext();
                var first = await questions.SurveyQuestions.Where(q => q.VersionId == issued.SurveyVersionId && q.Criterion == Criteria.AccessLocation)
                    .Select(q => q.Id).SingleAsync();
                // Every member of the first answer, so that each one's absence is tried: either questionId or criterion names the question.
                answers[0] = new JsonObject
                {
                    ["questionId"] = first, ["criterion"] = Criteria.AccessLocation, ["score"] = 4, ["notApplicable"] = false, ["text"] = null,
                };
                return ("/api/responses", new JsonObject { ["token"] = issued.Token, ["answers"] = answers, ["comment"] = "Tốt", ["language"] = "vi" });
            },
            ["PutPublicHoliday"] = n => Task.FromResult(("/api/cases/holidays", new JsonObject { ["date"] = $"2031-01-{n:00}", ["name"] = $"Ngày nghỉ {n}" })),
            ["PutInspectionBoard"] = n => Task.FromResult(($"/api/cases/boards/{w.WardA}",
                new JsonObject { ["name"] = "Ban Thanh tra nhân dân phường Cái Răng", ["memberIds"] = new JsonArray(inspector.ToString()) })),
            ["CreateEvaluationPolicy"] = n => Task.FromResult(("/api/evaluations/policies", new JsonObject
            {
                ["basis"] = $"Nghị quyết thử {n}", ["officialSatisfactionWeight"] = 60, ["officialCasesWeight"] = 40, ["leaderSatisfactionWeight"] = 40,
                ["leaderCasesWeight"] = 30, ["leaderTargetsWeight"] = 30, ["excellentFrom"] = 90, ["goodFrom"] = 75, ["completedFrom"] = 50,
                ["minimumResponses"] = 30, ["shrinkageStrength"] = 20, ["warningBelowRate"] = 0.5, ["warningConsecutiveQuarters"] = 2,
                ["minimumQuarterResponses"] = 10, ["minimumCasesDue"] = 10, ["minimumTargetsReported"] = 1, ["yearlyAnswers"] = "SampledOnly",
                ["leaderEvidence"] = new JsonArray(new JsonObject
                {
                    ["role"] = "PeoplesCouncil",
                    ["sources"] = new JsonArray(new JsonObject { ["source"] = "YearlySurvey", ["share"] = 100, ["criterion"] = "government.council" }),
                }),
            })),
            // Years apart so that each send may create its cycle; a repeat would be a 409, which hides nothing this test looks for.
            ["CreateEvaluationCycle"] = async n =>
            {
                await using var db = app.NewDbContext();
                var policy = await db.EvaluationPolicies.OrderBy(p => p.Version).Select(p => p.Id).FirstAsync();
                return ("/api/evaluations", new JsonObject { ["unitId"] = w.WardB, ["year"] = 2040 + n, ["policyId"] = policy });
            },
            ["TransitionCase"] = async n =>
            {
                var code = await CaseWorld.FileOkAsync(citizen, $"unit={DemoWorld.WardACode}", CaseWorld.Petition($"Đèn đường tổ {n} bị hỏng đã hai tuần."));
                return ($"/api/cases/{await CaseWorld.CaseIdAsync(app, code)}/transitions", new JsonObject
                {
                    ["action"] = "Accept", ["note"] = "Đủ điều kiện thụ lý", ["assigneeId"] = inspector.ToString(), ["complex"] = true,
                    ["answer"] = "Chưa trả lời khi thụ lý", ["publish"] = false,
                });
            },
            ["MarkReviewItemReviewed"] = async n =>
                ($"/api/cases/review-items/{await ReviewItemAsync(n, ReviewItemKind.ResponseBurst)}/reviewed",
                    new JsonObject { ["note"] = "Họp tổ dân phố, dùng chung wifi", ["verdict"] = "Counted" }),
            ["OpenCaseFromReviewItem"] = async n =>
                ($"/api/cases/review-items/{await ReviewItemAsync(n)}/case", new JsonObject { ["type"] = "Reflection", ["note"] = "Đề nghị xác minh" }),
            // One draft takes every send: saving its questions replaces them.
            ["SaveSurveyQuestions"] = n => Task.FromResult(($"/api/surveys/versions/{draftId}/questions", new JsonObject
            {
                ["questions"] = new JsonArray(Question(Criteria.OfficialAttitude, "official"), Question(Criteria.Overall, "overall")),
            })),
            // A counter of its own for each send, as an ongoing shift (one without its end) would overlap the next one.
            ["CreateShift"] = async n => ($"/api/service-points/{await CreateAsync("/api/service-points", ServicePoint(n))}/shifts", Shift()),
            ["UpdateShift"] = async n =>
            {
                var point = await CreateAsync("/api/service-points", ServicePoint(n));
                var shift = await CreateAsync($"/api/service-points/{point}/shifts", Shift());
                return ($"/api/service-points/{point}/shifts/{shift}", Shift());
            },
            ["AddEvaluationTarget"] = n => Task.FromResult(($"/api/evaluations/{targeted}/targets", Target(n))),
            ["UpdateEvaluationTarget"] = async n =>
                ($"/api/evaluations/{targeted}/targets/{await CreateAsync($"/api/evaluations/{targeted}/targets", Target(n))}",
                new JsonObject { ["achievedValue"] = 81, ["evidence"] = "Báo cáo số 30/BC-UBND" }),
            ["PutEvaluationDossierFigures"] = n => Task.FromResult(($"/api/evaluations/{targeted}/dossier-figures/{w.WardA}",
                new JsonObject { ["dossiersTotal"] = 1200 + n, ["dossiersOverdue"] = 14, ["source"] = "Báo cáo Hệ thống thông tin giải quyết TTHC tỉnh" })),
            ["AddHousehold"] = n => Task.FromResult(("/api/households", new JsonObject
            {
                ["unitId"] = hamlet, ["code"] = Code("HH", n), ["representativeName"] = $"Đại diện hộ {n}", ["address"] = $"Số {n}", ["registeredOn"] = today,
            })),
            ["CorrectHousehold"] = async n =>
                ($"/api/households/{await HouseholdAsync()}", new JsonObject { ["representativeName"] = "Lê Thị Sửa", ["address"] = "Số 2A" }),
            ["MoveOutHousehold"] = async n => ($"/api/households/{await HouseholdAsync()}/move-out", new JsonObject { ["leftOn"] = today }),
            ["MergeHousehold"] = async n => ($"/api/households/{await HouseholdAsync()}/merge",
                new JsonObject { ["intoId"] = await HouseholdAsync(), ["mergedOn"] = today }),
            ["SplitHousehold"] = async n => ($"/api/households/{await HouseholdAsync()}/split", new JsonObject
            {
                ["code"] = Code("HS", n), ["representativeName"] = $"Đại diện hộ tách {n}", ["address"] = $"Số {n}B", ["splitOn"] = today,
            }),
            ["AnnotateEvaluationResult"] = n => Task.FromResult(($"/api/evaluations/{annotated}/results/{w.OfficialA}/note",
                new JsonObject { ["note"] = $"Đã đối chiếu với hồ sơ tổ chức ({n})" })),
        };
    }

    private static JsonNode JsonSerializerNode(object value) => System.Text.Json.JsonSerializer.SerializeToNode(value)!;

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, JsonObject body) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path) { Content = JsonContent.Create(body) });


    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
