using HaiLong.Api.Features.Invitations;
using HaiLong.Api.Features.Responses;
using HaiLong.Api.Features.Surveys;
using HaiLong.Data.Entities;

namespace HaiLong.UnitTests.Responses;

public sealed class AnswerRulesTests
{
    private static readonly List<SurveyQuestion> Version = Number(DefaultTemplates.ServiceQuestions());

    private static List<SurveyQuestion> Number(List<SurveyQuestion> questions)
    {
        for (var i = 0; i < questions.Count; i++) questions[i].Id = 100 + i;
        return questions;
    }

    private static SurveyQuestion Q(string criterion) => Version.Single(q => q.Criterion == criterion);

    private static AnswerCheck Check(params SubmittedAnswer[] answers) => AnswerRules.Check(Version, Version, answers, null);

    private static SubmittedAnswer Required(int overall = 4) => new(null, Criteria.Overall, overall, false, null);

    private static SubmittedAnswer Attitude(int score = 4) => new(Q(Criteria.OfficialAttitude).Id, null, score, false, null);

    [Fact]
    public void A_complete_answer_set_passes_and_keeps_only_likert_ratings_as_scores()
    {
        var check = Check(Required(), Attitude(), new SubmittedAnswer(null, DefaultTemplates.RevisitsCriterion, null, false, "Yes"),
            new SubmittedAnswer(null, Criteria.ProcedureFees, null, true, null));

        Assert.True(check.IsValid);
        Assert.Equal(4, check.Answers.Count);
        Assert.Equal(new ValidAnswer(Q(DefaultTemplates.RevisitsCriterion).Id, DefaultTemplates.RevisitsCriterion, null, "yes"),
            check.Answers.Single(a => a.Criterion == DefaultTemplates.RevisitsCriterion));
        Assert.Null(check.Answers.Single(a => a.Criterion == Criteria.ProcedureFees).Score);
        Assert.False(check.HasLowRating);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void A_score_outside_one_to_five_is_an_error(int score)
    {
        var check = Check(Required(), Attitude(score));
        Assert.Contains($"q{Q(Criteria.OfficialAttitude).Id}", check.Errors.Keys);
    }

    [Fact]
    public void Missing_required_answers_are_errors_per_question()
    {
        var check = Check(Attitude());
        Assert.Equal([$"q{Q(Criteria.Overall).Id}"], check.Errors.Keys);
    }

    [Fact]
    public void An_unknown_criterion_or_a_foreign_question_is_unprocessable_not_malformed()
    {
        var check = Check(Required(), Attitude(), new SubmittedAnswer(null, "official.charm", 3, false, null), new SubmittedAnswer(9999, null, 3, false, null));
        Assert.Empty(check.Errors);
        Assert.Equal(2, check.Unprocessable.Count);
        Assert.False(check.IsValid);
    }

    [Fact]
    public void Not_applicable_only_where_allowed_and_a_question_only_once()
    {
        var na = Check(new SubmittedAnswer(null, Criteria.Overall, null, true, null), Attitude());
        var twice = Check(Required(), Attitude(), Attitude(2));
        Assert.Contains($"q{Q(Criteria.Overall).Id}", na.Errors.Keys);
        Assert.Contains($"q{Q(Criteria.OfficialAttitude).Id}", twice.Errors.Keys);
    }

    [Fact]
    public void A_comment_over_2000_characters_is_an_error_and_2000_is_fine()
    {
        Assert.Contains("comment", AnswerRules.Check(Version, Version, [Required(), Attitude()], new string('a', 2001)).Errors.Keys);
        Assert.True(AnswerRules.Check(Version, Version, [Required(), Attitude()], new string('a', 2000)).IsValid);
    }

    [Fact]
    public void The_general_fallback_accepts_only_overall_satisfaction()
    {
        var overallOnly = Version.Where(q => q.Criterion == Criteria.Overall).ToList();
        Assert.True(AnswerRules.Check(Version, overallOnly, [Required(2)], null) is { IsValid: true, HasLowRating: true, Overall: 2 });
        Assert.Single(AnswerRules.Check(Version, overallOnly, [Required(), Attitude()], null).Unprocessable);
    }

    [Fact]
    public void Disappointment_choices_are_the_rating_questions_other_than_overall()
    {
        var choices = AnswerRules.DisappointmentChoices(Version).Select(q => q.Criterion).ToList();
        Assert.Equal(11, choices.Count);
        Assert.DoesNotContain(Criteria.Overall, choices);
        Assert.DoesNotContain(DefaultTemplates.RevisitsCriterion, choices);
    }

    [Fact]
    public void Tokens_are_22_url_safe_characters_of_fresh_randomness_and_only_their_hash_matches()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => InvitationTokens.New()).ToList();
        Assert.All(tokens, t => Assert.True(InvitationTokens.IsWellFormed(t.Token)));
        Assert.Equal(200, tokens.Select(t => t.Token).Distinct().Count());
        Assert.All(tokens, t => Assert.Equal(t.Hash, InvitationTokens.Hash(t.Token)));
        Assert.False(InvitationTokens.IsWellFormed("short"));
        Assert.False(InvitationTokens.IsWellFormed("AAAAAAAAAAAAAAAAAAAA/+"));
    }

    [Fact]
    public void Question_rules_require_overall_satisfaction_and_shared_keys_for_ratings()
    {
        QuestionInput Likert(string criterion, bool required = false) =>
            new(criterion, criterion.Split('.')[0], QuestionKind.Likert, "vi", "en", required, false, null);

        Assert.Empty(QuestionRules.Validate([Likert(Criteria.Overall, required: true), Likert(Criteria.OfficialAttitude)]));
        Assert.Contains("overall", QuestionRules.Validate([Likert(Criteria.OfficialAttitude)]).Keys);
        Assert.Contains("questions[1]", QuestionRules.Validate([Likert(Criteria.Overall, true), Likert("official.charm")]).Keys);
        Assert.Contains("questions", QuestionRules.Validate([Likert(Criteria.Overall, true), Likert(Criteria.Overall)]).Keys);
        Assert.Contains("questions[1]", QuestionRules.Validate([Likert(Criteria.Overall, true),
            new QuestionInput("info.channel", "access", QuestionKind.SingleChoice, "vi", "en", false, false, [new SurveyChoice("a", "A", "A")])]).Keys);
    }
}
