using HaiLong.Api.Features.Surveys;
using HaiLong.Data.Configurations;

namespace HaiLong.Api.Features.Responses;

/// <summary>One answer as a client sent it: by question id or by criterion key.</summary>
public sealed record SubmittedAnswer(int? QuestionId, string? Criterion, int? Score, bool NotApplicable, string? Text);

/// <summary>An answer that passed the rules, in the shape stored in response_answers.</summary>
public sealed record ValidAnswer(int QuestionId, string Criterion, short? Score, string? Text);

/// <summary>
/// The outcome of checking answers: <see cref="Errors"/> are malformed values (400), <see cref="Unprocessable"/> are
/// well-formed answers that do not fit this survey version (422).
/// </summary>
public sealed record AnswerCheck(IReadOnlyList<ValidAnswer> Answers, Dictionary<string, string[]> Errors, List<string> Unprocessable)
{
    public bool IsValid => Errors.Count == 0 && Unprocessable.Count == 0;

    /// <summary>A Likert rating of 1–2 anywhere: the thank-you step asks which criterion disappointed.</summary>
    public bool HasLowRating => Answers.Any(a => a.Score is 1 or 2);

    public short? Overall => Answers.FirstOrDefault(a => a.Criterion == Criteria.Overall)?.Score;
}

public static class AnswerRules
{
    public const int MaxCommentLength = Limits.Comment;

