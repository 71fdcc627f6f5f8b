using HaiLong.Data;

namespace HaiLong.IntegrationTests.Audit;

/// <summary>
/// One <see cref="AuditInterceptor"/> serves every request's context (the options are a singleton): a save's pending entries
/// and its own transaction are kept per context, so saves that run at the same time, and saves that fail, never lend each
/// other an entry or lose one.
/// </summary>
public sealed class SharedAuditInterceptorTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    [Fact]
    public async Task Concurrent_saves_each_write_their_own_entry_and_a_failed_save_writes_none()
    {
        await using var db = app.NewDbContext();
        var taken = await db.Procedures.Select(p => p.Code).FirstAsync();
        var run = Guid.NewGuid().ToString("N")[..6];
        var codes = Enumerable.Range(0, 24).Select(i => i % 4 == 3 ? taken : $"SA-{run}-{i}").ToArray();

        var outcomes = await Task.WhenAll(codes.Select(async (code, i) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<HaiLongDbContext>();
            context.Procedures.Add(new Procedure { Code = code, Name = $"Thủ tục {run} {i}", Field = "Kiểm thử" });
            try
            {
                await context.SaveChangesAsync();
                return true;
            }
            catch (DbUpdateException)
            {
                return false;
            }
        }));

        // Every fourth reused a taken code and was refused; every other one stored with exactly its own entry.
        Assert.Equal(codes.Select(c => c != taken), outcomes);
        var stored = await db.Procedures.Where(p => p.Code.StartsWith($"SA-{run}-")).ToDictionaryAsync(p => p.Id.ToString(), p => p.Code);
        Assert.Equal(18, stored.Count);
        // This run's entries, found by the names it gave (the refused saves' names included): one per stored row, its own.
        var entries = (await db.AuditEntries.Where(a => a.Action == "Procedure.created").ToListAsync())
            .Where(e => e.Details!.Contains($"Thủ tục {run} ")).ToList();
        Assert.Equal(stored.Keys.Order(), entries.Select(e => e.EntityId!).Order());
        Assert.All(entries, e => Assert.Contains($"\"{stored[e.EntityId!]}\"", e.Details));
    }
}
