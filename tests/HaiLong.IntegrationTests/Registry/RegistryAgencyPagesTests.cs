using static HaiLong.IntegrationTests.Registry.RegistryPagesWorld;

namespace HaiLong.IntegrationTests.Registry;

/// <summary>The agencies and counters pages posted as a browser posts them: search, the API's refusals worded beside the field
/// with what was typed kept, changes audited, and ward B's agencies and counters answered 404 to ward A's administrator.</summary>
public sealed class RegistryAgencyPagesTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private const string Agencies = "/staff/registry/agencies";
    private const string Counters = "/staff/registry/counters";

    [Fact]
    public async Task An_agency_is_created_refused_changed_and_its_deletion_refused_while_it_has_officials()
    {
        var (ids, admin) = await WardAdminPagesAsync(app);
        var before = await RegistryWorld.SnapshotAsync(app);

        var missing = await PostFormAsync(admin, $"{Agencies}/new", $"{Agencies}/new", ("code", "CR-VP"), ("name", "Văn phòng"), ("kind", ""), ("unitId", ""));
        var html = await AssertRefusedAsync(missing, HttpStatusCode.BadRequest, "kind", "Loại: bắt buộc phải nhập.");
        Assert.Equal("Thuộc đơn vị hành chính: bắt buộc phải nhập.", FieldMessage(html, "unitId"));
        Assert.Equal("Văn phòng", InputValue(html, "name"));

        var taken = await PostFormAsync(admin, $"{Agencies}/new", $"{Agencies}/new",
            ("code", DemoWorld.WardACode + "-UBND"), ("name", "Ủy ban thứ hai"), ("kind", "PeoplesCommittee"), ("unitId", ids.WardA.ToString()));
        html = await AssertRefusedAsync(taken, HttpStatusCode.Conflict, "code", $"Mã “{DemoWorld.WardACode}-UBND” đã được dùng cho một cơ quan khác.");
        Assert.Equal("Ủy ban thứ hai", InputValue(html, "name"));
        Assert.Contains("<option value=\"PeoplesCommittee\" selected", html);

        var outside = await PostFormAsync(admin, $"{Agencies}/new", $"{Agencies}/new",
            ("code", "CR-VP"), ("name", "Văn phòng"), ("kind", "Other"), ("unitId", ids.WardB.ToString()));
        await AssertRefusedAsync(outside, HttpStatusCode.UnprocessableEntity, "unitId", "Đơn vị hành chính đã chọn không có trong phạm vi quản lý của bạn.");
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));

        var created = await PostFormAsync(admin, $"{Agencies}/new", $"{Agencies}/new",
            ("code", "CR-VP"), ("name", "Văn phòng HĐND và UBND"), ("kind", "Other"), ("unitId", ids.WardA.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        int id;
        await using (var db = app.NewDbContext())
        {
            var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == "CR-VP");
            Assert.Equal((ids.WardA, AgencyKind.Other, "Văn phòng HĐND và UBND"), (agency.UnitId, agency.Kind, agency.Name));
            id = agency.Id;
        }
        Assert.True(await AuditedAsync(app, "Agency.created", id.ToString(), RegistryWorld.WardAdminA));
        html = await TextAsync(await admin.GetAsync($"{Agencies}?q=van+phong+hdnd"));
        Assert.Equal(1, Rows(html, "agencies"));
        Assert.Contains("Văn phòng HĐND và UBND", html);

        var changed = await PostFormAsync(admin, $"{Agencies}/{id}", $"{Agencies}/{id}",
            ("code", "CR-VP"), ("name", "Văn phòng"), ("kind", "PublicServiceUnit"), ("unitId", ids.WardA.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.True(await AuditedAsync(app, "Agency.updated", id.ToString(), RegistryWorld.WardAdminA));

        var inUse = await PostFormAsync(admin, $"{Agencies}/{ids.AgencyA}", $"{Agencies}/{ids.AgencyA}/delete");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("Cơ quan còn cán bộ, công chức hoặc quầy", await TextAsync(inUse));
        var deleted = await PostFormAsync(admin, $"{Agencies}/{id}", $"{Agencies}/{id}/delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.True(await AuditedAsync(app, "Agency.deleted", id.ToString(), RegistryWorld.WardAdminA));
    }

    [Fact]
    public async Task A_counter_is_created_refused_changed_and_its_deletion_refused_once_it_has_shifts()
    {
        var (ids, admin) = await WardAdminPagesAsync(app);
        int centreA;
        await using (var db = app.NewDbContext())
        {
            centreA = await db.Agencies.Where(a => a.Code == DemoWorld.WardACode + "-TTPVHCC").Select(a => a.Id).SingleAsync();
        }
        var form = await TextAsync(await admin.GetAsync($"{Counters}/new"));
        Assert.Contains($"<option value=\"{centreA}\"", form);
        Assert.DoesNotContain($"<option value=\"{ids.CentreB}\"", form);

        var taken = await PostFormAsync(admin, $"{Counters}/new", $"{Counters}/new",
            ("code", DemoWorld.WardACode + "-Q1"), ("name", "Quầy số 9"), ("agencyId", centreA.ToString()));
        var html = await AssertRefusedAsync(taken, HttpStatusCode.Conflict, "code", $"Mã “{DemoWorld.WardACode}-Q1” đã được dùng cho một quầy khác.");
        Assert.Equal("Quầy số 9", InputValue(html, "name"));
        var outside =
            await PostFormAsync(admin, $"{Counters}/new", $"{Counters}/new", ("code", "CR-Q9"), ("name", "Quầy số 9"), ("agencyId", ids.CentreB.ToString()));
        await AssertRefusedAsync(outside, HttpStatusCode.UnprocessableEntity, "agencyId", "Cơ quan đã chọn không có trong phạm vi quản lý của bạn.");
        var tooLong =
            await PostFormAsync(admin, $"{Counters}/new", $"{Counters}/new", ("code", new string('Q', 65)),
            ("name", "Quầy số 9"), ("agencyId", centreA.ToString()));
        await AssertRefusedAsync(tooLong, HttpStatusCode.BadRequest, "code", "Mã quầy: dài tối đa 64 ký tự.");

        var created =
            await PostFormAsync(admin, $"{Counters}/new", $"{Counters}/new", ("code", "CR-Q9"), ("name", "Quầy số 9"), ("agencyId", centreA.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        int id;
        await using (var db = app.NewDbContext())
        {
            id = await db.ServicePoints.Where(s => s.Code == "CR-Q9" && s.AgencyId == centreA).Select(s => s.Id).SingleAsync();
        }
        Assert.True(await AuditedAsync(app, "ServicePoint.created", id.ToString(), RegistryWorld.WardAdminA));
        html = await TextAsync(await admin.GetAsync($"{Counters}?q=QUẦY+SỐ+9"));
        Assert.Equal(1, Rows(html, "counters"));

        var changed =
            await PostFormAsync(admin, $"{Counters}/{id}", $"{Counters}/{id}", ("code", "CR-Q9"), ("name", "Quầy hộ tịch"), ("agencyId", centreA.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.True(await AuditedAsync(app, "ServicePoint.updated", id.ToString(), RegistryWorld.WardAdminA));

        var hasShifts = await PostFormAsync(admin, $"{Counters}/{ids.CounterA}", $"{Counters}/{ids.CounterA}/delete");
        Assert.Equal(HttpStatusCode.Conflict, hasShifts.StatusCode);
        Assert.Contains("Quầy đã có lịch ca trực nên không xóa được", await TextAsync(hasShifts));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, $"{Counters}/{id}", $"{Counters}/{id}/delete")).StatusCode);
        Assert.True(await AuditedAsync(app, "ServicePoint.deleted", id.ToString(), RegistryWorld.WardAdminA));
    }

    [Fact]
    public async Task Agencies_and_counters_outside_the_jurisdiction_answer_404_on_every_page_and_nothing_changes()
    {
        var (ids, admin) = await WardAdminPagesAsync(app);
        var before = await RegistryWorld.SnapshotAsync(app);
        Assert.DoesNotContain("Hưng Phú", await TextAsync(await admin.GetAsync(Agencies)));
        Assert.DoesNotContain(DemoWorld.WardBCode, await TextAsync(await admin.GetAsync(Counters)));
        foreach (var id in new[] { ids.AgencyB, ids.CentreB })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Agencies}/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, $"{Agencies}/new", $"{Agencies}/{id}",
                ("code", "X"), ("name", "X"), ("kind", "Other"), ("unitId", ids.WardA.ToString()))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, $"{Agencies}/new", $"{Agencies}/{id}/delete")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Counters}/{ids.CounterB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, $"{Counters}/new", $"{Counters}/{ids.CounterB}",
            ("code", "X"), ("name", "X"), ("agencyId", ids.AgencyA.ToString()))).StatusCode);
        var delete = await PostFormAsync(admin, $"{Counters}/new", $"{Counters}/{ids.CounterB}/delete");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Contains("Không có quầy này trong phạm vi quản lý của bạn.", await TextAsync(delete));
        Assert.Equal(before, await RegistryWorld.SnapshotAsync(app));
    }
}
