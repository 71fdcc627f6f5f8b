using HaiLong.Api.Infrastructure;
using HaiLong.Data.Entities;

namespace HaiLong.Api.Features.Responses;

/// <summary>The citizen pages' words, Vietnamese first; English behind <c>?lang=en</c>.</summary>
public sealed class CitizenText(bool en)
{
    /// <summary>The words for <paramref name="lang"/> ("en" or "vi"); without one, the request's language (CitizenLanguage:
    /// <c>?lang=</c>, else the browser's Accept-Language, else Vietnamese).</summary>
    public static CitizenText For(string? lang) => new(string.IsNullOrEmpty(lang)
        ? HaiLong.Api.Components.CitizenLanguage.IsEnglish
        : string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase));

    public bool En { get; } = en;
    public string Lang => En ? "en" : "vi";
    public string OtherLang => En ? "vi" : "en";
    public string OtherLangName => En ? "Tiếng Việt" : "English";

    public string Likert(int score) => (En, score) switch
    {
        (false, 5) => "Rất hài lòng",
        (false, 4) => "Hài lòng",
        (false, 3) => "Bình thường",
        (false, 2) => "Không hài lòng",
        (false, 1) => "Rất không hài lòng",
        (true, 5) => "Very satisfied",
        (true, 4) => "Satisfied",
        (true, 3) => "Neutral",
        (true, 2) => "Dissatisfied",
        _ => "Very dissatisfied",
    };

    public string NotApplicable => En ? "Not applicable" : "Không áp dụng";
    public string Yes => En ? "Yes" : "Có";
    public string No => En ? "No" : "Không";
    public string FormTitle => En ? "Satisfaction survey" : "Phiếu khảo sát, đánh giá mức độ hài lòng";
    public string Comment => En ? "Comment (optional)" : "Góp ý (không bắt buộc)";
    public string CommentHint => En ? "At most 2,000 characters. Please do not write personal information." : "Tối đa 2.000 ký tự. Vui lòng không ghi thông tin cá nhân.";
    public string SessionExpired => En
        ? "Your session had expired, so nothing was sent yet. Your answers are kept below: please press the button again."
        : "Phiên làm việc đã hết hạn nên đánh giá chưa được gửi. Các câu trả lời vẫn được giữ bên dưới, vui lòng bấm nút gửi lần nữa.";
    public string RefusedCharacters => En
        ? "This text contained characters that are not allowed (often from copy and paste); they were removed. Please check it and send again."
        : InputText.MessageVi;
    public string Submit => En ? "Send rating" : "Gửi đánh giá";
    public string Required => En ? "(required)" : "(bắt buộc)";
    public string Official => En ? "Official" : "Cán bộ, công chức";
    public string Procedure => En ? "Procedure" : "Thủ tục hành chính";
    public string Counter => En ? "Counter" : "Quầy";
    public string Meeting => En ? "Meeting" : "Cuộc họp";
    public string Year => En ? "Year" : "Năm";
    public string Anonymous => En ? "Your rating is anonymous." : "Ý kiến của ông/bà được giữ kín danh tính.";
    public string FixErrors => En ? "Please check the answers marked below." : "Vui lòng kiểm tra các câu trả lời được đánh dấu bên dưới.";
    public string FallbackIntro => En
        ? "This link has expired, but you can still give a general rating of the ward."
        : "Đường dẫn đánh giá hồ sơ đã hết hạn, nhưng ông/bà vẫn có thể đánh giá chung về phường.";
    public string Thanks => En ? "Thank you for your rating" : "Cảm ơn ông/bà đã đánh giá";
    public string ThanksBody => En ? "Your answers have been recorded." : "Ý kiến của ông/bà đã được ghi nhận.";
    public string WhichCriterion => En ? "What disappointed you? (optional)" : "Nội dung nào khiến ông/bà chưa hài lòng? (không bắt buộc)";
    public string SendCriteria => En ? "Send" : "Gửi";
    public string CriteriaThanks => En ? "Thank you, we have noted what disappointed you." : "Cảm ơn, chúng tôi đã ghi nhận nội dung ông/bà chưa hài lòng.";
    public string FileCase => En ? "File a petition, reflection or complaint" : "Gửi kiến nghị, phản ánh, khiếu nại";
    public string FileCaseHint => En
        ? "If you want the authorities to act on something, you can file it and follow it with a tracking code."
        : "Nếu muốn cơ quan có thẩm quyền xem xét, giải quyết, ông/bà có thể gửi kiến nghị, phản ánh và theo dõi bằng mã tra cứu.";

    public string CriterionLabel(SurveyQuestion q) => En ? q.TextEn : q.TextVi;

    public (string Title, string Body) Problem(LinkState state) => (En, state) switch
    {
        (false, LinkState.Used) => ("Phiếu đã được sử dụng", "Phiếu đánh giá này đã được gửi. Mỗi mã QR của hồ sơ chỉ dùng được một lần. Cảm ơn ông/bà!"),
        (false, LinkState.Revoked) => ("Mã QR không còn hiệu lực", "Mã QR này đã bị thu hồi. Vui lòng liên hệ Bộ phận Một cửa nếu ông/bà muốn đánh giá."),
        (false, LinkState.NotYetOpen) => ("Phiếu chưa mở", "Phiếu đánh giá này chưa đến thời gian nhận ý kiến. Vui lòng quay lại khi cuộc họp bắt đầu."),
        (false, LinkState.Closed) => ("Phiếu đã đóng", "Thời gian nhận ý kiến của phiếu này đã kết thúc. Cảm ơn ông/bà đã quan tâm."),
        (false, LinkState.GeneralFallback) => ("Phiếu đã hết hạn", "Thời gian đánh giá của phiếu này đã hết."),
        (false, _) => ("Không tìm thấy phiếu khảo sát", "Đường dẫn không đúng hoặc không còn tồn tại. Vui lòng quét lại mã QR."),
        (true, LinkState.Used) => ("This survey was already answered", "This single-use QR code has already been used. Thank you!"),
        (true, LinkState.Revoked) => ("This QR code is no longer valid", "This QR code was revoked. Please ask at the one-stop desk."),
        (true, LinkState.NotYetOpen) => ("Not open yet", "This survey opens when the meeting starts."),
        (true, LinkState.Closed) => ("Closed", "This survey no longer takes answers."),
        (true, LinkState.GeneralFallback) => ("Expired", "This survey link has expired."),
        _ => ("Survey not found", "The link is wrong or no longer exists. Please scan the QR code again."),
    };

    public (string Title, string Body) DeviceAlreadyRated => En
        ? ("Already rated", "You have already rated this recently from this phone. Thank you!")
        : ("Ông/bà đã đánh giá", "Điện thoại này vừa gửi đánh giá cho quầy/phiếu này. Mỗi người chỉ đánh giá một lần trong một khoảng thời gian. Cảm ơn ông/bà!");
}
