using HaiLong.Api.Infrastructure.Seeding;

namespace HaiLong.Api.Features.Surveys;

/// <summary>
/// The two templates every installation starts with: the service survey after a transaction (SIPAS criteria groups) and the
/// yearly survey of the ward government. Seeded once as published version 1; later versions are made through the API.
/// </summary>
public sealed class DefaultTemplates(HaiLongDbContext db, TimeProvider clock) : IReferenceDataSeed
{
    public const string ServiceCode = "sipas-service";
    public const string AnnualCode = "ward-annual";

    /// <summary>Not a rating: a yes/no fact SIPAS asks about (having to come back more than once), kept out of the rollups.</summary>
    public const string RevisitsCriterion = "info.revisits";

    public async Task SeedAsync(CancellationToken ct)
    {
        await EnsureAsync(ServiceCode, "Phiếu khảo sát, đánh giá mức độ hài lòng về dịch vụ hành chính công",
            "Satisfaction survey on public administrative services", SurveyPurpose.Service, ServiceQuestions, ct);
        await EnsureAsync(AnnualCode, "Phiếu khảo sát, đánh giá mức độ hài lòng đối với chính quyền phường (hằng năm)",
            "Yearly satisfaction survey of the ward government", SurveyPurpose.Annual, AnnualQuestions, ct);
    }

    private async Task EnsureAsync(string code, string nameVi, string nameEn, SurveyPurpose purpose,
        Func<List<SurveyQuestion>> questions, CancellationToken ct)
    {
        if (await db.SurveyTemplates.AnyAsync(t => t.Code == code, ct)) return;
        var template = new SurveyTemplate { Code = code, NameVi = nameVi, NameEn = nameEn, Purpose = purpose };
        template.Versions.Add(new SurveyVersion { Number = 1, PublishedAt = clock.GetUtcNow(), Questions = questions() });
        db.SurveyTemplates.Add(template);
        await db.SaveChangesAsync(ct);
    }

    private static SurveyQuestion Likert(int order, string criterion, string vi, string en, bool notApplicable = false, bool required = false) => new()
    {
        Order = order,
        Criterion = criterion,
        CriterionGroup = criterion.Split('.')[0],
        Kind = QuestionKind.Likert,
        TextVi = vi,
        TextEn = en,
        AllowNotApplicable = notApplicable,
        Required = required,
    };

    internal static List<SurveyQuestion> ServiceQuestions() =>
    [
        Likert(1, Criteria.AccessLocation, "Địa điểm, thời gian tiếp nhận và trả kết quả thuận tiện",
            "The place and hours for handing in and collecting were convenient", true),
        Likert(2, Criteria.AccessFacilities, "Nơi tiếp đón có đủ chỗ ngồi, trang thiết bị phục vụ", "The reception area had enough seats and equipment", true),
        Likert(3, Criteria.ProcedurePublic, "Thủ tục hành chính được niêm yết công khai, đầy đủ, chính xác",
            "The procedure was publicly posted, complete and accurate", true),
        Likert(4, Criteria.ProcedureRequirements, "Thành phần hồ sơ phải nộp đúng quy định", "The documents asked for were as prescribed", true),
        Likert(5, Criteria.ProcedureFees, "Phí, lệ phí phải nộp đúng quy định", "Fees and charges were as prescribed", true),
        Likert(6, Criteria.OfficialAttitude, "Cán bộ, công chức có thái độ lịch sự, tôn trọng", "The official was polite and respectful", required: true),
        Likert(7, Criteria.OfficialCompetence, "Cán bộ, công chức giải quyết công việc thành thạo", "The official handled the matter competently", true),
        Likert(8, Criteria.OfficialGuidance, "Cán bộ, công chức hướng dẫn tận tình, dễ hiểu", "The official's guidance was helpful and clear", true),
        Likert(9, Criteria.ResultCorrect, "Kết quả nhận được đúng quy định, thông tin chính xác", "The result was correct and its information accurate", true),
        Likert(10, Criteria.ResultTimeliness, "Nhận kết quả đúng hẹn", "The result was delivered on time", true),
        Likert(11, Criteria.FeedbackHandling, "Góp ý, phản ánh (nếu có) được tiếp nhận, xử lý thỏa đáng",
            "Feedback (if any) was received and handled properly", true),
        new SurveyQuestion
        {
            Order = 12, Criterion = RevisitsCriterion, CriterionGroup = "procedure", Kind = QuestionKind.YesNo,
            TextVi = "Ông/bà có phải đi lại nhiều lần để hoàn thành hồ sơ không?", TextEn = "Did you have to come back more than once?",
        },
        Likert(13, Criteria.Overall, "Nhìn chung, ông/bà hài lòng ở mức nào?", "Overall, how satisfied are you?", required: true),
    ];

    internal static List<SurveyQuestion> AnnualQuestions() =>
    [
        Likert(1, Criteria.GovernmentCouncil, "Hoạt động của Hội đồng nhân dân (HĐND) phường", "The work of the ward People's Council", true),
        Likert(2, Criteria.GovernmentCommittee, "Hoạt động của Ủy ban nhân dân (UBND) phường", "The work of the ward People's Committee", true),
        Likert(3, Criteria.GovernmentTransparency, "Công khai, minh bạch thông tin của chính quyền", "Openness and transparency of the ward government", true),
        Likert(4, Criteria.GovernmentListening, "Lắng nghe, tiếp thu ý kiến người dân", "Listening to residents' views", true),
        Likert(5, Criteria.GovernmentPetitions, "Giải quyết kiến nghị, phản ánh của người dân", "Handling residents' petitions and reflections", true),
        Likert(6, Criteria.Overall, "Nhìn chung, ông/bà hài lòng với chính quyền phường ở mức nào?",
            "Overall, how satisfied are you with the ward government?", required: true),
    ];
}
