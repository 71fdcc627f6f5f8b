using Hangfire;
using HaiLong.Api.Features.Cases;
using HaiLong.Api.Features.Evaluations;
using HaiLong.Api.Features.Holidays;
using HaiLong.Api.Features.Invitations;
using HaiLong.Api.Features.Responses;
using HaiLong.Api.Features.Scorecards;
using HaiLong.Api.Features.Surveys;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HaiLong.Api.Features.Demo;

/// <summary>
/// The demo's hands: each step builds the production service with a <see cref="DemoClock"/> and a <see cref="DemoActor"/>
/// instead of the request's, and calls it as the API handler would. Its own DbContexts carry the audit interceptor with the
/// same clock and actor, so the audit log reads like the year it records.
/// </summary>
internal sealed class DemoWriter(IServiceScopeFactory scopes, DemoCast cast, ILogger logger)
{
    private const int ProgressEvery = 1000;
    private int _done;

    public async Task<Dictionary<int, string>> IssueCounterQrsAsync(DateTimeOffset at, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (clock, actor, db) = Hands(scope.ServiceProvider, at);
        await using var _ = db;
        var tokens = new Dictionary<int, string>();
        foreach (var ward in cast.Wards)
        {
            actor.Act(IssuerOf(ward));
            var issuer = new InvitationIssuer(db, new StaffContext(actor, db), clock, scope.ServiceProvider.GetRequiredService<IConfiguration>());
            foreach (var counter in ward.Counters)
            {
                var (issued, refusal) = await issuer.IssueAsync(new IssueSpec(InvitationKind.Counter, ServicePointId: counter.ServicePointId), ct);
                tokens[counter.ServicePointId] = issued?.Token ?? throw Refused("counter QR", refusal?.Message);
            }
        }
        return tokens;
    }

    /// <summary>Every visit: a transaction QR issued a few minutes before (or the counter's standing QR), the form looked up,
    /// the answers checked and stored. Returns ward A's low ratings with a comment (at, response id), for the petitions.</summary>
    public async Task<List<(DateTimeOffset At, long ResponseId)>> RespondAsync(DemoPlan plan, Dictionary<int, string> counterTokens, int writers,
        CancellationToken ct)
    {
        var shares = Enumerable.Range(0, writers).Select(k => plan.Visits.Where((_, i) => i % writers == k).ToList()).Where(s => s.Count > 0).ToList();
        var results = await Task.WhenAll(shares.Select(share => Task.Run(() => WriteAsync(share, counterTokens, plan.Visits.Count, ct), ct)));
        return [.. results.SelectMany(r => r).OrderBy(r => r.At)];
    }

    private async Task<List<(DateTimeOffset At, long ResponseId)>> WriteAsync(List<DemoVisit> visits, Dictionary<int, string> counterTokens, int total,
        CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var (clock, actor, db) = Hands(sp, visits[0].At);
        await using var _ = db;
        var config = sp.GetRequiredService<IConfiguration>();
        var dataSource = sp.GetRequiredService<NpgsqlDataSource>();
        var forms = new SurveyForms(dataSource, clock, sp.GetRequiredService<PublishedVersions>(), sp.GetRequiredService<StandingFormCache>());
        var store = new SubmissionStore(dataSource, clock, config, sp.GetRequiredService<PublishedVersions>());
        // One StaffContext per ward's issuer: it keeps the jurisdiction it read first.
        var issuers = cast.Wards.Select(w => new InvitationIssuer(db, new StaffContext(actor, db), clock, config)).ToArray();
        var low = new List<(DateTimeOffset At, long ResponseId)>();
        var issued = 0;
        foreach (var v in visits)
        {
            var random = new Random(v.Seed);
            string token;
            if (v.ServicePointId is { } counter) token = counterTokens[counter];
            else
            {
                clock.Now = v.At.AddMinutes(-random.Next(2, 25));
                actor.Act(IssuerOf(cast.Wards[v.Ward]));
                var dossier = $"{cast.Wards[v.Ward].Code[^2..]}.{VietnamTime.DateOf(clock.Now):yyMMdd}.{v.Number:00000}";
                var (invitation, refusal) = await issuers[v.Ward].IssueAsync(
                    new IssueSpec(InvitationKind.Transaction, OfficialId: v.OfficialId, ProcedureId: v.ProcedureId, DossierReference: dossier), ct);
                token = invitation?.Token ?? throw Refused("transaction QR", refusal?.Message);
                // The tracked invitations would make every later save slower.
                if (++issued % 100 == 0) db.ChangeTracker.Clear();
            }

            clock.Now = v.At;
            actor.Act(null);
            var form = await forms.FindAsync(token, ct) ?? throw new InvalidOperationException("Demo: a QR just issued was not found.");
            var (answers, comment) = Compose(form, v, random);
            var check = AnswerRules.Check(form.Questions, form.AnswerableQuestions, answers, comment);
            if (!check.IsValid)
            {
                throw new InvalidOperationException("Demo: the composed answers were refused: " +
                    string.Join("; ", check.Errors.SelectMany(e => e.Value).Concat(check.Unprocessable)));
            }
            var outcome = await store.SubmitAsync(new Submission(form, new SubmittedAnswers(check.Answers, comment, "vi", DeviceHash: null, IpHash: null)), ct);
            if (outcome.Status != SubmissionStatus.Stored) throw new InvalidOperationException($"Demo: a submission was {outcome.Status} ({outcome.Refusal}).");
            if (v.Ward == 0 && check.Overall is 1 or 2 && comment is not null) low.Add((v.At, outcome.ResponseId));

            var done = Interlocked.Increment(ref _done);
            if (done % ProgressEvery == 0 || done == total) logger.LogInformation("Demo: 2/{Steps} responses {Done}/{Total}", DemoYear.Steps, done, total);
        }
        return low;
    }

