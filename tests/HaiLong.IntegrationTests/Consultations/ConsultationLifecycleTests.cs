using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// Issue 19, point 2: a consultation from draft to certified through <c>/api/consultations</c> — the hamlet head drafts, edits,
/// attaches a document, opens (the register frozen), closes and certifies; the ward certifies last. Each refusal is a
/// ProblemDetails with its status and changes nothing; a consultation outside the jurisdiction is not found.
/// </summary>
public sealed class ConsultationLifecycleTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n% hương ước\n"u8.ToArray();

    private async Task<int> UnitIdAsync(string code)
    {
        await using var db = app.NewDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private object Draft(int unitId, string title = "Sửa đổi hương ước Khu vực Yên Bình", object[]? items = null, bool paper = true,
        DateTimeOffset? onlineOpensAt = null, DateTimeOffset? onlineClosesAt = null, object? meetingAt = null) => new
    {
        unitId, title, kind = "Decide", description = "Hai điều sửa đổi",
        meetingAt = meetingAt ?? app.Clock.GetUtcNow().AddDays(3), meetingPlace = "Nhà văn hóa khu vực",
        paperBallots = paper, onlineOpensAt, onlineClosesAt,
        items = items ?? new object[]
        {
            new { title = "Điều 1: giữ gìn vệ sinh", kind = "Approve" },
            new { title = "Điều 2: mức đóng góp", kind = "Choice", options = new[] { "50.000 đồng", "100.000 đồng" } },
        },
    };

    private static async Task<long> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_hamlet_head_drafts_opens_closes_and_certifies_then_the_ward_certifies_and_each_step_is_audited()
    {
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 7, "LCA");
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var unit = await UnitIdAsync(HamletWorld.HamletA);
        var id = await CreatedIdAsync(await head.PostAsJsonAsync("/api/consultations", Draft(unit)));

        var edited = await head.PutAsJsonAsync($"/api/consultations/{id}", Draft(unit, "Sửa đổi hương ước (lần 2)",
            onlineOpensAt: app.Clock.GetUtcNow().AddDays(1), onlineClosesAt: app.Clock.GetUtcNow().AddDays(8)));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var view = (await edited.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Sửa đổi hương ước (lần 2)", view["title"]!.GetValue<string>());
        Assert.Equal(2, view["items"]!.AsArray().Count);
        Assert.Equal("100.000 đồng", view["items"]![1]!["options"]![1]!.GetValue<string>());

        var upload = new ByteArrayContent(Pdf);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var document = await CreatedIdAsync(await head.PostAsync($"/api/consultations/{id}/documents?fileName=du-thao.pdf", upload));
        var download = await head.GetAsync($"/api/consultations/{id}/documents/{document}");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());

        foreach (var step in new[] { "open", "close", "certify/hamlet" })
        {
            Assert.Equal(HttpStatusCode.OK, (await head.PostAsync($"/api/consultations/{id}/{step}", null)).StatusCode);
        }
        var ward = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var certified = (await (await ward.PostAsync($"/api/consultations/{id}/certify/ward", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Certified", certified["status"]!.GetValue<string>());

        await using var db = app.NewDbContext();
        var c = await db.Consultations.AsNoTracking().SingleAsync(x => x.Id == id);
        var active = await db.Households.CountAsync(h => h.UnitId == unit && h.Status == HouseholdStatus.Active);
        Assert.Equal(active, c.RegisteredHouseholds);
        Assert.NotNull(c.OpenedAt);
        Assert.NotNull(c.ClosedAt);
        Assert.NotNull(c.HamletCertifiedBy);
        Assert.NotNull(c.WardCertifiedBy);
        var statuses = (await db.AuditEntries.AsNoTracking()
                .Where(a => a.EntityType == nameof(Consultation) && a.EntityId == id.ToString() && a.Action == "Consultation.updated")
                .OrderBy(a => a.Id).Select(a => a.Details).ToListAsync())
            .Where(d => d!.Contains("\"Status\"")).ToList();
        Assert.Equal(3, statuses.Count); // open, close, ward certification; the hamlet's own step is the next assertion
        Assert.Contains(await db.AuditEntries.Where(a => a.EntityId == id.ToString() && a.Action == "Consultation.updated")
            .Select(a => a.Details).ToListAsync(), d => d!.Contains("HamletCertifiedAt"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == id.ToString() && a.Action == "Consultation.created"));
    }

    [Fact]
    public async Task Every_refusal_is_a_problem_and_changes_nothing()
    {
        var ward = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var emptyHamlet = await UnitIdAsync(HamletWorld.HamletA2);

        // Not a hamlet; a choice item with one option; an online window ending before it starts; a meeting without its place.
        await AssertProblemAsync(await ward.PostAsJsonAsync("/api/consultations", Draft(await UnitIdAsync(DemoWorld.WardACode))),
            HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(await ward.PostAsJsonAsync("/api/consultations", Draft(emptyHamlet,
            items: [new { title = "Bầu trưởng khu vực", kind = "Choice", options = new[] { "Ông A" } }])), HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(await ward.PostAsJsonAsync("/api/consultations", Draft(emptyHamlet,
            onlineOpensAt: app.Clock.GetUtcNow().AddDays(2), onlineClosesAt: app.Clock.GetUtcNow().AddDays(1))), HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(await ward.PostAsJsonAsync("/api/consultations", new
        {
            unitId = emptyHamlet, title = "x", kind = "Decide", meetingAt = app.Clock.GetUtcNow(),
        }), HttpStatusCode.UnprocessableEntity);

        // A hamlet with no household cannot open; nor a draft without items, or without a channel, or with its window past.
        var noHouseholds = await CreatedIdAsync(await ward.PostAsJsonAsync("/api/consultations", Draft(emptyHamlet)));
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{noHouseholds}/open", null), HttpStatusCode.UnprocessableEntity);
        var hamlet = await UnitIdAsync(HamletWorld.HamletA);
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 3, "LCR");
        var noItems = await CreatedIdAsync(await ward.PostAsJsonAsync("/api/consultations", Draft(hamlet, items: [])));
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{noItems}/open", null), HttpStatusCode.UnprocessableEntity);
        var noChannel = await CreatedIdAsync(await ward.PostAsJsonAsync("/api/consultations", new
        {
            unitId = hamlet, title = "Không có hình thức", kind = "GiveOpinions", items = new[] { new { title = "Ý kiến" } },
        }));
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{noChannel}/open", null), HttpStatusCode.UnprocessableEntity);
        var pastWindow = await CreatedIdAsync(await ward.PostAsJsonAsync("/api/consultations", Draft(hamlet,
            onlineOpensAt: app.Clock.GetUtcNow().AddDays(-3), onlineClosesAt: app.Clock.GetUtcNow().AddDays(-1))));
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{pastWindow}/open", null), HttpStatusCode.UnprocessableEntity);

        // Wrong states: close a draft, certify an open one, edit or attach to an open one, certify by the ward before the hamlet.
        var id = await CreatedIdAsync(await ward.PostAsJsonAsync("/api/consultations", Draft(hamlet)));
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{id}/close", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await ward.GetAsync($"/api/consultations/{id}/results"), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await ward.PostAsync($"/api/consultations/{id}/open", null)).StatusCode);
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{id}/open", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await ward.PutAsJsonAsync($"/api/consultations/{id}", Draft(hamlet)), HttpStatusCode.Conflict);
        var late = new ByteArrayContent(Pdf);
        late.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{id}/documents?fileName=a.pdf", late), HttpStatusCode.Conflict);
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{id}/certify/ward", null), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await ward.PostAsync($"/api/consultations/{id}/close", null)).StatusCode);
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{id}/certify/ward", null), HttpStatusCode.Conflict);
        // Only the hamlet head certifies first; the ward leader is refused by role.
        Assert.Equal(HttpStatusCode.Forbidden, (await ward.PostAsync($"/api/consultations/{id}/certify/hamlet", null)).StatusCode);

        // A paper slip waiting for its second keying holds the certification back.
        await using (var db = app.NewDbContext())
        {
            var entry = await db.ConsultationRoll.FirstAsync(r => r.ConsultationId == id);
            db.PaperBallotKeyings.Add(new PaperBallotKeying
            {
                ConsultationId = id, RollEntryId = entry.Id, State = PaperKeyingState.AwaitingSecond, FirstChoices = "{}",
                FirstKeyedBy = Guid.NewGuid(), FirstKeyedAt = app.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        await AssertProblemAsync(await head.PostAsync($"/api/consultations/{id}/certify/hamlet", null), HttpStatusCode.Conflict);

        // A document of another type; the head of another hamlet's consultation and ward B's are not found.
        var draft = await CreatedIdAsync(await ward.PostAsJsonAsync("/api/consultations", Draft(hamlet)));
        var text = new ByteArrayContent("plain text"u8.ToArray());
        text.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{draft}/documents?fileName=a.txt", text), HttpStatusCode.UnsupportedMediaType);
        await AssertProblemAsync(await head.GetAsync($"/api/consultations/{noHouseholds}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await head.PostAsync($"/api/consultations/{noHouseholds}/open", null), HttpStatusCode.NotFound);
        var wardB = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletB, ConsultationKind.Decide, [("Điều 1", null, false)], open: false);
        await AssertProblemAsync(await ward.GetAsync($"/api/consultations/{wardB}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await ward.PostAsync($"/api/consultations/{wardB}/open", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await ward.GetAsync($"/api/consultations/{wardB}/results"), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await ward.GetFromJsonAsync<JsonArray>("/api/consultations"))!, c => c!["id"]!.GetValue<long>() == wardB);
        Assert.Empty((await head.GetFromJsonAsync<JsonArray>($"/api/consultations?unitId={emptyHamlet}"))!);

        await using var check = app.NewDbContext();
        Assert.Equal(ConsultationStatus.Draft, (await check.Consultations.SingleAsync(c => c.Id == noHouseholds)).Status);
        Assert.Equal(ConsultationStatus.Draft, (await check.Consultations.SingleAsync(c => c.Id == wardB)).Status);
        Assert.Equal(ConsultationStatus.Closed, (await check.Consultations.SingleAsync(c => c.Id == id)).Status);
        Assert.Null((await check.Consultations.SingleAsync(c => c.Id == id)).HamletCertifiedAt);
        Assert.False(await check.ConsultationDocuments.AnyAsync(d => d.ConsultationId == id || d.ConsultationId == draft));
    }
}
