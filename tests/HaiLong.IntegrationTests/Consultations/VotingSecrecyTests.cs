using HaiLong.Api.Features.Consultations;

namespace HaiLong.IntegrationTests.Consultations;

/// <summary>
/// Issue 19's two proofs: the secret ballot (point 4) — no column, key, time or physical order of the stored choices leads back
/// to a household once ballots are folded — and one household, one vote under 64 simultaneous attempts, in one channel and
/// across all three.
/// </summary>
public sealed class VotingSecrecyTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private static readonly string[] ChoiceTables = ["consultation_ballots", "consultation_tallies"];

    [Fact]
    public async Task The_schema_of_the_stored_choices_has_nothing_that_refers_to_a_household_a_voter_or_a_time()
    {
        await using var db = app.NewDbContext();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();

        var columns = await RowsAsync(connection, """
            SELECT table_name || '.' || column_name || ':' || data_type || ':' || coalesce(column_default, '') || ':' || is_identity
            FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY(@tables)
            """, ChoiceTables);
        Assert.Equal(
            ["consultation_ballots.channel", "consultation_ballots.choice", "consultation_ballots.consultation_id", "consultation_ballots.id",
             "consultation_ballots.item_id", "consultation_tallies.channel", "consultation_tallies.choice", "consultation_tallies.consultation_id",
             "consultation_tallies.count", "consultation_tallies.item_id"],
            columns.Select(c => c.Split(':')[0]).Order());
        Assert.DoesNotContain(columns, c => Regex.IsMatch(c.Split(':')[1], "time|date|interval"));
        Assert.DoesNotContain(columns, c => c.Contains("nextval") || c.EndsWith(":YES"));
        Assert.Contains("consultation_ballots.id:uuid:gen_random_uuid():NO", columns);

        // Every foreign key of the choice tables leads to the consultation or its item, never the roll, a household or a user.
        var references = await RowsAsync(connection, """
            SELECT DISTINCT confrelid::regclass::text FROM pg_constraint
            WHERE contype = 'f' AND conrelid::regclass::text = ANY(@tables)
            """, ChoiceTables);
        Assert.Equal(["consultation_items", "consultations"], references.Order());
        // And nothing refers to them: no table can point a household at a choice.
        Assert.Empty(await RowsAsync(connection, """
            SELECT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND confrelid::regclass::text = ANY(@tables)
            """, ChoiceTables));
        // No trigger copies a choice elsewhere, and no sequence is owned by the choice tables.
        Assert.Empty(await RowsAsync(connection, """
            SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY(@tables)
            """, ChoiceTables));
        Assert.Empty(await RowsAsync(connection, """
            SELECT s.relname FROM pg_class s JOIN pg_depend d ON d.objid = s.oid JOIN pg_class t ON d.refobjid = t.oid
            WHERE s.relkind = 'S' AND t.relname = ANY(@tables)
            """, ChoiceTables));
        // The only column the roll shares with the choice tables (same name, same type) names the consultation.
        var shared = await RowsAsync(connection, """
            SELECT r.column_name FROM information_schema.columns r JOIN information_schema.columns c ON c.column_name = r.column_name
            WHERE r.table_schema = current_schema() AND c.table_schema = current_schema() AND c.data_type = r.data_type
              AND r.table_name = 'consultation_roll' AND c.table_name = ANY(@tables)
            """, ChoiceTables);
        Assert.Equal(["consultation_id"], shared.Distinct());
    }

    [Fact]
    public async Task After_votes_in_every_channel_and_a_fold_no_join_leads_from_a_household_to_its_choice()
    {
        var households = await HamletWorld.AddHouseholdsAsync(app, HamletWorld.HamletA, 6, "VSC");
        var id = await VotingWorld.OpenAllChannelsAsync(app, items:
            [("Bầu trưởng khu vực", ["Nguyễn Văn An", "Lê Thị Bé"], true), ("Điều 2: Giờ giữ trật tự", null, false)]);
        var items = await VotingWorld.ItemIdsAsync(app, id);
        await VotingWorld.VoteOnlineAsync(app, id, households[0], new Dictionary<long, short> { [items[0]] = 1, [items[1]] = 0 });
        await VotingWorld.VoteOnlineAsync(app, id, households[1], new Dictionary<long, short> { [items[0]] = 0, [items[1]] = 1 });
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var paper = new Dictionary<long, short> { [items[0]] = 1, [items[1]] = -1 };
        var slip = HamletWorld.SlipCode(app, id, households[2]);
        (await head.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody(slip, paper))).EnsureSuccessStatusCode();
        (await leader.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody(slip, paper))).EnsureSuccessStatusCode();
        (await head.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance", new { householdCodes = new[] { "VSC0004", "VSC0005" } }))
            .EnsureSuccessStatusCode();
        (await head.PutAsJsonAsync($"/api/consultations/{id}/meeting/items/{items[0]}/counts",
            new { counts = new[] { new { choice = 0, count = 1 }, new { choice = 1, count = 1 } } })).EnsureSuccessStatusCode();

        await using var db = app.NewDbContext();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        // Before the fold a ballot and its roll entry share the transaction that wrote them: the link the fold exists to cut.
        Assert.Equal(3, await CountAsync(connection, """
            SELECT count(DISTINCT r.id) FROM consultation_roll r JOIN consultation_ballots b ON b.xmin = r.xmin WHERE r.consultation_id = @id
            """, id));

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<VotingFold>().FoldAsync(id, CancellationToken.None);
        }

        Assert.Equal(0, await CountAsync(connection, "SELECT count(*) FROM consultation_ballots WHERE consultation_id = @id", id));
        // By transaction id, of the choice rows or of the paper keyings.
        foreach (var join in new[]
        {
            "SELECT count(*) FROM consultation_roll r JOIN consultation_tallies t ON t.xmin = r.xmin WHERE r.consultation_id = @id",
            "SELECT count(*) FROM consultation_roll r JOIN consultation_ballots b ON b.xmin = r.xmin WHERE r.consultation_id = @id",
            "SELECT count(*) FROM paper_ballot_keyings k JOIN consultation_tallies t ON t.xmin = k.xmin WHERE k.consultation_id = @id",
            // Erased keyed choices.
            "SELECT count(*) FROM paper_ballot_keyings WHERE consultation_id = @id AND (first_choices IS NOT NULL OR second_choices IS NOT NULL)",
        })
        {
            Assert.True(await CountAsync(connection, join, id) == 0, join);
        }
        // By time or physical order: every choice row was written by the one fold transaction (so its xmin and its place in the
        // table are the fold's), and each is a count per choice, not a household's ballot.
        Assert.Equal(1, await CountAsync(connection,
            "SELECT count(DISTINCT xmin::text) FROM consultation_tallies WHERE consultation_id = @id AND channel <> 0", id));
        var tallies = await db.ConsultationTallies.Where(t => t.ConsultationId == id).ToListAsync();
        Assert.Equal(
            ["Meeting:0:0=1", "Meeting:0:1=1", "Online:0:0=1", "Online:0:1=1", "Online:1:0=1", "Online:1:1=1", "Paper:0:1=1", "Paper:1:-1=1"],
            tallies.Select(t => $"{t.Channel}:{Array.IndexOf(items, t.ItemId)}:{t.Choice}={t.Count}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sixty_four_simultaneous_ballots_of_one_household_store_exactly_one_vote()
    {
        var (households, id, items) = await VotingWorld.OpenedAsync(app, 1, "VS1");
        var code = HamletWorld.SlipCode(app, id, households[0]);
        var (client, token) = await VotingWorld.OpenBallotAsync(app, code);

        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => VotingWorld.PostBallotAsync(client, token, code,
            new Dictionary<long, short> { [items[0]] = (short)(i % 2), [items[1]] = (short)(i % 3) })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(63, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var db = app.NewDbContext();
        Assert.Equal(2, await db.ConsultationBallots.CountAsync(b => b.ConsultationId == id));
        Assert.Equal(VoteChannel.Online, (await VotingWorld.RollEntryAsync(app, id, households[0])).VotedChannel);
        Assert.Equal(0, await db.ConsultationConflicts.CountAsync(c => c.ConsultationId == id));
    }

    [Fact]
    public async Task Sixty_four_simultaneous_attempts_across_the_three_channels_store_exactly_one_vote()
    {
        var (households, id, items) = await VotingWorld.OpenedAsync(app, 1, "VS3");
        var code = HamletWorld.SlipCode(app, id, households[0]);
        var choices = new Dictionary<long, short> { [items[0]] = 0, [items[1]] = 1 };
        var head = await app.ClientAsAsync(DemoUsers.HamletHeadA);
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        // The slip's first keying is in: every second keying is a paper vote.
        (await head.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody(code, choices))).EnsureSuccessStatusCode();
        var (client, token) = await VotingWorld.OpenBallotAsync(app, code);

        var attempts = Enumerable.Range(0, 64).Select(async i =>
        {
            switch (i % 3)
            {
                case 0:
                    return (await VotingWorld.PostBallotAsync(client, token, code, choices)).StatusCode == HttpStatusCode.OK;
                case 1:
                    var keyed = await leader.PostAsJsonAsync($"/api/consultations/{id}/paper", VotingWorld.PaperBody(code, choices));
                    return keyed.IsSuccessStatusCode
                        && (await keyed.Content.ReadFromJsonAsync<PaperKeyingResult>())!.State == PaperKeyingState.Counted;
                default:
                    var marked = await head.PostAsJsonAsync($"/api/consultations/{id}/meeting/attendance", new { householdCodes = new[] { "VS30001" } });
                    return (await marked.Content.ReadFromJsonAsync<MeetingAttendance>())!.Marked.Count == 1;
            }
        });
        var taken = await Task.WhenAll(attempts);

        Assert.Equal(1, taken.Count(t => t));
        var entry = await VotingWorld.RollEntryAsync(app, id, households[0]);
        await using var db = app.NewDbContext();
        var ballots = await db.ConsultationBallots.Where(b => b.ConsultationId == id).ToListAsync();
        Assert.Equal(entry.VotedChannel == VoteChannel.Meeting ? 0 : 2, ballots.Count);
        Assert.All(ballots, b => Assert.Equal(entry.VotedChannel, b.Channel));
        // Every attempt from another channel than the winner's is a conflict for the hamlet head.
        var conflicts = await db.ConsultationConflicts.Where(c => c.ConsultationId == id).ToListAsync();
        Assert.NotEmpty(conflicts);
        Assert.All(conflicts, c => Assert.Equal(entry.VotedChannel, c.ExistingChannel));
        Assert.All(conflicts, c => Assert.NotEqual(entry.VotedChannel, c.AttemptedChannel));
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string sql, string[] tables)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (sql.Contains("@tables")) command.Parameters.AddWithValue("tables", tables);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, long id)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