    /// <summary>
    /// Ward A's yearly survey of its government on the open QR, answered by <see cref="DemoPlan.YearlyAnswers"/> residents over
    /// the evaluated year's last weeks: the chairs are rated on its People's Council and People's Committee questions (issue 18),
    /// never on one petition. Written before the fold, so the ward's scorecard counts them as the rollups always did.
    /// </summary>
    public async Task YearlySurveyAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var year = DemoPlan.EvaluationYear(now);
        var opens = new[] { now.AddDays(-20), VietnamTime.At(year, 12, 1, 8).ToUniversalTime() }.Min();
        var (clock, actor, db) = Hands(sp, opens);
        await using var _ = db;
        var config = sp.GetRequiredService<IConfiguration>();
        var dataSource = sp.GetRequiredService<NpgsqlDataSource>();
        var ward = cast.Wards[0];
        actor.Act(cast.Administrator);
        var (issued, refusal) = await new InvitationIssuer(db, new StaffContext(actor, db), clock, config)
            .IssueAsync(new IssueSpec(InvitationKind.Annual, UnitId: ward.Id, Year: year), ct);
        var token = issued?.Token ?? throw Refused("yearly QR", refusal?.Message);
        actor.Act(null);
        var forms = new SurveyForms(dataSource, clock, sp.GetRequiredService<PublishedVersions>(), sp.GetRequiredService<StandingFormCache>());
        var store = new SubmissionStore(dataSource, clock, config, sp.GetRequiredService<PublishedVersions>());
        var random = new Random(18_2026);
        for (var i = 0; i < DemoPlan.YearlyAnswers; i++)
        {
            // A few answers an hour through the days after the poster went up, while now has not come.
            clock.Now = new[] { opens.AddMinutes(20 * i + random.Next(0, 15)), now.AddMinutes(-1) }.Min();
            var form = await forms.FindAsync(token, ct) ?? throw new InvalidOperationException("Demo: the yearly QR was not found.");
            var resident = new DemoVisit(clock.Now, 0, 0, null, null, DemoPlan.YearlySatisfaction, random.Next(), i + 1);
            var (answers, comment) = Compose(form, resident, new Random(resident.Seed));
            var check = AnswerRules.Check(form.Questions, form.AnswerableQuestions, answers, comment);
            if (!check.IsValid) throw new InvalidOperationException("Demo: the composed yearly answers were refused.");
            var outcome = await store.SubmitAsync(new Submission(form, new SubmittedAnswers(check.Answers, comment, "vi", DeviceHash: null, IpHash: null)), ct);
            if (outcome.Status != SubmissionStatus.Stored) throw new InvalidOperationException($"Demo: a yearly answer was {outcome.Status}.");
        }
    }

    /// <summary>A citizen's answers: overall satisfaction from the visit's odds, the other criteria around it, now and then a comment.</summary>
    private static (List<SubmittedAnswer> Answers, string? Comment) Compose(SurveyForm form, DemoVisit v, Random random)
    {
        var satisfied = random.NextDouble() < v.Satisfaction;
        var overall = satisfied
            ? random.NextDouble() < 0.55 ? 5 : 4
            : random.NextDouble() < 0.5 ? 3 : random.NextDouble() < 0.6 ? 2 : 1;
        var answers = new List<SubmittedAnswer>();
        foreach (var q in form.AnswerableQuestions)
        {
            switch (q.Kind)
            {
                case QuestionKind.Likert when q.Criterion == Criteria.Overall:
                    answers.Add(new SubmittedAnswer(q.Id, null, overall, false, null));
                    break;
                case QuestionKind.Likert when q.AllowNotApplicable && !q.Required && random.NextDouble() < 0.05:
                    answers.Add(new SubmittedAnswer(q.Id, null, null, true, null));
                    break;
                case QuestionKind.Likert:
                    var step = random.NextDouble();
                    answers.Add(new SubmittedAnswer(q.Id, null, Math.Clamp(overall + (step < 0.15 ? -1 : step > 0.85 ? 1 : 0), 1, 5), false, null));
                    break;
                case QuestionKind.YesNo:
                    // "Did you have to come back?": the dissatisfied often did.
                    answers.Add(new SubmittedAnswer(q.Id, null, null, false, random.NextDouble() < (overall <= 2 ? 0.6 : 0.08) ? "yes" : "no"));
                    break;
                case QuestionKind.SingleChoice when q.Required:
                    answers.Add(new SubmittedAnswer(q.Id, null, null, false, SurveyChoices.Parse(q.Choices)[0].Value));
                    break;
            }
        }
        var (chance, pool) = overall switch
        {
            <= 2 => (0.45, DemoTexts.Complaints),
            3 => (0.15, DemoTexts.Neutral),
            _ => (0.06, DemoTexts.Praise),
        };
        var comment = random.NextDouble() < chance ? pool[random.Next(pool.Count)] : null;
        return (answers, comment);
    }

    /// <summary>The rollup job as its schedule would have run it: everything folded, then each month's alerts raised at its end.</summary>
    public async Task FoldAsync(DateTimeOffset start, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var clock = new DemoClock(now);
        var job = new RollupJob(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<ScorePolicy>>(), clock,
            sp.GetRequiredService<ILogger<RollupJob>>());
        // A fold gives the same rollups whenever it runs (the job's contract), so one run stands for a year of minutely ones;
        // in one batch, because smaller ones rewrite the same month and year rows again and again (BENCHMARKS.md §5).
        await job.RunAsync(RollupJob.MaxBatchSize, ct);
        var month = VietnamTime.DateOf(start);
        for (var m = new DateOnly(month.Year, month.Month, 1); VietnamTime.StartOf(m.AddMonths(1)) < now; m = m.AddMonths(1))
        {
            clock.Now = VietnamTime.StartOf(m.AddMonths(1)).AddHours(-7).ToUniversalTime();
            await job.RecordAlertsAsync(ct);
        }
        clock.Now = now;
        await job.RecordAlertsAsync(ct);
    }

    /// <summary>Ward A's petitions (<see cref="DemoPlan.CaseScripts"/>), filed and worked through on their days.</summary>
    public async Task CasesAsync(DateTimeOffset now, List<(DateTimeOffset At, long ResponseId)> lowResponses, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var (clock, actor, db) = Hands(sp, now);
        await using var _ = db;
        var options = sp.GetRequiredService<IOptions<CaseOptions>>();
        var holidays = new HolidaySet(db);
        var filing = new CaseFiling(db, clock, options, holidays);
        actor.Act(cast.Inspector);
        var workflow = new CaseWorkflow(db, new CaseAccess(db, new StaffContext(actor, db)), clock, options, holidays);
        var ward = cast.Wards[0];
        var today = VietnamTime.DateOf(now);
        var usedResponses = new HashSet<long>();
        foreach (var script in DemoPlan.CaseScripts)
        {
            var filedOn = today.AddDays(-script.FiledDaysAgo);
            var filedAt = VietnamTime.StartOf(filedOn).AddHours(9).ToUniversalTime();
            var (type, content) = DemoTexts.Cases[script.Text];
            var filer = script.Filer is { } f ? DemoTexts.Filers[f] : default;
            long? responseId = null;
            if (script.Channel == CaseChannels.Survey)
            {
                // The follow-up of a low rating with a comment, filed from the thank-you page right after it.
                var response = lowResponses.LastOrDefault(r => r.At < filedAt && !usedResponses.Contains(r.ResponseId));
                if (response.ResponseId != 0)
                {
                    responseId = response.ResponseId;
                    usedResponses.Add(response.ResponseId);
                    filedAt = response.At.AddMinutes(3);
                }
            }
            var subject = script.Subject switch
            {
                "agency" => $"agency:{ward.CommitteeId}",
                var s when s.StartsWith("official:") => $"official:{ward.Officials[int.Parse(s["official:".Length..])]}",
                var s => s,
            };
            var staffRecorded = script.Channel is CaseChannels.InPerson or CaseChannels.Post;
            // A letter is opened and recorded a couple of days after it arrives; its clock runs from the day it arrived.
            clock.Now = script.Channel == CaseChannels.Post ? filedAt.AddDays(2) : filedAt;
            actor.Act(staffRecorded ? cast.Inspector : null);
            var request = new FilingRequest(type.ToString(), ward.Id, subject, content, filer.Name, filer.Phone, null, filer.Address,
                script.Channel, responseId, null, [])
            {
                ReceivedOn = script.Channel == CaseChannels.Post ? VietnamTime.DateOf(filedAt) : null,
            };
            var (filed, refusal) = await filing.FileAsync(request, staffRecorded ? cast.Inspector : null, ct);
            if (filed is null) throw Refused("petition", refusal?.Problem.Detail);

            actor.Act(cast.Inspector);
            var answers = 0;
            foreach (var (day, action) in script.Steps)
            {
                clock.Now = filedAt.AddDays(day).AddHours(2 + answers);
                var command = action switch
                {
                    CaseAction.Assign => new TransitionCommand(action, null, cast.Inspector, false, null, false),
                    CaseAction.Answer => new TransitionCommand(action, null, null, false,
                        DemoTexts.Answers[(script.Text + answers++) % DemoTexts.Answers.Count], true),
                    CaseAction.Reopen => new TransitionCommand(action, "Công dân không đồng ý với nội dung trả lời, đề nghị xem xét lại.",
                        null, false, null, false),
                    CaseAction.Reject => new TransitionCommand(action,
                        "Nội dung thuộc thẩm quyền giải quyết của Ủy ban nhân dân thành phố; đã hướng dẫn công dân gửi đúng nơi.", null, false, null, false),
                    _ => new TransitionCommand(action, null, null, false, null, false),
                };
                var (_, error) = await workflow.ApplyAsync(filed.Id, command, ct);
                if (error is not null) throw Refused($"case {action}", error.Detail);
            }
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The evaluator starts the year's cycle for ward A, enters two of the council's targets, and the job computes it.</summary>
    public async Task EvaluateAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var (clock, actor, db) = Hands(sp, now);
        await using var _ = db;
        actor.Act(cast.Evaluator);
        var service = new EvaluationService(new StaffContext(actor, db), db, new AuditLog(db, actor, clock), clock,
            sp.GetRequiredService<IBackgroundJobClient>());
        var ward = cast.Wards[0];
        var year = DemoPlan.EvaluationYear(now);
        var created = await service.CreateCyclesAsync([ward.Id], year, null, ct);
        if (created.Refusal?.Reason == EvaluationRefusalReason.CycleExists)
        {
            logger.LogInformation("Demo: ward A already has an evaluation cycle for {Year}; left as it is.", year);
            return;
        }
        var cycle = created.Value?.Single() ?? throw Refused("evaluation cycle", created.Refusal?.Problem.Detail);
        foreach (var target in new[]
        {
            new TargetRequest(ward.Id, "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn (%)", 95, 96.4m,
                "Báo cáo kết quả giải quyết TTHC năm của UBND phường"),
            new TargetRequest(ward.Id, "Số cuộc tiếp xúc cử tri của Hội đồng nhân dân phường", 4, 4, "Biên bản các cuộc tiếp xúc cử tri"),
        })
        {
            var added = await service.AddTargetAsync(cycle.Id, target, ct);
            if (added.Refusal is { } r) throw Refused("evaluation target", r.Problem.Detail);
        }
        // What ComputeAsync queues, run here and now: the demo must be computed before the first page opens, also where no
        // Hangfire server runs (tests).
        actor.Act(null);
        var job = new EvaluationJob(db, clock, sp.GetRequiredService<ILogger<EvaluationJob>>(), sp);
        await job.ComputeAsync(cycle.Id, ct);
    }

    private Guid IssuerOf(DemoWard ward) => ward == cast.Wards[0] ? cast.ServiceStaff : cast.Administrator;

    /// <summary>A clock, an actor and a DbContext whose audit interceptor uses both (the capabilities' other interceptors as registered).</summary>
    private static (DemoClock Clock, DemoActor Actor, HaiLongDbContext Db) Hands(IServiceProvider sp, DateTimeOffset at)
    {
        var clock = new DemoClock(at);
        var actor = new DemoActor();
        var interceptors = sp.GetServices<ISaveChangesInterceptor>().Where(i => i is not AuditInterceptor).Prepend(new AuditInterceptor(actor, clock));
        var options = new DbContextOptionsBuilder<HaiLongDbContext>()
            .UseHaiLongPostgres(sp.GetRequiredService<NpgsqlDataSource>())
            .AddInterceptors(interceptors)
            .Options;
        return (clock, actor, new HaiLongDbContext(options));
    }

    private static InvalidOperationException Refused(string what, string? why) => new($"Demo: the {what} was refused: {why}");
}
