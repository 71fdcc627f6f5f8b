using HaiLong.Api.Features.Responses;

namespace HaiLong.IntegrationTests.Responses;

/// <summary>
/// The open yearly QR of a ward and answers on it, for the burst tests (responses and the board's queue). Each test takes a world
/// of its own (<see cref="HaiLongApp.StartAtAsync"/>): the job scans every yearly answer of the database.
/// </summary>
internal static class BurstWorld
{
    /// <summary>Monday 9 November 2026, 08:00 in Vietnam: a hamlet meeting's morning.</summary>
    public static readonly DateTimeOffset Morning = new(2026, 11, 9, 8, 0, 0, TimeSpan.FromHours(7));

    public sealed record Qr(long InvitationId, string Token, int UnitId, int SurveyVersionId);

    /// <summary>The administrator issues the ward's open yearly QR, as printed on its poster.</summary>
    public static async Task<Qr> IssueYearlyQrAsync(HaiLongApp app, string wardCode = DemoWorld.WardACode, HttpClient? admin = null)
    {
        await using var db = app.NewDbContext();
        var unitId = await db.Units.Where(u => u.Code == wardCode).Select(u => u.Id).SingleAsync();
        admin ??= await app.ClientAsAsync(DemoUsers.Administrator);
        var issued = await InvitationWorld.IssueAsync(admin, new { kind = "Annual", unitId });
        return new Qr(issued.Id, issued.Token, unitId, issued.SurveyVersionId);
    }

    /// <summary>
    /// Answers on the QR at the given minutes after <paramref name="start"/>, as the submission stores them: the network address and
    /// the device only as the app's keyed hashes. (The test server has no client address, so a shared address is written here.)
    /// </summary>
    public static async Task<long[]> AnswerAsync(HaiLongApp app, Qr qr, DateTimeOffset start, double[] minutes, string? address = null,
        string? device = null)
    {
        var signals = app.Service<AbuseSignals>();
        await using var db = app.NewDbContext();
        var responses = minutes.Select(m => new Response
        {
            InvitationId = qr.InvitationId, SurveyVersionId = qr.SurveyVersionId, UnitId = qr.UnitId,
            SubmittedAt = start.AddMinutes(m).ToUniversalTime(),
            IpHash = address is null ? null : signals.Hash("ip", address),
            DeviceHash = device is null ? null : signals.Hash("device", device),
            Answers = [new ResponseAnswer { QuestionId = 0, Criterion = Criteria.Overall, Score = 4 }],
        }).ToList();
        var questionId = await db.SurveyQuestions.Where(q => q.VersionId == qr.SurveyVersionId && q.Criterion == Criteria.Overall)
            .Select(q => q.Id).SingleAsync();
        foreach (var answer in responses.SelectMany(r => r.Answers)) answer.QuestionId = questionId;
        db.Responses.AddRange(responses);
        await db.SaveChangesAsync();
        return [.. responses.Select(r => r.Id)];
    }

    /// <summary>Runs the burst scan as a Hangfire worker would (the server is off in tests), at the world's time.</summary>
    public static async Task<int> RunJobAsync(HaiLongApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ResponseBurstJob>().RunAsync(default);
    }

    public static async Task<List<ReviewItem>> BurstsAsync(HaiLongApp app)
    {
        await using var db = app.NewDbContext();
        return await db.ReviewItems.AsNoTracking().Where(r => r.Kind == ReviewItemKind.ResponseBurst).OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>The answers each review item holds (id → held answers), and the answers held by none.</summary>
    public static async Task<(Dictionary<long, long[]> Held, long[] Free)> HoldingsAsync(HaiLongApp app)
    {
        await using var db = app.NewDbContext();
        var rows = await db.Responses.AsNoTracking().Select(r => new { r.Id, r.HeldByReviewItemId }).ToListAsync();
        return (rows.Where(r => r.HeldByReviewItemId != null).GroupBy(r => r.HeldByReviewItemId!.Value)
                .ToDictionary(g => g.Key, g => g.Select(r => r.Id).Order().ToArray()),
            [.. rows.Where(r => r.HeldByReviewItemId == null).Select(r => r.Id).Order()]);
    }
}
