using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Surveys;

public enum SurveyRefusalReason
{
    /// <summary>No such template or version (404).</summary>
    NotFound,
    /// <summary>The template already has a draft; only one at a time (409).</summary>
    DraftExists,
    /// <summary>The version is published and never changes again (409).</summary>
    Published,
    /// <summary>Publishing a version that already is (409).</summary>
    AlreadyPublished,
    /// <summary>The question set breaks <see cref="QuestionRules"/> (400).</summary>
    InvalidQuestions,
}

/// <summary>Why a change to a survey version was refused; the API answers <see cref="Problem"/>, a page words the reason itself.</summary>
public sealed record SurveyRefusal(SurveyRefusalReason Reason, int Id, IReadOnlyList<QuestionProblem> Questions, string What = "survey version")
{
    public ProblemDetails Problem => Reason switch
    {
        SurveyRefusalReason.NotFound => Problems.NotFound(What, Id),
        SurveyRefusalReason.AlreadyPublished => Problems.Conflict($"Survey version {Id} is already published."),
        SurveyRefusalReason.DraftExists => Problems.Conflict("This template already has a draft version; edit or publish it first."),
        _ => Problems.Conflict($"Survey version {Id} is published and can no longer change; create a new version."),
    };
}

/// <summary>
/// The one home of a survey version's life: start a draft from the latest version, replace its questions, publish it. The API
/// and the staff pages both call here; a published version is never changed by either.
/// </summary>
public static class SurveyDrafts
{
    public static async Task<(SurveyVersion? Draft, SurveyRefusal? Refusal)> CreateAsync(HaiLongDbContext db, int templateId, CancellationToken ct)
    {
        var template = await db.SurveyTemplates.Include(t => t.Versions).ThenInclude(v => v.Questions)
            .SingleOrDefaultAsync(t => t.Id == templateId, ct);
        if (template is null) return (null, new SurveyRefusal(SurveyRefusalReason.NotFound, templateId, [], "survey template"));
        if (template.Versions.Any(v => v.PublishedAt is null)) return (null, new SurveyRefusal(SurveyRefusalReason.DraftExists, templateId, []));
        var latest = template.Versions.OrderByDescending(v => v.Number).First();
        var draft = new SurveyVersion
        {
            Template = template,
            Number = latest.Number + 1,
            Questions = latest.Questions.OrderBy(q => q.Order).Select(q => new SurveyQuestion
            {
                Order = q.Order, Criterion = q.Criterion, CriterionGroup = q.CriterionGroup, Kind = q.Kind, TextVi = q.TextVi,
                TextEn = q.TextEn, Required = q.Required, AllowNotApplicable = q.AllowNotApplicable, Choices = q.Choices,
            }).ToList(),
        };
        db.SurveyVersions.Add(draft);
        await db.SaveChangesAsync(ct);
        return (draft, null);
    }

    /// <summary>Replaces every question of a draft, in the order given; the caller has checked the request's DataAnnotations.</summary>
    public static async Task<(SurveyVersion? Version, SurveyRefusal? Refusal)> SaveQuestionsAsync(HaiLongDbContext db, int id,
        IReadOnlyList<QuestionInput> questions, CancellationToken ct)
    {
        var version = await LoadAsync(db.SurveyVersions, id, ct);
        if (version is null) return (null, new SurveyRefusal(SurveyRefusalReason.NotFound, id, []));
        if (version.PublishedAt is not null) return (null, new SurveyRefusal(SurveyRefusalReason.Published, id, []));
        var problems = QuestionRules.Check(questions);
        if (problems.Count > 0) return (null, new SurveyRefusal(SurveyRefusalReason.InvalidQuestions, id, problems));

        var fresh = questions.Select((q, i) => new SurveyQuestion
        {
            Order = i + 1,
            Criterion = q.Criterion,
            CriterionGroup = q.CriterionGroup,
            Kind = q.Kind!.Value,
            TextVi = q.TextVi,
            TextEn = q.TextEn,
            Required = q.Required,
            AllowNotApplicable = q.AllowNotApplicable,
            Choices = SurveyChoices.Format(q.Choices),
        }).ToList();
        // The old questions go first in their own save: the new ones take the same (version, criterion) slots.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.SurveyQuestions.RemoveRange(version.Questions);
        await db.SaveChangesAsync(ct);
        version.Questions = fresh;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (version, null);
    }

    public static async Task<(SurveyVersion? Version, SurveyRefusal? Refusal)> PublishAsync(HaiLongDbContext db, TimeProvider clock, int id,
        CancellationToken ct)
    {
        var version = await LoadAsync(db.SurveyVersions, id, ct);
        if (version is null) return (null, new SurveyRefusal(SurveyRefusalReason.NotFound, id, []));
        if (version.PublishedAt is not null) return (null, new SurveyRefusal(SurveyRefusalReason.AlreadyPublished, id, []));
        version.PublishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return (version, null);
    }

    public static Task<SurveyVersion?> LoadAsync(IQueryable<SurveyVersion> versions, int id, CancellationToken ct) =>
        versions.Include(v => v.Template).Include(v => v.Questions).SingleOrDefaultAsync(v => v.Id == id, ct);
}
