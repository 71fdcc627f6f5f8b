using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// What an evaluator typed in one form of the evaluation pages and, when it was refused, why: the messages are keyed by the
/// form field they belong beside. The page shows the form again with these values instead of the stored ones.
/// </summary>
public sealed record EvaluationFormInput(string Form, IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, string> Errors)
{
    public const string NewCycle = "cycle-new";
    public const string Freeze = "freeze";
    public const string NewTarget = "target-new";
    public const string Note = "note";
    public static string Target(long targetId) => $"target-{targetId}";
    public static string Figures(int unitId) => $"figures-{unitId}";

    /// <summary>What the field shows: what was typed when this form was refused, otherwise what is stored.</summary>
    public string? Shown(string form, string field, string? stored) => Form == form ? Values.GetValueOrDefault(field) : stored;

    public string? Error(string form, string field) => Form == form ? Errors.GetValueOrDefault(field) : null;
}
