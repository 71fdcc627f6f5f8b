using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Components;

/// <summary>
/// Every staff page (evaluations, registry, accounts, surveys) checks a posted form against the request record the API binds, with the record's own
/// DataAnnotations (<see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}, bool)"/>, as the API's
/// <c>AddValidation()</c> does), and say what is wrong in Vietnamese with the field's label.
/// </summary>
public static class StaffForms
{
    /// <summary>
    /// Every rule of the request that the posted values break, by form field; <paramref name="errors"/> already holds the
    /// fields that could not even be read (a number that is not one), and those keep their message.
    /// </summary>
    public static Dictionary<string, string> Validate(object request, IReadOnlyDictionary<string, (string Field, string Label)> fields,
        Dictionary<string, string> errors, IStringLocalizer<StaffResources> L)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true)) return errors;
        var properties = TypeDescriptor.GetProperties(request);
        foreach (var member in results.SelectMany(r => r.MemberNames).Distinct())
        {
            var (field, label) = fields.TryGetValue(member, out var f) ? f : (member, member);
            if (errors.ContainsKey(field) || properties.Find(member, false) is not { } property) continue;
            var value = property.GetValue(request);
            var broken = property.Attributes.OfType<ValidationAttribute>().FirstOrDefault(a => !a.IsValid(value));
            errors[field] = broken switch
            {
                RequiredAttribute => L["Form_Required", label],
                MaxLengthAttribute m => L["Form_MaxLength", label, m.Length],
                RangeAttribute r => L["Form_Range", label, Number(r.Minimum), Number(r.Maximum)],
                _ => L["Form_Invalid", label],
            };
        }
        return errors;
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

    /// <summary>A whole number typed in a form: empty is null.</summary>
    public static bool TryWhole(string? text, out int? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) return false;
        value = parsed;
        return true;
    }

    /// <summary>Every stored digit, Vietnamese decimal comma: what is shown in a form must come back unchanged.</summary>
    public static string Num(decimal? value) =>
        value is { } v ? v.ToString("0.############", CultureInfo.InvariantCulture).Replace('.', ',') : "";

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Number(object bound) => bound switch
    {
        // Four digits stay ungrouped, as a year is written (2020, not 2.020).
        int i => i.ToString(Math.Abs(i) < 10_000 ? "0" : "#,0", Vi),
        double d => d.ToString("#,0.##", Vi),
        _ => Convert.ToString(bound, Vi) ?? "",
    };

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
}
