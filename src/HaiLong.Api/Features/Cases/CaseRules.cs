using System.Security.Cryptography;

namespace HaiLong.Api.Features.Cases;

/// <summary>Statutory deadlines and limits, from configuration section HaiLong:Cases; defaults and their sources in docs/CASES.md.</summary>
public sealed class CaseOptions
{
    public const string Section = "HaiLong:Cases";

    /// <summary>Luật Khiếu nại 2011, Art. 27: accept (thụ lý) or refuse within 10 days of receipt.</summary>
    public int ComplaintAcceptDays { get; set; } = 10;

    /// <summary>Luật Khiếu nại 2011, Art. 28: decide within 30 days of acceptance; 45 for a complex case.</summary>
    public int ComplaintDecideDays { get; set; } = 30;
    public int ComplaintComplexDays { get; set; } = 45;

    /// <summary>Luật Khiếu nại 2011, Art. 28: remote areas 45 days; 60 for a complex case.</summary>
    public int ComplaintRemoteDays { get; set; } = 45;
    public int ComplaintRemoteComplexDays { get; set; } = 60;

    /// <summary>Luật Tố cáo 2018, Art. 29: accept or refuse within 7 working days.</summary>
    public int DenunciationAcceptWorkingDays { get; set; } = 7;

    /// <summary>Luật Tố cáo 2018, Art. 30: resolve within 30 days of acceptance; a complex case may be extended once by 30 days.</summary>
    public int DenunciationResolveDays { get; set; } = 30;
    public int DenunciationComplexDays { get; set; } = 60;

    /// <summary>Decision 766/QĐ-TTg service index: petitions and reflections answered within 15 working days.</summary>
    public int PetitionAnswerWorkingDays { get; set; } = 15;

    /// <summary>The daily check warns the board this many days before a deadline.</summary>
    public int WarnDaysBefore { get; set; } = 2;

    /// <summary>An answered or closed case may be reopened (by the board or an unhappy filer) for this many days after the answer.</summary>
    public int ReopenWindowDays { get; set; } = 30;

    /// <summary>Contact data of a case closed (or rejected) longer than this is purged.</summary>
    public int ContactRetentionDays { get; set; } = 1095;

    public int MaxAttachmentBytes { get; set; } = 2 * 1024 * 1024;
    public int MaxAttachments { get; set; } = 3;
}

/// <summary>Working days: Monday to Friday, minus configured public holidays.</summary>
public static class WorkingCalendar
{
    public static bool IsWorkingDay(DateOnly day, IReadOnlySet<DateOnly> holidays) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day);

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="start"/> (the day of receipt does not count).</summary>
    public static DateOnly AddWorkingDays(DateOnly start, int days, IReadOnlySet<DateOnly> holidays)
    {
        var day = start;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day, holidays)) counted++;
        }
        return day;
    }
}

public static class CaseDeadlines
{
    /// <summary>Last day to accept or refuse, counted from the day of receipt; null where the law sets no separate step.</summary>
    public static DateOnly? AcceptDue(CaseType type, DateOnly received, CaseOptions o, IReadOnlySet<DateOnly> holidays) => type switch
    {
        CaseType.Complaint => received.AddDays(o.ComplaintAcceptDays),
        CaseType.Denunciation => WorkingCalendar.AddWorkingDays(received, o.DenunciationAcceptWorkingDays, holidays),
        _ => null,
    };

    /// <summary>
    /// Last day to answer. Petitions and reflections count from receipt; complaints and denunciations from acceptance
    /// (<paramref name="from"/> is whichever applies).
    /// </summary>
    public static DateOnly AnswerDue(CaseType type, DateOnly from, bool complex, bool remoteArea, CaseOptions o, IReadOnlySet<DateOnly> holidays) =>
        type switch
        {
            CaseType.Complaint => from.AddDays((remoteArea, complex) switch
            {
                (false, false) => o.ComplaintDecideDays,
                (false, true) => o.ComplaintComplexDays,
                (true, false) => o.ComplaintRemoteDays,
                (true, true) => o.ComplaintRemoteComplexDays,
            }),
            CaseType.Denunciation => from.AddDays(complex ? o.DenunciationComplexDays : o.DenunciationResolveDays),
            _ => WorkingCalendar.AddWorkingDays(from, o.PetitionAnswerWorkingDays, holidays),
        };

