using HaiLong.Api.Features.Scorecards;

namespace HaiLong.IntegrationTests.Disclosure;

public sealed class DisclosureTests(HaiLongApp app) : IClassFixture<HaiLongApp>, IAsyncLifetime
{
    private ScorecardWorld _world = null!;

    public async Task InitializeAsync() => _world = await ScorecardWorld.OncePerClassAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string[]> OfficialNamesAsync()
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT full_name FROM officials", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return [.. names];
    }

    [Fact]
    public async Task The_public_page_shows_ward_results_by_quarter_without_officials_or_comments_and_may_be_framed()
    {
        var response = await app.AnonymousClient().GetAsync($"/cong-khai/{DemoWorld.WardACode}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("Phường Cái Răng", html);
        Assert.Contains("Mức độ hài lòng chung", html);
        Assert.Contains("n = 85", html);
        foreach (var name in await OfficialNamesAsync()) Assert.DoesNotContain(name, html);
        Assert.DoesNotContain(ScorecardWorld.OfficialComment, html);
        Assert.DoesNotContain("Cán bộ hướng dẫn chưa rõ", html);
        Assert.DoesNotContain("xss", html);
        // Citizens can file a petition from the ward's public page (and leave the portal's frame to do it).
        Assert.Contains($"href=\"/c/new?unit={DemoWorld.WardACode}\" target=\"_top\"", html);
        var filing = await app.AnonymousClient().GetAsync($"/c/new?unit={DemoWorld.WardACode}");
        Assert.Equal(HttpStatusCode.OK, filing.StatusCode);
        Assert.Contains("Phường Cái Răng", WebUtility.HtmlDecode(await filing.Content.ReadAsStringAsync()));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors *", csp);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.Contains("public", response.Headers.CacheControl!.ToString());
        // Every other page still refuses to be framed.
        var staff = await app.AnonymousClient().GetAsync("/staff/login");
        Assert.Contains("frame-ancestors 'none'", staff.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Quarters_below_the_minimum_say_not_enough_responses()
    {
        var writer = new ResponseWriter(app.ConnectionString);
        for (var i = 0; i < 3; i++)
        {
            await writer.InsertAsync(new ResponseSpec(_world.Ids.WardA, new DateTimeOffset(2024, 5, 2, 9, i, 0, TimeSpan.FromHours(7)),
                new Dictionary<string, short?> { [HaiLong.Data.Entities.Criteria.Overall] = 5 }));
        }
        await app.Services.CreateScope().ServiceProvider.GetRequiredService<RollupJob>().RunAsync(CancellationToken.None);

        var html = await app.AnonymousClient().GetStringAsync($"/cong-khai/{DemoWorld.WardACode}?year=2024");
        // The second quarter's cell, labelled with its column for the stacked phone layout (void elements may end in "/>").
        Assert.Matches("<td class=\"muted\" data-label=\"Quý 2/2024\"><span class=\"v\">chưa đủ số phiếu<br\\s*/?>n = 3</span></td>",
            WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("<strong>100%</strong>", WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task The_open_data_csv_is_utf8_with_bom_and_has_no_personal_data()
    {
        var response = await app.AnonymousClient().GetAsync($"/cong-khai/{DemoWorld.WardACode}/du-lieu.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("Mã đơn vị,Đơn vị,Năm,Quý,Mã tiêu chí,Tiêu chí,Số phiếu", text);
        Assert.Contains($"{DemoWorld.WardACode},Phường Cái Răng,", text);
        foreach (var name in await OfficialNamesAsync()) Assert.DoesNotContain(name, text);
        Assert.DoesNotContain(ScorecardWorld.OfficialComment, text);
    }

    [Fact]
    public async Task Unknown_wards_and_bad_years_are_problems_in_vietnamese()
    {
        var client = app.AnonymousClient();
        var missing = await client.GetAsync("/cong-khai/KHONG-CO");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Không tìm thấy", await missing.Content.ReadAsStringAsync());
        // The province is not a ward: it has no public ward page.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/cong-khai/{DemoWorld.ProvinceCode}")).StatusCode);
        var badYear = await client.GetAsync($"/cong-khai/{DemoWorld.WardACode}?year=1800");
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
        Assert.Equal("application/problem+json", badYear.Content.Headers.ContentType?.MediaType);
    }
}
