namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// Exports rendered from a snapshot alone (the printable sheet is <see cref="EvaluationSheetPage"/>, drawn from the snapshot
/// too), so a frozen cycle exports the same bytes however long after. Nothing here reads the clock or the database.
/// </summary>
public static class EvaluationExports
{
    public static byte[] Xlsx(EvaluationSnapshot s) => Workbook.Xlsx(
        new WorkbookSheet("Ket qua", ResultRows(s)),
        new WorkbookSheet("Nhom 5 QD 766", Group5Rows(s)),
        new WorkbookSheet("Chi tieu", TargetRows(s)),
        new WorkbookSheet("De nghi khen thuong", ShortList(s.CommendationCandidates, "Đề nghị khen thưởng")),
        new WorkbookSheet("Canh bao", WarningRows(s)),
        new WorkbookSheet("Chinh sach", PolicyRows(s)));

    private static IEnumerable<object?[]> ResultRows(EvaluationSnapshot s)
    {
        yield return [$"Đánh giá, xếp loại năm {s.Year} — {s.UnitName} — phiên bản {s.Version}",
            s.Status == EvaluationStatus.Frozen ? $"Đã khóa {s.FrozenAt:yyyy-MM-dd HH:mm} UTC" : "Bản làm việc (chưa khóa)"];
        yield return ["Mã cán bộ", "Họ và tên", "Chức vụ", "Cơ quan", "Đơn vị", "Lãnh đạo", "Hài lòng (điểm)", "Kiến nghị, phản ánh (điểm)",
            "Chỉ tiêu đơn vị (điểm)", "Điểm tổng hợp", "Mức đề xuất", "Lý do", "Ghi chú của người đánh giá", "Đề nghị khen thưởng", "Cảnh báo",
            "Thành phần được tính"];
        foreach (var r in s.Results)
        {
            yield return [r.StaffCode, r.FullName, r.Position, r.Agency, r.Unit, r.IsLeader ? "Có" : "Không",
                Points(r, EvaluationComponents.Satisfaction), Points(r, EvaluationComponents.Cases), Points(r, EvaluationComponents.Targets),
                r.Score, r.ProposedLevelVi ?? "Không đủ dữ liệu",
                r.Reason, r.Note, r.CommendationCandidate ? "Có" : "", r.Warning, Counted(r)];
        }
    }

    private static object? Points(ResultView r, string key) => r.Components.FirstOrDefault(c => c.Key == key) switch
    {
        null => "",
        { Points: { } p } => p,
        { N: { } n, Minimum: { } m } => $"chưa đủ dữ liệu (n = {n}, tối thiểu {m})",
        _ => "không đủ dữ liệu",
    };

    /// <summary>Which parts made the score; none means "Không đủ dữ liệu", never a level.</summary>
    private static string Counted(ResultView r) => r.Components.Any(c => c.Counted)
        ? string.Join(", ", r.Components.Where(c => c.Counted).Select(c => c.Label))
        : "Không có (chưa đủ dữ liệu)";

