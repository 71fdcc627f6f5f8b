namespace HaiLong.Data.Entities;

/// <summary>
/// Criterion keys shared by the survey templates, the rollups, the scorecards and the evaluation. Keys are stable across
/// template versions; a new question that measures the same thing keeps the key. Groups follow the national
/// administrative-satisfaction index (SIPAS).
/// </summary>
public static class Criteria
{
    public const string AccessLocation = "access.location";
    public const string AccessFacilities = "access.facilities";
    public const string ProcedurePublic = "procedure.public";
    public const string ProcedureRequirements = "procedure.requirements";
    public const string ProcedureFees = "procedure.fees";
    public const string OfficialAttitude = "official.attitude";
    public const string OfficialCompetence = "official.competence";
    public const string OfficialGuidance = "official.guidance";
    public const string ResultCorrect = "result.correct";
    public const string ResultTimeliness = "result.timeliness";
    public const string FeedbackHandling = "feedback.handling";

    /// <summary>Overall satisfaction: the headline score of every scorecard and of the yearly evaluation.</summary>
    public const string Overall = "overall.satisfaction";

    // The yearly survey of the ward government.
    public const string GovernmentCouncil = "government.council";
    public const string GovernmentCommittee = "government.committee";
    public const string GovernmentTransparency = "government.transparency";
    public const string GovernmentListening = "government.listening";
    public const string GovernmentPetitions = "government.petitions";

    /// <summary>Vietnamese labels for every key, used by scorecards and exports.</summary>
    public static readonly IReadOnlyDictionary<string, string> LabelsVi = new Dictionary<string, string>
    {
        [AccessLocation] = "Tiếp cận dịch vụ: địa điểm, thời gian",
        [AccessFacilities] = "Tiếp cận dịch vụ: cơ sở vật chất",
        [ProcedurePublic] = "Thủ tục được niêm yết công khai",
        [ProcedureRequirements] = "Thành phần hồ sơ đúng quy định",
        [ProcedureFees] = "Phí, lệ phí đúng quy định",
        [OfficialAttitude] = "Cán bộ: thái độ phục vụ",
        [OfficialCompetence] = "Cán bộ: năng lực, chuyên môn",
        [OfficialGuidance] = "Cán bộ: hướng dẫn rõ ràng",
        [ResultCorrect] = "Kết quả đúng quy định",
        [ResultTimeliness] = "Kết quả đúng hẹn",
        [FeedbackHandling] = "Tiếp nhận, xử lý góp ý",
        [Overall] = "Mức độ hài lòng chung",
        [GovernmentCouncil] = "Hội đồng nhân dân phường",
        [GovernmentCommittee] = "Ủy ban nhân dân phường",
        [GovernmentTransparency] = "Công khai, minh bạch",
        [GovernmentListening] = "Lắng nghe ý kiến người dân",
        [GovernmentPetitions] = "Giải quyết kiến nghị, phản ánh",
    };
}
