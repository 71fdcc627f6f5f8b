using HaiLong.Api.Features.Cases;
using HaiLong.Api.Infrastructure.Seeding;
using System.Security.Claims;

namespace HaiLong.Api.Features.Demo;

/// <summary>The demo world's ids, looked up by the codes and user names <see cref="DemoWorld"/> and <see cref="Seeder"/> give them.</summary>
internal sealed record DemoCast(DemoWard[] Wards, DemoProcedure[] Procedures, Guid Administrator, Guid ServiceStaff, Guid Inspector, Guid Evaluator)
{
    public static async Task<DemoCast> LoadAsync(HaiLongDbContext db, CancellationToken ct)
    {
        var wards = new List<DemoWard>();
        foreach (var code in new[] { DemoWorld.WardACode, DemoWorld.WardBCode })
        {
            var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Code == code, ct);
            // Staff codes number them in DemoWorld's order: chairs, vice-chair, centre director, then the centre's officials.
            var officials = await db.Officials.AsNoTracking().Where(o => o.Agency.UnitId == unit.Id).OrderBy(o => o.StaffCode)
                .Select(o => o.Id).ToArrayAsync(ct);
            var committee = await db.Agencies.AsNoTracking().Where(a => a.UnitId == unit.Id && a.Kind == AgencyKind.PeoplesCommittee)
                .Select(a => a.Id).SingleAsync(ct);
            var counters = await db.ServicePointShifts.AsNoTracking().Where(s => s.ServicePoint.Agency.UnitId == unit.Id && s.EndsAt == null)
                .OrderBy(s => s.ServicePoint.Code).Select(s => new DemoCounter(s.ServicePointId, s.OfficialId)).ToArrayAsync(ct);
            wards.Add(new DemoWard(unit.Id, unit.Code, officials, committee, counters));
        }
        var procedures = await db.Procedures.AsNoTracking().Where(p => p.Code.StartsWith("DEMO-TTHC-")).OrderBy(p => p.Code)
            .Select(p => new DemoProcedure(p.Id, p.Field)).ToArrayAsync(ct);
        async Task<Guid> User(string name) => await db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync(ct);
        return new DemoCast([.. wards], procedures, await User("quantri"), await User("motcua.phuong"), await User("thanhtra.phuong"),
            await User("danhgia.phuong"));
    }
}

internal sealed record DemoWard(int Id, string Code, int[] Officials, int CommitteeId, DemoCounter[] Counters);

internal sealed record DemoCounter(int ServicePointId, int OfficialId);

internal sealed record DemoProcedure(int Id, string Field);

/// <summary>One citizen served: when, by whom, for what, through which QR, and how likely they leave satisfied.</summary>
internal sealed record DemoVisit(DateTimeOffset At, int Ward, int OfficialId, int? ProcedureId, int? ServicePointId, double Satisfaction, int Seed,
    int Number);

/// <summary>A petition's life: filed some days ago, then the board's actions, each some days after filing.</summary>
internal sealed record DemoCaseScript(int Text, int FiledDaysAgo, string Channel, string Subject, int? Filer, params (int Day, CaseAction Action)[] Steps);

internal sealed record DemoPlan(DateTimeOffset Start, IReadOnlyList<DemoVisit> Visits)
{
    // Officials in staff-code order (DemoWorld): 0 HĐND chair, 1 UBND chair, 2 UBND vice-chair, 3 centre director,
    // 4–5 justice and civil status, 6 land and construction, 7 culture and social affairs, 8 economy, 9 office.
    // Ward A has one poor official (land: slow, sent away), ward B a middling one (social affairs); the rest are good to fair.
    private static readonly IReadOnlyList<IReadOnlyList<double>> Satisfied =
    [
        [0, 0, 0.80, 0.90, 0.94, 0.88, 0.50, 0.86, 0.79, 0.72],
        [0, 0, 0.82, 0.88, 0.90, 0.91, 0.76, 0.60, 0.85, 0.80],
    ];

    // How often each of DemoWorld.Procedures is asked for (certified copies and births every day, a will once a year).
    private static readonly IReadOnlyList<double> Demand =
    [
        9, 3, 4, 0.5, 0.5, 5, 6, 2, 0.3, 1,
        14, 6, 2, 0.5,
        3, 6, 1,
        3,
        4, 2, 1.5,
        3, 1, 1.5,
        1.5,
        0.8,
        0.3,
        0.3,
        0.3,
        1.5,
    ];