    /// <param name="version">Every question of the survey version the link points at.</param>
    /// <param name="answerable">The questions this link may answer (all, or overall only for the general fallback).</param>
    /// <param name="answers">The answers as sent.</param>
    /// <param name="comment">The free comment (Góp ý).</param>
    public static AnswerCheck Check(IReadOnlyList<SurveyQuestion> version, IReadOnlyList<SurveyQuestion> answerable,
        IReadOnlyList<SubmittedAnswer> answers, string? comment)
    {
        // Every submission passes here, so the common case allocates only what it returns: no closures, and an error's key
        // (answers[k], q{id}) is written only when there is an error to file under it.
        var errors = new Dictionary<string, string[]>();
        var unprocessable = new List<string>();
        var valid = new List<ValidAnswer>(answers.Count);
        var seen = new HashSet<int>(answers.Count);
        for (var k = 0; k < answers.Count; k++)
        {
            var a = answers[k];
            SurveyQuestion? q;
            if (a.QuestionId is { } id)
            {
                q = WithId(version, id);
                if (q is null)
                {
                    unprocessable.Add($"Câu hỏi {id} không thuộc phiếu này (question {id} is not part of this survey version).");
                    continue;
                }
                if (a.Criterion is { Length: > 0 } c && c != q.Criterion)
                {
                    unprocessable.Add($"Câu hỏi {id} đo tiêu chí '{q.Criterion}', không phải '{c}' (question {id} measures '{q.Criterion}').");
                    continue;
                }
            }
            else if (a.Criterion is { Length: > 0 } criterion)
            {
                q = WithCriterion(version, criterion);
                if (q is null)
                {
                    unprocessable.Add($"Tiêu chí '{criterion}' không có trong phiếu này (unknown criterion for this survey version).");
                    continue;
                }
            }
            else
            {
                errors[$"answers[{k}]"] = ["Mỗi câu trả lời cần questionId hoặc criterion (each answer names its question or criterion)."];
                continue;
            }
            if (!answerable.Contains(q))
            {
                unprocessable.Add($"Đường dẫn đã hết hạn: chỉ nhận đánh giá chung (this expired link accepts only the overall rating, not '{q.Criterion}').");
                continue;
            }
            if (!seen.Add(q.Id))
            {
                errors[QuestionKey(q)] = ["Mỗi câu hỏi chỉ trả lời một lần (answered twice)."];
                continue;
            }
            switch (q.Kind)
            {
                case QuestionKind.Likert when a.NotApplicable:
                    if (!q.AllowNotApplicable) errors[QuestionKey(q)] = ["Câu hỏi này không có lựa chọn «Không áp dụng» (not applicable is not allowed here)."];
                    else valid.Add(new ValidAnswer(q.Id, q.Criterion, null, null));
                    break;
                case QuestionKind.Likert:
                    if (a.Score is null) break;
                    if (a.Score is < 1 or > 5) errors[QuestionKey(q)] = ["Mức đánh giá phải từ 1 đến 5 (score must be 1 to 5)."];
                    else valid.Add(new ValidAnswer(q.Id, q.Criterion, (short)a.Score.Value, null));
                    break;
                case QuestionKind.YesNo:
                    if (string.IsNullOrWhiteSpace(a.Text)) break;
                    var yesNo = a.Text.Trim().ToLowerInvariant();
                    if (yesNo is not ("yes" or "no")) errors[QuestionKey(q)] = ["Trả lời «yes» hoặc «no» (answer yes or no)."];
                    else valid.Add(new ValidAnswer(q.Id, q.Criterion, null, yesNo));
                    break;
                case QuestionKind.SingleChoice:
                    if (string.IsNullOrWhiteSpace(a.Text)) break;
                    if (!SurveyChoices.Parse(q.Choices).Any(c => c.Value == a.Text.Trim()))
                    {
                        errors[QuestionKey(q)] = ["Lựa chọn không hợp lệ (not one of the choices)."];
                    }
                    else valid.Add(new ValidAnswer(q.Id, q.Criterion, null, a.Text.Trim()));
                    break;
                case QuestionKind.FreeText:
                    if (string.IsNullOrWhiteSpace(a.Text)) break;
                    if (a.Text.Length > MaxCommentLength)
                    {
                        errors[QuestionKey(q)] = [$"Tối đa {MaxCommentLength} ký tự (at most {MaxCommentLength} characters)."];
                    }
                    else valid.Add(new ValidAnswer(q.Id, q.Criterion, null, a.Text));
                    break;
            }
            if (q.Kind != QuestionKind.Likert && a.Score is not null && !errors.ContainsKey(QuestionKey(q)))
            {
                errors[QuestionKey(q)] = ["Chỉ câu hỏi thang 1–5 mới có điểm (only rating questions take a score)."];
            }
        }
        foreach (var q in answerable)
        {
            if (q.Required && !Answered(valid, q.Id) && !errors.ContainsKey(QuestionKey(q)))
            {
                errors[QuestionKey(q)] = ["Vui lòng trả lời câu hỏi bắt buộc này (this question is required)."];
            }
        }
        if (comment is { Length: > MaxCommentLength })
        {
            errors["comment"] = [$"Góp ý tối đa {MaxCommentLength} ký tự (a comment has at most {MaxCommentLength} characters)."];
        }
        return new AnswerCheck(valid, errors, unprocessable);
    }

    private static SurveyQuestion? WithId(IReadOnlyList<SurveyQuestion> version, int id)
    {
        foreach (var q in version) if (q.Id == id) return q;
        return null;
    }

    private static SurveyQuestion? WithCriterion(IReadOnlyList<SurveyQuestion> version, string criterion)
    {
        foreach (var q in version) if (q.Criterion == criterion) return q;
        return null;
    }

    private static bool Answered(List<ValidAnswer> valid, int questionId)
    {
        foreach (var v in valid) if (v.QuestionId == questionId) return true;
        return false;
    }

    /// <summary>A question's key in the errors.</summary>
    private static string QuestionKey(SurveyQuestion q) => $"q{q.Id}";

    /// <summary>Criteria the citizen may name as disappointing: the rating questions other than overall satisfaction.</summary>
    public static IEnumerable<SurveyQuestion> DisappointmentChoices(IEnumerable<SurveyQuestion> version) =>
        version.Where(q => q.Kind == QuestionKind.Likert && q.Criterion != Criteria.Overall).OrderBy(q => q.Order);
}
