namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// Issue 19, point 6: a result the ward certified is published on the ward's public page and as open-data CSV — counts only,
/// no household — and a result not yet certified is not.
/// </summary>
public sealed class ConsultationResultsPublicationTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private async Task<long> ConsultationAsync(string title, ConsultationStatus status)
    {
        var id = await HamletWorld.AddConsultationAsync(app, HamletWorld.HamletA2, ConsultationKind.Decide,
            [("Điều 1: giờ giữ trật tự", null, false), ("Mức đóng góp", ["50.000 đồng", "100.000 đồng"], false)]);
        await using var db = app.NewDbContext();
        var now = app.Clock.GetUtcNow();
        await db.Consultations.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, title)
            .SetProperty(c => c.Status, status).SetProperty(c => c.ClosedAt, now)
            .SetProperty(c => c.WardCertifiedAt, status == ConsultationStatus.Certified ? now : null));
        var items = await db.ConsultationItems.Where(i => i.ConsultationId == id).OrderBy(i => i.Position).Select(i => i.Id).ToListAsync();
        db.ConsultationTallies.AddRange(
            new ConsultationTally { ConsultationId = id, ItemId = items[0], Choice = ConsultationChoices.Agree, Channel = VoteChannel.Paper, Count = 9 },
            new ConsultationTally { ConsultationId = id, ItemId = items[1], Choice = 1, Channel = VoteChannel.Paper, Count = 7 });
        var roll = await db.ConsultationRoll.Where(r => r.ConsultationId == id).OrderBy(r => r.Id).Take(9).ToListAsync();
        roll.ForEach(r => r.VotedChannel = VoteChannel.Paper);
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task A_certified_result_is_on_the_wards_public_page_and_in_its_csv_with_counts_only()
    {
        await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA2, 12, "PUB");
        var certified = await ConsultationAsync("Sửa đổi quy ước Khu vực Yên Thạnh", ConsultationStatus.Certified);
        await ConsultationAsync("Chưa xác nhận: làm đường hẻm", ConsultationStatus.Closed);
        var citizen = app.PageClient();

        var page = await citizen.GetStringAsync($"/cong-khai/{DemoWorld.WardACode}");
        Assert.Contains("Sửa đổi quy ước Khu vực Yên Thạnh", page);
        Assert.Contains("9 / 12 hộ tham gia", page);
        Assert.Contains("ngưỡng thông qua: hơn 50% của 12 = 7 hộ", page);
        Assert.DoesNotContain("Chưa xác nhận: làm đường hẻm", page);
        Assert.DoesNotContain("PUB0001", page);
        Assert.Contains($"/cong-khai/{DemoWorld.WardACode}/lay-y-kien.csv", page);

        var csv = Encoding.UTF8.GetString(await citizen.GetByteArrayAsync($"/cong-khai/{DemoWorld.WardACode}/lay-y-kien.csv")).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Mã phường, xã", lines[0].Trim('"'));
        // Item 1: agree, disagree, abstain; item 2: two options and abstain — one row each, of this consultation only.
        Assert.Equal(6, lines.Skip(1).Count(l => l.Split(',')[2] == certified.ToString()));
        Assert.Contains(lines, l => l.Contains(",Tán thành,0,9,0,9,Thông qua"));
        Assert.Contains(lines, l => l.Contains(",100.000 đồng,0,7,0,7,Thông qua"));
        Assert.DoesNotContain("Chưa xác nhận", csv);
        Assert.DoesNotContain("PUB0", csv);
        Assert.DoesNotContain("Đại diện hộ", csv);

        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/cong-khai/{HamletWorld.HamletA2}/lay-y-kien.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await citizen.GetAsync($"/cong-khai/{DemoWorld.WardACode}/lay-y-kien.csv?year=1999")).StatusCode);
    }
}