    /// <summary>Whether the answer period starts at filing (petitions, reflections) rather than at acceptance.</summary>
    public static bool AnswerRunsFromFiling(CaseType type) => CaseFamilies.IsPetitionOrReflection(type);
}

/// <summary>
/// The two families the laws treat apart: petitions and reflections (kiến nghị, phản ánh: answered within 15 working days of
/// receipt, may be anonymous, counted by group 5 of Decision 766/QĐ-TTg) and complaints and denunciations (khiếu nại, tố cáo:
/// their own laws, an acceptance step, the filer's identity). Every rule that tells them apart asks here.
/// </summary>
public static class CaseFamilies
{
    public static bool IsPetitionOrReflection(CaseType type) => type is CaseType.Petition or CaseType.Reflection;
}

/// <summary>Mã tra cứu: printed on paper and read aloud, so no 0/O or 1/I; 32^10 ≈ 10^15 codes, so unguessable.</summary>
public static class TrackingCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public const int Length = 10;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The code as stored, from what a citizen typed (any case, spaces or dashes); null when it cannot be a code.</summary>
    public static string? Normalize(string? input)
    {
        if (input is null) return null;
        var code = new string(input.Where(c => c is not (' ' or '-')).ToArray()).ToUpperInvariant();
        return code.Length == Length && code.All(c => Alphabet.Contains(c)) ? code : null;
    }
}

/// <summary>Recognises an attachment by its first bytes; the file name and the client's content type are never trusted.</summary>
public static class AttachmentTypes
{
    /// <summary>Every type <see cref="Sniff"/> recognises: the only types an attachment is stored and served with.</summary>
    public static readonly IReadOnlyList<string> All = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

    public static string? Sniff(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8)) return "image/webp";
        if (data.StartsWith("%PDF-"u8)) return "application/pdf";
        return null;
    }
}

/// <summary>Vietnamese words for the UI, as the law and the citizen pages name them (docs/CASES.md).</summary>
public static class CaseLabels
{
    public static string Type(CaseType t) => t switch
    {
        CaseType.Petition => "Kiến nghị",
        CaseType.Reflection => "Phản ánh",
        CaseType.Complaint => "Khiếu nại",
        CaseType.Denunciation => "Tố cáo",
        _ => t.ToString(),
    };

    public static string Status(CaseStatus s) => s switch
    {
        CaseStatus.Received => "Đã tiếp nhận",
        CaseStatus.Accepted => "Đã thụ lý",
        CaseStatus.Rejected => "Không thụ lý",
        CaseStatus.Assigned => "Đã phân công xử lý",
        CaseStatus.InProgress => "Đang xử lý",
        CaseStatus.Answered => "Đã trả lời",
        CaseStatus.Closed => "Đã kết thúc",
        _ => s.ToString(),
    };

    /// <summary>A history entry's action in words (the stored codes are the API's: filed, accepted, …).</summary>
    public static string Action(string action) => action switch
    {
        "filed" => "Gửi đơn",
        "accepted" => "Thụ lý",
        "rejected" => "Không thụ lý",
        "assigned" => "Phân công xử lý",
        "started" => "Bắt đầu xử lý",
        "answered" => "Trả lời",
        "closed" => "Kết thúc",
        "reopened" => "Mở lại",
        "citizen-satisfied" => "Người gửi hài lòng với kết quả",
        "reopened-by-citizen" => "Người gửi không hài lòng, mở lại",
        _ => action,
    };

    /// <summary>Actions without a staff account behind them that the filer took (filing, the satisfaction answer); any other is the system's.</summary>
    public static bool ActsAsFiler(string action) => action is "filed" or "citizen-satisfied" or "reopened-by-citizen";

    public static bool RequiresIdentity(CaseType t) => !CaseFamilies.IsPetitionOrReflection(t);

    public static string Date(DateOnly? d) => d?.ToString("dd/MM/yyyy") ?? "—";

    public static string Date(DateTimeOffset? t) => t is { } v ? VietnamTime.Local(v).ToString("dd/MM/yyyy HH:mm") : "—";
}
