using System.Globalization;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// The arithmetic of a result in words, for the results page, both minutes and the public page: the same sentences wherever a
/// result is read ("85 / 120 hộ tham gia; ngưỡng thông qua: hơn 50% của 120 = 61 hộ; tán thành 70 ≥ 61 → thông qua").
/// </summary>
public static class ConsultationWords
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static string Percent(decimal share) => (share * 100).ToString("0.##", Vi);

    public static string Turnout(IStringLocalizer<StaffResources> L, ConsultationResultsView r) =>
        L["Consultation_Arith_Turnout", r.ParticipatingHouseholds, r.RegisteredHouseholds];

    public static string Threshold(IStringLocalizer<StaffResources> L, ConsultationResultsView r) =>
        L["Consultation_Arith_Threshold", Percent(r.DecisionShare), r.RegisteredHouseholds, r.DecisionThreshold];

    public static string Quorum(IStringLocalizer<StaffResources> L, ConsultationResultsView r) =>
        L[r.MeetingQuorate ? "Consultation_Arith_Quorate" : "Consultation_Arith_NotQuorate", r.MeetingPresent, r.RegisteredHouseholds,
            Percent(r.MeetingQuorumShare), r.MeetingQuorumThreshold];

    /// <summary>The counted choice's name: agree, disagree, abstain, or the option's text.</summary>
    public static string Choice(IStringLocalizer<StaffResources> L, ItemResult item, short choice) => choice switch
    {
        ConsultationChoices.Abstain => L["Consultation_Choice_Abstain"],
        ConsultationChoices.Agree when item.Kind == ConsultationItemKind.Approve => L["Consultation_Choice_Agree"],
        _ when item.Kind == ConsultationItemKind.Approve => L["Consultation_Choice_Disagree"],
        _ => item.Counts.FirstOrDefault(c => c.Choice == choice)?.Option ?? choice.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>"tán thành 70 ≥ 61 → thông qua", "… 50 &lt; 61 → không thông qua", or a give-opinions item's leading choice.</summary>
    public static string Outcome(IStringLocalizer<StaffResources> L, ItemResult item)
    {
        var label = item.DecisiveChoice is { } d ? Choice(L, item, d) : L["Consultation_Choice_Tied"];
        return item.Outcome switch
        {
            ItemOutcome.Passed => L["Consultation_Arith_Passed", label, item.DecisiveCount, item.Threshold],
            ItemOutcome.Failed => L["Consultation_Arith_Failed", label, item.DecisiveCount, item.Threshold],
            _ => L["Consultation_Arith_Summary", label, item.DecisiveCount, item.Answered],
        };
    }
}