    /// <summary>
    /// The indicators of group 5 ("Mức độ hài lòng") of Decision 766/QĐ-TTg under the Decision's own names, petitions and
    /// reflections apart from complaints and denunciations (reported beside them, outside the index). docs/EVALUATION.md says
    /// which mappings are HaiLong's reading.
    /// </summary>
    private static IEnumerable<object?[]> Group5Rows(EvaluationSnapshot s)
    {
        yield return ["Nhóm 5 \"Mức độ hài lòng\", Bộ chỉ số theo Quyết định 766/QĐ-TTg — chỉ số theo phường, xã", $"Năm {s.Year}"];
        yield return ["Mã đơn vị", "Đơn vị", "Số phiếu khảo sát",
            "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC (theo phiếu khảo sát)",
            "Khoảng tin cậy 95% (thấp)", "Khoảng tin cậy 95% (cao)",
            "Tổng số hồ sơ TTHC có thẩm quyền giải quyết", "Số hồ sơ TTHC quá hạn", "Nguồn số liệu hồ sơ",
            "Tổng số phản ánh, kiến nghị thuộc thẩm quyền tiếp nhận, xử lý",
            "Số phản ánh, kiến nghị đã đến hạn xử lý",
            "Tổng số phản ánh, kiến nghị xử lý đúng hoặc trước hạn",
            "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
            "Số phản ánh, kiến nghị xử lý quá hạn (quá 15 ngày làm việc)",
            "Số phản ánh, kiến nghị chưa giải quyết",
            "Số phản ánh, kiến nghị bị phản hồi không hài lòng hoặc xử lý quá hạn",
            "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
            "Khiếu nại, tố cáo (ngoài Bộ chỉ số): tổng số", "Khiếu nại, tố cáo chưa giải quyết", "Ghi chú"];
        foreach (var g in s.Group5)
        {
            object?[] unit = [g.UnitCode, g.UnitName, g.Responses, g.SatisfactionRate, g.SatisfactionLow, g.SatisfactionHigh,
                g.DossiersTotal, g.DossiersOverdue, g.DossierSource ?? "chưa nhập"];
            yield return g.Cases is { } c
                ? [.. unit, c.PetitionsReceived, c.PetitionsComeDue, c.PetitionsOnTime, c.OnTimeRate, c.PetitionsLate,
                    c.PetitionsUnresolved, c.PetitionsDissatisfiedOrLate, c.SatisfiedRate, c.ComplaintsReceived, c.ComplaintsUnresolved, ""]
                : [.. unit, "", "", "", "", "", "", "", "", "", "", FrozenBeforeSplit(g)];
        }
    }

    /// <summary>A snapshot frozen before issue 18 kept one count of all four case types: shown as it was, under its true name.</summary>
    private static string FrozenBeforeSplit(Group5Row g) => g.PetitionsTotal is { } total
        ? $"Số liệu khóa trước khi tách kiến nghị, phản ánh khỏi khiếu nại, tố cáo: {total} đơn cả bốn loại đã đến hạn, "
            + $"{g.PetitionsUnresolved} đơn chưa giải quyết."
        : "Không có số liệu đơn thư.";

    private static IEnumerable<object?[]> TargetRows(EvaluationSnapshot s)
    {
        yield return ["Đơn vị", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Mức hoàn thành", "Minh chứng"];
        foreach (var t in s.Targets) yield return [t.UnitName, t.Title, t.TargetValue, t.AchievedValue, t.Attainment, t.Evidence];
    }

    private static IEnumerable<object?[]> ShortList(IEnumerable<ResultView> results, string title)
    {
        yield return [title];
        yield return ["Mã cán bộ", "Họ và tên", "Chức vụ", "Cơ quan", "Điểm tổng hợp", "Mức đề xuất"];
        foreach (var r in results) yield return [r.StaffCode, r.FullName, r.Position, r.Agency, r.Score, r.ProposedLevelVi];
    }

    private static IEnumerable<object?[]> WarningRows(EvaluationSnapshot s)
    {
        yield return ["Cảnh báo: mức độ hài lòng thấp nhiều quý liên tiếp"];
        yield return ["Mã cán bộ", "Họ và tên", "Chức vụ", "Cơ quan", "Cảnh báo"];
        foreach (var r in s.Warnings) yield return [r.StaffCode, r.FullName, r.Position, r.Agency, r.Warning];
    }

    private static IEnumerable<object?[]> PolicyRows(EvaluationSnapshot s)
    {
        var p = s.Policy;
        yield return ["Phiên bản chính sách", p.Version];
        yield return ["Căn cứ", p.Basis];
        yield return ["Trọng số cán bộ: hài lòng / kiến nghị", $"{p.OfficialSatisfactionWeight} / {p.OfficialCasesWeight}"];
        yield return ["Trọng số lãnh đạo: hài lòng / kiến nghị / chỉ tiêu", $"{p.LeaderSatisfactionWeight} / {p.LeaderCasesWeight} / {p.LeaderTargetsWeight}"];
        yield return ["Ngưỡng: xuất sắc / tốt / hoàn thành", $"{p.ExcellentFrom} / {p.GoodFrom} / {p.CompletedFrom}"];
        yield return ["Số phiếu tối thiểu", p.MinimumResponses];
        yield return ["Số vụ việc đến hạn tối thiểu", p.MinimumCasesDue];
        yield return ["Số chỉ tiêu có kết quả tối thiểu", p.MinimumTargetsReported];
        yield return ["Hệ số co k", p.ShrinkageStrength];
    }
}
