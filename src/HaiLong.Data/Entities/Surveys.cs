using System.Text.Json.Serialization;

namespace HaiLong.Data.Entities;

[JsonConverter(typeof(NamedEnumConverter<SurveyPurpose>))]
public enum SurveyPurpose
{
    /// <summary>Rating of a transaction or a counter: the official, the procedure, the centre.</summary>
    Service,
    /// <summary>Yearly survey of the ward government (HĐND, UBND).</summary>
    Annual,
    /// <summary>Consultation at a hamlet meeting.</summary>
    Meeting,
}

public sealed class SurveyTemplate : IAudited
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public SurveyPurpose Purpose { get; set; }
    public List<SurveyVersion> Versions { get; set; } = [];
}

/// <summary>A published version is immutable; every response points at the version it answered.</summary>
public sealed class SurveyVersion : IAudited
{
    public int Id { get; set; }
    public int TemplateId { get; set; }
    public SurveyTemplate Template { get; set; } = null!;
    public int Number { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public List<SurveyQuestion> Questions { get; set; } = [];
}

[JsonConverter(typeof(NamedEnumConverter<QuestionKind>))]
public enum QuestionKind
{
    Likert,
    YesNo,
    SingleChoice,
    FreeText,
}

public sealed class SurveyQuestion : IAudited
{
    public int Id { get; set; }
    public int VersionId { get; set; }
    public SurveyVersion Version { get; set; } = null!;
    public int Order { get; set; }

    /// <summary>Criterion key, stable across versions (e.g. "official.attitude"); rollups are per criterion.</summary>
    public required string Criterion { get; set; }

    /// <summary>SIPAS criteria group (access, procedure, official, result, feedback, overall).</summary>
    public required string CriterionGroup { get; set; }
    public QuestionKind Kind { get; set; }
    public required string TextVi { get; set; }
    public required string TextEn { get; set; }
    public bool Required { get; set; }
    public bool AllowNotApplicable { get; set; }

    /// <summary>Choices of a single-choice question, "value|Vietnamese|English" per line.</summary>
    public string? Choices { get; set; }
}
