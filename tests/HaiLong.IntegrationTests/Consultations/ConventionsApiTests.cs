using HaiLong.Api.Features.Consultations;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// The community conventions register through the API (issue 19, point 7): a hamlet head registers its hamlet's hương ước,
/// adds a version and records reviews; ward staff see every hamlet of the ward; everything else is not found; every refusal
/// is a ProblemDetails that changes nothing; every change is audited; a certified amendment makes version n + 1.
/// </summary>
public sealed class ConventionsApiTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private DateOnly Today => VietnamTime.Today(app.Clock);

    private async Task<int> UnitIdAsync(string code)
    {
        await using var db = app.NewDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private object Registration(int unitId, string title = "Hương ước khu vực Yên Bình", string? effectiveFrom = null) => new
    {
        unitId, kind = "HuongUoc", title, approvalDecision = "15/QĐ-UBND", approvedOn = Day(Today.AddYears(-2)),
        effectiveFrom = effectiveFrom ?? Day(Today.AddYears(-2).AddDays(10)), summary = "Giữ gìn trật tự, vệ sinh môi trường", text = "Điều 1. …",
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");

    private async Task<ConventionDetail> RegisterAsync(HttpClient client, int unitId, string title)
    {
        var response = await client.PostAsJsonAsync("/api/conventions", Registration(unitId, title));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ConventionDetail>(Json))!;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    [Fact]
    public async Task A_hamlet_head_registers_a_convention_adds_a_version_and_records_reviews_all_audited()
    {
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var hamlet = await UnitIdAsync(HamletWorld.HamletA);

        var created = await RegisterAsync(head, hamlet, "Hương ước khu vực Yên Bình (API)");
        Assert.Equal((hamlet, ConventionKind.HuongUoc, 1), (created.UnitId, created.Kind, created.CurrentVersion));
        var first = Assert.Single(created.Versions);
        Assert.Equal(("15/QĐ-UBND", Today.AddYears(-2), "Điều 1. …"), (first.ApprovalDecision, first.ApprovedOn, first.Text));

        var version = await head.PostAsJsonAsync($"/api/conventions/{created.Id}/versions", new
        {
            approvalDecision = "20/QĐ-UBND", approvedOn = Day(Today.AddDays(-30)), effectiveFrom = Day(Today.AddDays(-20)),
            summary = "Bổ sung điều 5 về phòng cháy",
        });
        Assert.Equal(HttpStatusCode.Created, version.StatusCode);
        var v2 = (await version.Content.ReadFromJsonAsync<ConventionVersionView>(Json))!;
        Assert.Equal((2, "Điều 1. …"), (v2.Number, v2.Text)); // no text given: the previous one carries forward

        var review = await head.PostAsJsonAsync($"/api/conventions/{created.Id}/reviews", new { note = "Còn phù hợp, giữ nguyên" });
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);
        Assert.Equal(Today, (await review.Content.ReadFromJsonAsync<ConventionReviewView>(Json))!.ReviewedOn);
        var earlier = await head.PostAsJsonAsync($"/api/conventions/{created.Id}/reviews", new { reviewedOn = Day(Today.AddYears(-1)) });
        Assert.Equal(HttpStatusCode.Created, earlier.StatusCode);

        var detail = (await head.GetFromJsonAsync<ConventionDetail>($"/api/conventions/{created.Id}", Json))!;
        Assert.Equal((2, 2), (detail.CurrentVersion, detail.Versions.Length));
        Assert.Equal([Today, Today.AddYears(-1)], detail.Reviews.Select(r => r.ReviewedOn));
        var list = (await head.GetFromJsonAsync<ConventionSummary[]>($"/api/conventions?unitId={hamlet}", Json))!;
        var row = Assert.Single(list, c => c.Id == created.Id);
        Assert.Equal((2, "20/QĐ-UBND", (DateOnly?)Today, true), (row.CurrentVersion, row.ApprovalDecision, row.LastReviewedOn, row.ReviewedThisYear));

        // Ward staff see the hamlet's convention through the ward.
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var ward = await UnitIdAsync(DemoWorld.WardACode);
        Assert.Contains((await leader.GetFromJsonAsync<ConventionSummary[]>($"/api/conventions?unitId={ward}", Json))!, c => c.Id == created.Id);

        await using var db = app.NewDbContext();
        var headId = await db.Users.Where(u => u.UserName == DemoUsers.HamletHeadA).Select(u => u.Id).SingleAsync();
        var versionIds = detail.Versions.Select(v => v.Id.ToString()).ToList();
        var reviewIds = detail.Reviews.Select(r => r.Id.ToString()).ToList();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.ActorId == headId && a.Action.EndsWith(".created")
            && ((a.EntityType == nameof(CommunityConvention) && a.EntityId == created.Id.ToString())
                || (a.EntityType == nameof(ConventionVersion) && versionIds.Contains(a.EntityId!))
                || (a.EntityType == nameof(ConventionReview) && reviewIds.Contains(a.EntityId!))))
            .Select(a => a.Action).ToListAsync();
        Assert.Equal(["CommunityConvention.created", "ConventionReview.created", "ConventionReview.created", "ConventionVersion.created",
            "ConventionVersion.created"], audit.Order());
    }

    [Fact]
    public async Task Every_refusal_is_a_problem_and_changes_nothing()
    {
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var hamlet = await UnitIdAsync(HamletWorld.HamletA);
        var otherHamlet = await UnitIdAsync(HamletWorld.HamletA2);
        var ward = await UnitIdAsync(DemoWorld.WardACode);
        var mine = await RegisterAsync(head, hamlet, "Hương ước (từ chối)");
        var ofKv2 = await RegisterAsync(leader, otherHamlet, "Quy ước khu vực Yên Thạnh");
        var ofWardB = await RegisterAsync(await app.ClientAsAsync(DemoUsers.Administrator), await UnitIdAsync(HamletWorld.HamletB), "Hương ước ấp Phú Quới");
        Assert.Equal(HttpStatusCode.Created, (await head.PostAsJsonAsync($"/api/conventions/{mine.Id}/reviews", new { })).StatusCode);
        await using var db = app.NewDbContext();
        var before = await CountsAsync(db);

        async Task Refused(HttpResponseMessage response, HttpStatusCode status, string? says = null)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (says is not null) Assert.Contains(says, await response.Content.ReadAsStringAsync());
        }

        // Jurisdiction: a hamlet head sees only its hamlet, ward A's staff not ward B.
        await Refused(await head.PostAsJsonAsync("/api/conventions", Registration(otherHamlet)), HttpStatusCode.NotFound);
        await Refused(await head.GetAsync($"/api/conventions/{ofKv2.Id}"), HttpStatusCode.NotFound);
        await Refused(await head.GetAsync($"/api/conventions?unitId={ward}"), HttpStatusCode.NotFound);
        await Refused(await head.PostAsJsonAsync($"/api/conventions/{ofKv2.Id}/reviews", new { }), HttpStatusCode.NotFound);
        await Refused(await leader.GetAsync($"/api/conventions/{ofWardB.Id}"), HttpStatusCode.NotFound);
        await Refused(await leader.PostAsJsonAsync($"/api/conventions/{ofWardB.Id}/versions", new
        {
            approvalDecision = "1/QĐ-UBND", approvedOn = Day(Today), effectiveFrom = Day(Today),
        }), HttpStatusCode.NotFound);
        await Refused(await leader.PostAsJsonAsync($"/api/conventions/{ofWardB.Id}/versions/1/decision", new
        {
            approvalDecision = "1/QĐ-UBND", approvedOn = Day(Today),
        }), HttpStatusCode.NotFound);
        await Refused(await leader.GetAsync($"/api/conventions/review-share/{await UnitIdAsync(DemoWorld.WardBCode)}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await leader.GetFromJsonAsync<ConventionSummary[]>("/api/conventions", Json))!, c => c.Id == ofWardB.Id);
        // Roles: an inspector keeps no register.
        await Refused(await (await app.ClientAsAsync(DemoUsers.InspectorA)).GetAsync("/api/conventions"), HttpStatusCode.Forbidden);

        // Rules.
        await Refused(await leader.PostAsJsonAsync("/api/conventions", Registration(ward)), HttpStatusCode.UnprocessableEntity, "not a hamlet");
        await Refused(await head.PostAsJsonAsync("/api/conventions", Registration(hamlet, effectiveFrom: Day(Today.AddYears(-3)))),
            HttpStatusCode.UnprocessableEntity, "takes effect on or after");
        await Refused(await head.PostAsJsonAsync("/api/conventions", new
        {
            unitId = hamlet, kind = "QuyUoc", title = "x", approvalDecision = "2/QĐ-UBND", approvedOn = Day(Today.AddDays(1)),
            effectiveFrom = Day(Today.AddDays(1)),
        }), HttpStatusCode.UnprocessableEntity, "after today");
        await Refused(await head.PostAsJsonAsync("/api/conventions", new { unitId = hamlet, kind = "HuongUoc", title = " " }), HttpStatusCode.BadRequest);
        await Refused(await head.PostAsJsonAsync($"/api/conventions/{mine.Id}/versions", new
        {
            approvalDecision = "3/QĐ-UBND", approvedOn = Day(Today.AddYears(-3)), effectiveFrom = Day(Today.AddYears(-3)),
        }), HttpStatusCode.UnprocessableEntity, "cannot take effect before it");
        await Refused(await head.PostAsJsonAsync($"/api/conventions/{mine.Id}/versions/1/decision", new
        {
            approvalDecision = "4/QĐ-UBND", approvedOn = Day(Today),
        }), HttpStatusCode.Conflict, "already carries decision 15/QĐ-UBND");
        await Refused(await head.PostAsJsonAsync($"/api/conventions/{mine.Id}/versions/9/decision", new
        {
            approvalDecision = "4/QĐ-UBND", approvedOn = Day(Today),
        }), HttpStatusCode.NotFound);
        await Refused(await head.PostAsJsonAsync($"/api/conventions/{mine.Id}/reviews", new { reviewedOn = Day(Today.AddDays(1)) }),
            HttpStatusCode.UnprocessableEntity, "after today");
        await Refused(await head.PostAsJsonAsync($"/api/conventions/{mine.Id}/reviews", new { reviewedOn = Day(Today) }), HttpStatusCode.Conflict);
        await Refused(await head.GetAsync($"/api/conventions/review-share/{hamlet}?year={Today.Year + 1}"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(before, await CountsAsync(db));
    }

    [Fact]
    public async Task A_certified_amendment_makes_the_next_version_and_the_ward_records_its_decision()
    {
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var hamlet = await UnitIdAsync(HamletWorld.HamletA2);
        var convention = await RegisterAsync(leader, hamlet, "Quy ước khu vực Yên Thạnh (sửa đổi)");
        var consultationId = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA2, ConsultationKind.Decide,
            [("Điều 3: giờ giữ trật tự", null, false), ("Điều 7: vệ sinh môi trường", null, false)], open: false);
        var certifiedOn = Today;
        await using (var db = app.NewDbContext())
        {
            var consultation = await db.Consultations.Include(c => c.Items).SingleAsync(c => c.Id == consultationId);
            consultation.ConventionId = convention.Id;
            var made = await ConventionAmendments.ApplyAsync(db, consultation, certifiedOn, app.Clock.GetUtcNow(), CancellationToken.None);
            await db.SaveChangesAsync();
            Assert.NotNull(made);
        }

        var detail = (await leader.GetFromJsonAsync<ConventionDetail>($"/api/conventions/{convention.Id}", Json))!;
        var v2 = detail.Versions.Last();
        Assert.Equal((2, (long?)consultationId, (DateOnly?)certifiedOn, (string?)null, "Điều 1. …"),
            (v2.Number, v2.ConsultationId, v2.EffectiveFrom, v2.ApprovalDecision, v2.Text));
        Assert.Contains($"cuộc lấy ý kiến số {consultationId}", v2.Summary);
        Assert.Contains("1. Điều 3: giờ giữ trật tự; 2. Điều 7: vệ sinh môi trường", v2.Summary);
        Assert.Equal(2, detail.CurrentVersion);

        var decided = await leader.PostAsJsonAsync($"/api/conventions/{convention.Id}/versions/2/decision", new
        {
            approvalDecision = "31/QĐ-UBND", approvedOn = Day(Today),
        });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var recorded = (await decided.Content.ReadFromJsonAsync<ConventionVersionView>(Json))!;
        Assert.Equal(("31/QĐ-UBND", (DateOnly?)Today, (DateOnly?)certifiedOn),
            (recorded.ApprovalDecision, recorded.ApprovedOn, recorded.EffectiveFrom));
        Assert.Equal(HttpStatusCode.Conflict, (await leader.PostAsJsonAsync($"/api/conventions/{convention.Id}/versions/2/decision", new
        {
            approvalDecision = "32/QĐ-UBND", approvedOn = Day(Today),
        })).StatusCode);
        await using var check = app.NewDbContext();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "ConventionVersion.updated" && a.EntityId == v2.Id.ToString()));
    }

    private static async Task<(int, int, int, int)> CountsAsync(HaiLongDbContext db) => (
        await db.CommunityConventions.CountAsync(), await db.ConventionVersions.CountAsync(), await db.ConventionReviews.CountAsync(),
        await db.ConventionVersions.CountAsync(v => v.ApprovalDecision != null));
}