    public static int EvaluationYear(DateTimeOffset now) => VietnamTime.DateOf(now).AddMonths(-6).Year;

    /// <summary>Residents who answer ward A's yearly survey on its open QR: enough for both chairs' questions to count.</summary>
    public const int YearlyAnswers = 120;

    /// <summary>How likely a resident is satisfied with the ward government.</summary>
    public const double YearlySatisfaction = 0.78;

    public static DemoPlan Make(DemoCast cast, DateTimeOffset now, int responses)
    {
        var random = new Random(9_2026);
        var start = now.AddDays(-365);
        var today = VietnamTime.DateOf(now);
        var totalDemand = Demand.Sum();
        var visits = new List<DemoVisit>(responses);
        for (var i = 0; i < responses; i++)
        {
            // The QR codes caught on over the year: half the volume a year ago, and the last month busiest of all, so the
            // current month's scorecard has enough answers a week into the month.
            int daysBack;
            if (random.NextDouble() < 0.25) daysBack = random.Next(0, 30);
            else
            {
                do daysBack = random.Next(30, 365);
                while (random.NextDouble() > 1 - 0.5 * (daysBack - 30) / 335.0);
            }
            var day = today.AddDays(-daysBack);
            // Saturday mornings are open; Sundays are not.
            if (day.DayOfWeek == DayOfWeek.Sunday) day = day.AddDays(-1);
            var hours = day.DayOfWeek == DayOfWeek.Saturday ? 7.5 + random.NextDouble() * 4 : 7.5 + random.NextDouble() * 9.5;
            var at = VietnamTime.StartOf(day).AddHours(hours).ToUniversalTime();
            if (at > now.AddMinutes(-10)) at = at.AddDays(-1);
            daysBack = today.DayNumber - VietnamTime.DateOf(at).DayNumber;

            var w = random.NextDouble() < 0.75 ? 0 : 1;
            var ward = cast.Wards[w];
            var pick = random.NextDouble() * totalDemand;
            var p = 0;
            while (p < Demand.Count - 1 && (pick -= Demand[p]) > 0) p++;
            var procedure = cast.Procedures[p];
            var who = OfficialFor(procedure.Field, random);
            var satisfaction = Satisfied[w][who] + FieldEffect(procedure.Field)
                // Service got a little better over the year, as a ward's does once it reads its scorecard.
                + 0.06 * (1 - daysBack / 365.0) - 0.03
                // The land office's worst months (a backlog of land dossiers): the alerts the board sees.
                + (w == 0 && who == 6 && daysBack is > 90 and < 180 ? -0.08 : 0);
            satisfaction = Math.Clamp(satisfaction, 0.05, 0.98);

            // The counter officials' citizens rate about half the time from the standing QR on the counter, which knows the
            // official only by the shift roster and the procedure not at all (and costs no QR issued per dossier).
            var counter = ward.Counters.FirstOrDefault(c => c.OfficialId == ward.Officials[who]);
            var byCounter = counter is not null && random.NextDouble() < 0.55;
            visits.Add(new DemoVisit(at, w, ward.Officials[who], byCounter ? null : procedure.Id, byCounter ? counter!.ServicePointId : null,
                satisfaction, random.Next(), i + 1));
        }
        visits.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Number.CompareTo(b.Number));
        return new DemoPlan(start, visits);
    }

    /// <summary>Who serves a procedure of this field (index in the ward's officials); leaders sign a few.</summary>
    private static int OfficialFor(string field, Random random)
    {
        var r = random.NextDouble();
        if (r < 0.03) return 3;
        return field switch
        {
            "Hộ tịch" or "Chứng thực" or "Nuôi con nuôi" => r < 0.52 ? 4 : 5,
            "Đất đai" or "Xây dựng" => r < 0.12 ? 2 : 6,
            "Bảo trợ xã hội" or "Giảm nghèo" or "Người có công" => 7,
            "Hộ kinh doanh" => 8,
            _ => 9,
        };
    }

    private static double FieldEffect(string field) => field switch
    {
        "Chứng thực" => 0.04,
        "Hộ tịch" => 0.03,
        "Đất đai" => -0.08,
        "Xây dựng" => -0.10,
        "Bảo trợ xã hội" => -0.02,
        _ => 0,
    };

    /// <summary>
    /// Ward A's board's year: every state a case can be in, two reopened, three past their deadline (DESIGN: 15 working days
    /// for a petition; a complaint decided within 30 days of acceptance). Subjects: "unit", or "official:N" / "agency:N" by
    /// index into the ward's officials / its People's Committee.
    /// </summary>
    public static readonly IReadOnlyList<DemoCaseScript> CaseScripts =
    [
        new(15, 230, CaseChannels.Unit, "unit", null,
            (2, CaseAction.Accept), (2, CaseAction.Assign), (3, CaseAction.Start), (12, CaseAction.Answer), (20, CaseAction.Close)),
        new(0, 200, CaseChannels.Unit, "unit", null,
            (1, CaseAction.Accept), (2, CaseAction.Assign), (3, CaseAction.Start), (9, CaseAction.Answer), (16, CaseAction.Close)),
        new(1, 170, CaseChannels.Survey, "unit", null,
            (2, CaseAction.Accept), (3, CaseAction.Assign), (4, CaseAction.Start), (13, CaseAction.Answer), (21, CaseAction.Close)),
        new(2, 140, CaseChannels.InPerson, "unit", 0,
            (0, CaseAction.Accept), (1, CaseAction.Assign), (1, CaseAction.Start), (6, CaseAction.Answer), (12, CaseAction.Close)),
        // Reopened once, answered again and closed.
        new(3, 120, CaseChannels.InPerson, "official:6", 1, (3, CaseAction.Accept), (4, CaseAction.Assign), (5, CaseAction.Start), (25, CaseAction.Answer),
            (30, CaseAction.Reopen), (31, CaseAction.Start), (45, CaseAction.Answer), (55, CaseAction.Close)),
        new(14, 100, CaseChannels.Unit, "unit", null, (2, CaseAction.Reject)),
        new(5, 95, CaseChannels.Unit, "unit", null,
            (1, CaseAction.Accept), (1, CaseAction.Assign), (2, CaseAction.Start), (10, CaseAction.Answer), (20, CaseAction.Close)),
        // Overdue: accepted, being handled, past its deadline.
        new(6, 60, CaseChannels.InPerson, "official:6", 2, (5, CaseAction.Accept), (6, CaseAction.Assign), (8, CaseAction.Start)),
        // Reopened and back in progress.
        new(12, 50, CaseChannels.InPerson, "agency", 3, (2, CaseAction.Accept), (3, CaseAction.Assign), (4, CaseAction.Start), (20, CaseAction.Answer),
            (28, CaseAction.Reopen), (29, CaseAction.Start)),
        new(8, 45, CaseChannels.Survey, "unit", null, (2, CaseAction.Accept), (3, CaseAction.Assign), (5, CaseAction.Start)),
        new(4, 30, CaseChannels.Unit, "unit", 3,
            (1, CaseAction.Accept), (2, CaseAction.Assign), (3, CaseAction.Start), (14, CaseAction.Answer), (22, CaseAction.Close)),
        // Overdue: nobody has touched it.
        new(13, 25, CaseChannels.Survey, "unit", null),
        new(7, 12, CaseChannels.Unit, "unit", null, (1, CaseAction.Accept), (1, CaseAction.Assign), (2, CaseAction.Start), (8, CaseAction.Answer)),
        new(9, 9, CaseChannels.InPerson, "unit", 0, (3, CaseAction.Accept), (4, CaseAction.Assign)),
        new(16, 8, CaseChannels.Survey, "unit", null, (1, CaseAction.Accept), (1, CaseAction.Assign), (2, CaseAction.Start)),
        new(11, 6, CaseChannels.Post, "unit", 2, (2, CaseAction.Accept)),
        new(10, 2, CaseChannels.Unit, "unit", null),
    ];
}

/// <summary>A clock the demo walks through its year; each writer has its own.</summary>
internal sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// Who is acting, for the services that ask the request (jurisdiction, audit actor): the demo's staff member of the moment.
/// </summary>
internal sealed class DemoActor : IHttpContextAccessor
{
    public HttpContext? HttpContext { get; set; }

    public void Act(Guid? userId) => HttpContext = userId is { } id
        ? new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString())], "demo")) }
        : null;
}
