using DocumentFormat.OpenXml.Packaging;
using HaiLong.Api.Features.Cases;
using HaiLong.Api.Features.Evaluations;
using X = DocumentFormat.OpenXml.Spreadsheet;
using static HaiLong.IntegrationTests.Cases.CaseWorld;

namespace HaiLong.IntegrationTests.Cases;

/// <summary>
/// Group 5 of Decision 766/QĐ-TTg counts petitions and reflections (kiến nghị, phản ánh) alone, late past 15 working days;
/// complaints and denunciations are reported beside them. A ward with all four types, counted by hand below.
/// </summary>
public sealed class CaseGroup5Tests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    private readonly MovedClockCases _world = new(app);

    private static Dictionary<string, string> Of(string type, string content) => type switch
    {
        "Complaint" or "Denunciation" => new(Complaint(content)) { ["type"] = type },
        _ => new(Petition(content)) { ["type"] = type },
    };

    [Fact]
    public async Task Group_5_counts_petitions_and_reflections_apart_from_complaints_and_denunciations()
    {
        // Filed Wednesday 25 November 2026: a petition or reflection is due 15 working days later, Wednesday 16 December.
        var inspectorId = await SetUpBoardOfWardAAsync(app);
        var inspector = await _world.Host.ClientAsInspectorAsync();
        var p1 = await _world.FileAsync(Of("Petition", "P1: đèn đường hỏng — trả lời đúng hạn."));
        var p2 = await _world.FileAsync(Of("Reflection", "P2: rác chưa thu gom — trả lời quá hạn."));
        var p3 = await _world.FileAsync(Of("Petition", "P3: cống tắc — quá hạn, chưa trả lời."));
        var p5 = await _world.FileAsync(Of("Reflection", "P5: ổ gà — người gửi không hài lòng, trả lời lại đúng hạn."));
        var c1 = await _world.FileAsync(Of("Complaint", "C1: khiếu nại đã giải quyết."));
        var c2 = await _world.FileAsync(Of("Complaint", "C2: khiếu nại đang giải quyết, chưa đến hạn."));
        var d1 = await _world.FileAsync(Of("Denunciation", "D1: tố cáo chưa thụ lý, quá hạn thụ lý."));
        foreach (var id in new[] { p1, p2, p3, p5, c1, c2 }) await AcceptAndAssignAsync(inspector, id, inspectorId);
        _world.MoveTo(MovedClockCases.Start.AddDays(4));
        inspector = await _world.Host.ClientAsInspectorAsync();
        await TransitionAsync(inspector, p1, new { action = "answer", answer = "Đã thay bóng đèn.", publish = true });
        await TransitionAsync(inspector, c1, new { action = "answer", answer = "Đã giải quyết khiếu nại.", publish = true });
        await TransitionAsync(inspector, p5, new { action = "answer", answer = "Đã vá ổ gà.", publish = true });
        var citizen = _world.Host.CreateClient(new() { AllowAutoRedirect = false });
        var p5Code = await TrackingCodeAsync(app, p5);
        var page = await ReadPageAsync(citizen, $"/c/{p5Code}");
        Assert.Equal(HttpStatusCode.OK, (await PostFeedbackAsync(citizen, p5Code, page, "no", "Vá chưa kỹ.")).StatusCode);
        await TransitionAsync(inspector, p5, new { action = "answer", answer = "Đã vá lại.", publish = true });
        _world.MoveTo(MovedClockCases.Start.AddDays(28));
        var p4 = await _world.FileAsync(Of("Petition", "P4: cây đổ — gửi 23/12, chưa đến hạn."));
        _world.MoveTo(MovedClockCases.Start.AddDays(30));
        inspector = await _world.Host.ClientAsInspectorAsync();
        await TransitionAsync(inspector, p2, new { action = "answer", answer = "Đã thu gom.", publish = true });
        Assert.NotEqual(0, p4 + d1);

        // Counted by hand on Friday 25 December 2026:
        //   petitions and reflections P1..P5: received 5; come due 4 (P1, P2, P5 answered; P3 open past 16/12; P4 not due);
        //   on time 2 (P1, P5); late 2 (P2 answered 25/12, P3 open); unresolved 2 (P3, P4);
        //   dissatisfied or late 3 (P2, P3 late; P5's filer said "không hài lòng") — on-time rate 2/4, satisfied rate (5 - 3)/5;
        //   complaints and denunciations C1, C2, D1: received 3, unresolved 2 (C2, D1).
        //   The mixed count the export used to show: 6 come due (P1, P2, P5, C1 answered; P3, D1 overdue), 4 unresolved.
        var expected = new Group5Cases(PetitionsReceived: 5, PetitionsComeDue: 4, PetitionsOnTime: 2, PetitionsLate: 2, PetitionsUnresolved: 2,
            PetitionsDissatisfiedOrLate: 3, ComplaintsReceived: 3, ComplaintsUnresolved: 2);
        var wardA = await UnitIdAsync(app, DemoWorld.WardACode);
        var stats = await inspector.GetFromJsonAsync<CaseStatisticsResponse>($"/api/cases/statistics?unitId={wardA}&from=2026-01-01&to=2026-12-31");
        Assert.Equal((5, 3, 2, 1), (stats!.UnitByFamily.PetitionsAndReflections.Filed, stats.UnitByFamily.PetitionsAndReflections.Answered,
            stats.UnitByFamily.PetitionsAndReflections.AnsweredOnTime, stats.UnitByFamily.PetitionsAndReflections.OverdueOpen));
        Assert.Equal((3, 2), (stats.UnitByFamily.PetitionsDissatisfiedOrLate, stats.UnitByFamily.PetitionsLate));
        Assert.Equal((3, 1), (stats.UnitByFamily.ComplaintsAndDenunciations.Filed, stats.UnitByFamily.ComplaintsAndDenunciations.Answered));
        Assert.Equal((8, 4), (stats.Unit.Filed, stats.Unit.Answered));

        // The yearly evaluation's group 5, computed with the cases feature's own numbers.
        var evaluator = await _world.Host.ClientAsAsync(DemoUsers.EvaluatorA);
        var cycle = await EvaluationWorld.CreateCycleAsync(evaluator, wardA, 2026);
        Assert.Equal(HttpStatusCode.Accepted, (await evaluator.PostAsync($"/api/evaluations/{cycle}/compute", null)).StatusCode);
        await EvaluationWorld.RunJobAsync(_world.Host, cycle);
        var group5 = await evaluator.GetFromJsonAsync<Group5Row[]>($"/api/evaluations/{cycle}/group5", EvaluationWorld.Json);
        var ward = Assert.Single(group5!);
        Assert.Equal(expected, ward.Cases);
        Assert.Equal((5, 2), (ward.PetitionsTotal, ward.PetitionsUnresolved));
        Assert.Equal((0.5m, 0.4m), (ward.Cases!.OnTimeRate, ward.Cases.SatisfiedRate));

        // The workbook's group-5 sheet carries the Decision's indicator names and the hand-counted figures.
        var xlsx = await evaluator.GetByteArrayAsync($"/api/evaluations/{cycle}/export.xlsx");
        var rows = Group5Sheet(xlsx);
        var header = rows[1];
        string Cell(string name) => rows[2][header.IndexOf(name)];
        Assert.Equal("5", Cell("Tổng số phản ánh, kiến nghị thuộc thẩm quyền tiếp nhận, xử lý"));
        Assert.Equal("2", Cell("Tổng số phản ánh, kiến nghị xử lý đúng hoặc trước hạn"));
        Assert.Equal("0.5", Cell("Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn"));
        Assert.Equal("2", Cell("Số phản ánh, kiến nghị xử lý quá hạn (quá 15 ngày làm việc)"));
        Assert.Equal("2", Cell("Số phản ánh, kiến nghị chưa giải quyết"));
        Assert.Equal("3", Cell("Số phản ánh, kiến nghị bị phản hồi không hài lòng hoặc xử lý quá hạn"));
        Assert.Equal("0.4", Cell("Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị"));
        Assert.Equal(("3", "2"), (Cell("Khiếu nại, tố cáo (ngoài Bộ chỉ số): tổng số"), Cell("Khiếu nại, tố cáo chưa giải quyết")));

        // A snapshot frozen before the split keeps its mixed count, shown under its true name rather than as petitions.
        await using var db = app.NewDbContext();
        var stored = await db.EvaluationCycles.AsNoTracking().SingleAsync(c => c.Id == cycle);
        var old = await EvaluationSnapshots.BuildAsync(db, stored, CancellationToken.None);
        old = old with { Group5 = [ward with { PetitionsTotal = 6, PetitionsUnresolved = 4, Cases = null }] };
        var legacy = Group5Sheet(EvaluationExports.Xlsx(EvaluationSnapshot.Deserialize(old.Serialize())));
        Assert.Equal("", legacy[2][header.IndexOf("Tổng số phản ánh, kiến nghị thuộc thẩm quyền tiếp nhận, xử lý")]);
        Assert.Contains("6 đơn cả bốn loại đã đến hạn, 4 đơn chưa giải quyết", legacy[2][header.IndexOf("Ghi chú")]);
    }

    /// <summary>The "Nhom 5 QD 766" sheet as rows of cell texts (numbers as written, invariant culture).</summary>
    private static List<List<string>> Group5Sheet(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheet = doc.WorkbookPart!.Workbook.Descendants<X.Sheet>().Single(s => s.Name == "Nhom 5 QD 766");
        var part = (WorksheetPart)doc.WorkbookPart.GetPartById(sheet.Id!);
        return part.Worksheet.Descendants<X.Row>()
            .Select(r => r.Elements<X.Cell>().Select(c => c.CellValue?.Text ?? c.InnerText).ToList()).ToList();
    }
}
