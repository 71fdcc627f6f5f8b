namespace HaiLong.IntegrationTests.Invitations;

/// <summary>The QR page offers only officials still in service: one whose service ended yesterday is not in the list.</summary>
public sealed class IssuePageOfficialsTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task An_official_whose_service_has_ended_is_not_offered_and_one_ending_today_still_is()
    {
        var today = VietnamTime.DateOf(app.Clock.GetUtcNow());
        await using (var db = app.NewDbContext())
        {
            var centre = await db.Agencies.SingleAsync(a => a.Code == DemoWorld.WardACode + "-TTPVHCC");
            db.Officials.AddRange(
                new Official { AgencyId = centre.Id, StaffCode = "CR-ENDED", FullName = "Lâm Văn Đã Nghỉ", Position = "Công chức",
                    ActiveFrom = today.AddYears(-2), ActiveTo = today.AddDays(-1) },
                new Official { AgencyId = centre.Id, StaffCode = "CR-LASTDAY", FullName = "Lâm Thị Ngày Cuối", Position = "Công chức",
                    ActiveFrom = today.AddYears(-2), ActiveTo = today });
            await db.SaveChangesAsync();
        }
        var staff = await app.CookieClientAsync(DemoUsers.ServiceStaffA);

        var page = WebUtility.HtmlDecode(await staff.GetStringAsync("/staff/invitations"));

        Assert.DoesNotContain("Lâm Văn Đã Nghỉ", page);
        Assert.Contains("Lâm Thị Ngày Cuối", page);
    }
}
