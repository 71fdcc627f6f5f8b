using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// The pages' side of the API's input rules: the same DataAnnotations on the same request records that the API's
/// <c>AddValidation()</c> checks, read here so a form error can be said in Vietnamese without restating the limits.
/// </summary>
public static class EvaluationFormRules
{
    /// <summary>The first rule the request breaks, in Vietnamese with the field's label; null when it keeps them all.</summary>
    public static string? FirstViolation(object request, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var property in request.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(request);
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (rule.IsValid(value)) continue;
                var label = labels.TryGetValue(property.Name, out var l) ? l : property.Name;
                return rule switch
                {
                    RequiredAttribute => $"{label}: bắt buộc phải nhập.",
                    MaxLengthAttribute m => $"{label}: dài tối đa {m.Length} ký tự.",
                    RangeAttribute r => $"{label}: phải từ {Number(r.Minimum)} đến {Number(r.Maximum)}.",
                    _ => $"{label}: giá trị không hợp lệ.",
                };
            }
        }
        return null;
    }

    /// <summary>
    /// A number typed in a form: empty is null; a decimal comma is accepted as Vietnamese writes it, so thousands
    /// separators are not (a value like "1.000" would be ambiguous).
    /// </summary>
    public static bool TryNumber(string? text, out decimal? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }
        value = parsed;
        return true;
    }

    private static string Number(object bound) => bound switch
    {
        int i => i.ToString("#,0", Vi),
        double d => d.ToString("#,0.##", Vi),
        _ => Convert.ToString(bound, Vi) ?? "",
    };

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
}
