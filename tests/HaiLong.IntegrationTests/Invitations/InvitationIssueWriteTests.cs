using System.Security.Claims;
using System.Text.Json.Nodes;
using HaiLong.Api.Features.Invitations;
using Microsoft.AspNetCore.Http;

namespace HaiLong.IntegrationTests.Invitations;

/// <summary>
/// What issuing a QR writes, now that the invitation and its audit entry are one statement instead of the change tracker's
/// save with the audit interceptor (BENCHMARKS.md §4): the same entry the interceptor writes, nothing at all on a refusal,
/// and the caller's jurisdiction read afresh in the same request.
/// </summary>
public sealed class InvitationIssueWriteTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task An_issued_qr_has_the_audit_entry_the_interceptor_writes_for_the_same_invitation()
    {
        // Whole microseconds from here on, as PostgreSQL stores them: the interceptor's copy below is made from stored values.
        app.Clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond - app.Clock.GetUtcNow().Ticks % TimeSpan.TicksPerMicrosecond));
        var (_, issued) = await InvitationWorld.IssueTransactionAsync(app, "HS-AUDIT-1");
        var staff = await CaseWorld.UserIdAsync(app, DemoUsers.ServiceStaffA);

        await using var db = app.NewDbContext();
        var stored = await db.Invitations.AsNoTracking().SingleAsync(i => i.Id == issued.Id);
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "Invitation" && a.EntityId == issued.Id.ToString());
        var copy = await SaveThroughInterceptorAsync(stored, staff);
        var expected = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "Invitation" && a.EntityId == copy.ToString());

        Assert.Equal((expected.Action, expected.EntityType, expected.ActorId), (entry.Action, entry.EntityType, entry.ActorId));
        Assert.Equal(("Invitation.created", staff), (entry.Action, entry.ActorId));
        Assert.Equal(stored.CreatedAt, entry.At);
        var details = JsonNode.Parse(entry.Details!)!.AsObject();
        var expectedDetails = JsonNode.Parse(expected.Details!)!.AsObject();
        // The copy is the same invitation but for its token: every other detail, and the same set of details, as the interceptor's.
        Assert.Equal(Convert.ToBase64String(stored.TokenHash), details["TokenHash"]!.GetValue<string>());
        details.Remove("TokenHash");
        expectedDetails.Remove("TokenHash");
        Assert.True(JsonNode.DeepEquals(expectedDetails, details), $"{expectedDetails.ToJsonString()}\n{details.ToJsonString()}");
        Assert.Equal(("HS-AUDIT-1", "Transaction"), (details["DossierReference"]!.GetValue<string>(), details["Kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_refused_issue_writes_neither_an_invitation_nor_an_audit_entry()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var ended = await EndedOfficialAsync(w);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var before = await WrittenAsync();

        var outside = await staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = w.OfficialB, procedureId = w.Procedure, dossierReference = "HS-R-1" });
        var noProcedure = await staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = w.OfficialA, procedureId = int.MaxValue, dossierReference = "HS-R-2" });
        var noDossier = await staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = w.OfficialA, procedureId = w.Procedure, dossierReference = " " });
        var noOfficial = await staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = int.MaxValue, procedureId = w.Procedure, dossierReference = "HS-R-3" });
        var retired = await staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = ended, procedureId = w.Procedure, dossierReference = "HS-R-4" });
        // Days out of range (the largest would not even be a date) write nothing: refused with the field named.
        var badDays = new List<HttpResponseMessage>();
        foreach (var days in new[] { 0, 91, int.MaxValue, int.MinValue })
        {
            badDays.Add(await staff.PostAsJsonAsync("/api/invitations",
                new { kind = "Transaction", officialId = w.OfficialA, procedureId = w.Procedure, dossierReference = "HS-R-5", expiresInDays = days }));
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.BadRequest],
            new[] { outside, noProcedure, noDossier, noOfficial, retired }.Select(r => r.StatusCode));
        Assert.All(badDays, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("expiresInDays", await badDays[0].Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ended on", await retired.Content.ReadAsStringAsync());
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task A_changed_jurisdiction_applies_to_the_next_issue_with_the_same_bearer_token()
    {
        var w = await InvitationWorld.LoadAsync(app);
        var staff = await app.ClientAsAsync(DemoUsers.ServiceStaffA);
        var id = await CaseWorld.UserIdAsync(app, DemoUsers.ServiceStaffA);
        await using var db = app.NewDbContext();
        var user = await db.Users.SingleAsync(u => u.Id == id);
        var home = user.JurisdictionUnitId;
        Assert.Equal(HttpStatusCode.Created, (await IssueForAsync(staff, w, w.OfficialA, "HS-J-1")).StatusCode);

        user.JurisdictionUnitId = w.WardB;
        await db.SaveChangesAsync();
        try
        {
            var own = await IssueForAsync(staff, w, w.OfficialA, "HS-J-2");
            var moved = await IssueForAsync(staff, w, w.OfficialB, "HS-J-3");

            Assert.Equal(HttpStatusCode.NotFound, own.StatusCode);
            Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
            Assert.False(await db.Invitations.AnyAsync(i => i.DossierReference == "HS-J-2"));
        }
        finally
        {
            user.JurisdictionUnitId = home;
            await db.SaveChangesAsync();
        }
    }

    /// <summary>An official of staff A's ward whose service ended yesterday.</summary>
    private async Task<int> EndedOfficialAsync(InvitationWorld.World w)
    {
        await using var db = app.NewDbContext();
        var serving = await db.Officials.SingleAsync(o => o.Id == w.OfficialA);
        var today = VietnamTime.DateOf(app.Clock.GetUtcNow());
        var ended = new Official { AgencyId = serving.AgencyId, StaffCode = "HS-ENDED", FullName = "Lâm Văn Đã Nghỉ", Position = "Công chức",
            ActiveFrom = today.AddYears(-2), ActiveTo = today.AddDays(-1) };
        db.Officials.Add(ended);
        await db.SaveChangesAsync();
        return ended.Id;
    }

    private static Task<HttpResponseMessage> IssueForAsync(HttpClient staff, InvitationWorld.World w, int official, string dossier) =>
        staff.PostAsJsonAsync("/api/invitations",
            new { kind = "Transaction", officialId = official, procedureId = w.Procedure, dossierReference = dossier });

    private async Task<(int Invitations, int Entries)> WrittenAsync()
    {
        await using var db = app.NewDbContext();
        return (await db.Invitations.CountAsync(), await db.AuditEntries.CountAsync(a => a.EntityType == "Invitation"));
    }

    /// <summary>The same invitation under another token, saved as before: the change tracker with the audit interceptor.</summary>
    private async Task<long> SaveThroughInterceptorAsync(Invitation stored, Guid actor)
    {
        var caller = new HttpContextAccessor
        {
            HttpContext = new DefaultHttpContext
            {
                User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, actor.ToString())], "test")),
            },
        };
        var options = new DbContextOptionsBuilder<HaiLongDbContext>().UseHaiLongPostgres(app.ConnectionString)
            .AddInterceptors(new AuditInterceptor(caller, app.Clock)).Options;
        await using var db = new HaiLongDbContext(options);
        var copy = new Invitation
        {
            TokenHash = InvitationTokens.Hash(InvitationTokens.New().Token), Kind = stored.Kind, SurveyVersionId = stored.SurveyVersionId,
            UnitId = stored.UnitId, AgencyId = stored.AgencyId, OfficialId = stored.OfficialId, ProcedureId = stored.ProcedureId,
            ServicePointId = stored.ServicePointId, DossierReference = stored.DossierReference, Year = stored.Year,
            CreatedAt = stored.CreatedAt, CreatedBy = stored.CreatedBy, ValidFrom = stored.ValidFrom, ExpiresAt = stored.ExpiresAt,
        };
        db.Invitations.Add(copy);
        await db.SaveChangesAsync();
        return copy.Id;
    }
}
