using System.Globalization;
using System.Resources;

namespace HaiLong.Api.Features.Responses;

/// <summary>
/// The survey pages' words (form, thank-you, refusals), Vietnamese first, English behind <c>?lang=en</c> or an English
/// browser. The words are in the citizen pages' one resource (<c>Components/CitizenResources.resx</c>, <c>Survey.*</c> keys);
/// this class reads them for an explicit language rather than the request's culture, because a survey POST carries its
/// language in the form's <c>lang</c> field, and the components take it as a parameter (<c>T</c>).
/// </summary>
public sealed class CitizenText(bool en)
{
    // What IStringLocalizer<CitizenResources> reads, asked for a given culture.
    private static readonly ResourceManager Resources = new(typeof(CitizenResources).FullName!, typeof(CitizenResources).Assembly);
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi");

    /// <summary>The words for <paramref name="lang"/> ("en" or "vi"); without one, the request's language (CitizenLanguage:
    /// <c>?lang=</c>, else the browser's Accept-Language, else Vietnamese).</summary>
    public static CitizenText For(string? lang) => new(string.IsNullOrEmpty(lang)
        ? CitizenLanguage.IsEnglish
        : string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase));

    public bool En { get; } = en;
    public string Lang => En ? "en" : "vi";
    public string OtherLang => En ? "vi" : "en";
    public string OtherLangName => S("Layout.OtherLanguage");

    private string S(string key) => Resources.GetString(key, En ? English : Vietnamese) ?? throw new KeyNotFoundException($"CitizenResources has no {key}");

    public string Likert(int score) => S($"Survey.Likert{Math.Clamp(score, 1, 5)}");

    public string NotApplicable => S("Survey.NotApplicable");
    public string Yes => S("Survey.Yes");
    public string No => S("Survey.No");
    public string FormTitle => S("Survey.FormTitle");
    public string Comment => S("Survey.Comment");
    public string CommentHint => S("Survey.CommentHint");
    /// <summary>A survey post refused by <c>CrossOriginProtection</c>: the page again, with what was chosen and typed.</summary>
    public string CrossSite => S("Survey.CrossSite");
    public string Unavailable => S("Survey.Unavailable");
    /// <summary>In Vietnamese the input boundary's own message (<c>InputText.MessageVi</c>).</summary>
    public string RefusedCharacters => S("Error.InvalidCharacters.Body");
    public string Submit => S("Survey.Submit");
    public string Required => S("Survey.Required");
    public string Official => S("Survey.Official");
    public string Procedure => S("Survey.Procedure");
    public string Counter => S("Survey.Counter");
    public string Meeting => S("Survey.Meeting");
    public string Year => S("Survey.Year");
    public string Anonymous => S("Survey.Anonymous");
    public string FixErrors => S("Survey.FixErrors");
    public string FallbackIntro => S("Survey.FallbackIntro");
    public string Thanks => S("Survey.Thanks");
    public string ThanksBody => S("Survey.ThanksBody");
    public string WhichCriterion => S("Survey.WhichCriterion");
    public string SendCriteria => S("Survey.SendCriteria");
    public string CriteriaThanks => S("Survey.CriteriaThanks");
    public string FileCase => S("Survey.FileCase");
    public string FileCaseHint => S("Survey.FileCaseHint");

    public string CriterionLabel(SurveyQuestion q) => En ? q.TextEn : q.TextVi;

    public (string Title, string Body) Problem(LinkState state)
    {
        var key = state is LinkState.Used or LinkState.Revoked or LinkState.NotYetOpen or LinkState.Closed or LinkState.GeneralFallback
            ? state.ToString()
            : "NotFound";
        return (S($"Survey.{key}.Title"), S($"Survey.{key}.Body"));
    }

    public (string Title, string Body) DeviceAlreadyRated => (S("Survey.AlreadyRated.Title"), S("Survey.AlreadyRated.Body"));
}
