namespace HaiLong.Api.Features.Demo;

/// <summary>
/// What the demo's citizens write. Invented, but in the voice of real comments on a ward's one-stop desk: short, concrete,
/// sometimes without accents or punctuation — the inspection board's queue and the scorecard's comments should look like a
/// ward's, not like a test fixture's.
/// </summary>
internal static class DemoTexts
{
    public static readonly IReadOnlyList<string> Praise =
    [
        "Cán bộ hướng dẫn tận tình, làm hồ sơ khai sinh cho con chỉ mất hơn 15 phút. Cảm ơn chị rất nhiều.",
        "Nhân viên vui vẻ, nói rõ ràng cần bổ sung giấy tờ gì nên tôi không phải đi lại nhiều lần.",
        "Chứng thực nhanh, đúng giờ hẹn. Phòng chờ sạch sẽ, có nước uống.",
        "Rất hài lòng, cán bộ trẻ nhưng làm việc chuyên nghiệp, lịch sự với người lớn tuổi.",
        "Được hướng dẫn nộp hồ sơ trực tuyến, lần sau không cần lên phường nữa. Cảm ơn.",
        "Thủ tục đơn giản hơn trước nhiều, có bảng niêm yết phí rõ ràng.",
        "Cán bộ kiên nhẫn giải thích cho mẹ tôi (đã 78 tuổi) từng bước, gia đình rất cảm ơn.",
        "Làm đăng ký kết hôn nhanh gọn, được trả kết quả ngay trong buổi sáng.",
        "Cán bộ một cửa nhiệt tình, chủ động gọi điện báo khi hồ sơ có kết quả.",
        "Không phải chờ lâu, lấy số thứ tự là được gọi sau vài phút.",
        "Tôi đi làm nên đến lúc gần 11 giờ, cán bộ vẫn nhận và giải quyết luôn, rất cảm kích.",
        "tốt, nhanh, không phiền hà",
        "Cán bộ hướng dẫn đăng ký hộ kinh doanh rất kỹ, còn nhắc cả việc kê khai thuế.",
        "Hài lòng. Mong phường giữ được cách phục vụ như vậy.",
    ];

    public static readonly IReadOnlyList<string> Neutral =
    [
        "Giải quyết được nhưng phải chờ khá lâu vì đông người, nên bố trí thêm quầy vào sáng thứ Hai.",
        "Bãi giữ xe chật, trời mưa phải đứng ngoài chờ.",
        "Nên có thêm ghế ngồi và quạt ở khu vực chờ.",
        "Thủ tục ổn nhưng mẫu đơn khó hiểu, nên có mẫu điền sẵn để tham khảo.",
        "Cán bộ làm đúng, tuy nhiên ít giải thích, tôi phải hỏi nhiều lần.",
        "Máy lấy số bị hỏng, phải xếp hàng theo thứ tự tự giác.",
        "Hẹn trả kết quả 3 ngày nhưng 5 ngày mới có, cũng không gọi báo trước.",
    ];

    public static readonly IReadOnlyList<string> Complaints =
    [
        "Hồ sơ đăng ký biến động đất nộp từ tháng trước đến nay chưa có kết quả, hỏi thì chỉ nói đang trình ký.",
        "Tôi phải đi lại 3 lần mới đủ giấy tờ vì mỗi lần cán bộ chỉ nói thiếu một thứ.",
        "Cán bộ nói chuyện cộc lốc, không nhìn mặt người dân, hỏi lại thì tỏ thái độ khó chịu.",
        "Đến đúng giờ hành chính nhưng quầy không có người, chờ gần 40 phút.",
        "Được yêu cầu nộp thêm bản sao giấy tờ không có trong danh mục niêm yết.",
        "Hồ sơ xin phép xây dựng bị trả về lần hai mà không ghi rõ lý do bằng văn bản.",
        "Cán bộ nghe điện thoại riêng trong lúc tiếp dân, để người dân đứng chờ.",
        "Hẹn trả kết quả nhưng đến nơi thì hồ sơ bị thất lạc, phải làm lại từ đầu.",
        "Không được hướng dẫn gì, chỉ đưa tờ giấy ghi danh sách rồi bảo về chuẩn bị.",
        "Quá hạn trả kết quả hơn 10 ngày, không ai xin lỗi hay giải thích.",
        "Tôi hỏi về tiền hỗ trợ mai táng cho cha thì bị bảo lên quận hỏi, trong khi thủ tục này làm ở phường.",
        "cán bộ địa chính hẹn tới hẹn lui, đề nghị lãnh đạo phường xem lại",
    ];

    /// <summary>A petition's content by type, for the cases the board works through.</summary>
    public static readonly IReadOnlyList<(CaseType Type, string Content)> Cases =
    [
        (CaseType.Reflection, "Đèn chiếu sáng công cộng trên đường số 8, khu vực Yên Bình hư hỏng hơn một tháng, buổi tối rất tối, đã xảy ra va quẹt xe."),
        (CaseType.Petition, "Đề nghị phường bố trí thêm quầy tiếp nhận hồ sơ vào sáng thứ Bảy cho người đi làm giờ hành chính."),
        (CaseType.Reflection, "Cống thoát nước trước nhà số 45 hẻm 12 bị nghẹt, mỗi lần triều cường nước tràn vào nhà dân."),
        (CaseType.Complaint,
            "Tôi khiếu nại việc hồ sơ đăng ký biến động quyền sử dụng đất của gia đình bị trả lại lần thứ ba với lý do không thống nhất giữa các lần."),
        (CaseType.Petition, "Đề nghị xem xét lại danh sách hộ cận nghèo năm nay, gia đình tôi có người bệnh nặng nhưng không được xét."),
        (CaseType.Reflection, "Một số hộ kinh doanh lấn chiếm vỉa hè đường Trần Hưng Đạo, người đi bộ phải đi xuống lòng đường."),
        (CaseType.Complaint, "Khiếu nại thái độ của cán bộ tiếp nhận hồ sơ chứng thực ngày 12, nói năng thiếu tôn trọng người dân."),
        (CaseType.Reflection, "Rác thải tập kết ở đầu hẻm 30 không được thu gom đúng lịch, bốc mùi hôi thối ảnh hưởng sức khỏe người dân."),
        (CaseType.Petition, "Đề nghị niêm yết công khai thời gian giải quyết từng thủ tục đất đai tại bộ phận một cửa."),
        (CaseType.Denunciation, "Tố cáo việc xây dựng nhà không phép tại thửa đất số 215, tờ bản đồ số 9, khu vực Thạnh Mỹ; đã báo nhưng chưa thấy xử lý."),
        (CaseType.Reflection, "Tiếng ồn từ quán karaoke trong khu dân cư kéo dài sau 23 giờ nhiều đêm liền."),
        (CaseType.Petition, "Đề nghị phường hỗ trợ làm lại cầu khỉ bắc qua rạch khu vực Phú Thạnh, học sinh đi học rất nguy hiểm."),
        (CaseType.Complaint, "Khiếu nại việc chậm chi trả trợ cấp xã hội hàng tháng cho mẹ tôi, đã ba tháng chưa nhận."),
        (CaseType.Reflection, "Hồ sơ khai sinh cho con tôi bị hẹn lại hai lần vì hệ thống lỗi, đề nghị có phương án dự phòng."),
        (CaseType.Petition, "Đề nghị tổ chức đối thoại với người dân về phương án bồi thường mở rộng đường nội ô."),
        (CaseType.Reflection, "Biển báo hướng dẫn tại Trung tâm Phục vụ hành chính công bị che khuất, người lớn tuổi khó tìm quầy."),
        (CaseType.Petition, "Đề nghị lắp thêm camera an ninh tại khu vực chợ tạm, thời gian qua xảy ra nhiều vụ trộm xe."),
    ];

    public static readonly IReadOnlyList<string> Answers =
    [
        "Ủy ban nhân dân phường đã kiểm tra thực tế và chỉ đạo khắc phục; kết quả đã thông báo cho người phản ánh.",
        "Ban Thanh tra nhân dân đã làm việc với bộ phận liên quan; nội dung kiến nghị được ghi nhận và đưa vào kế hoạch năm tới.",
        "Đã xác minh, nội dung phản ánh đúng một phần; cán bộ liên quan đã được nhắc nhở và rút kinh nghiệm.",
        "Hồ sơ của công dân đã được giải quyết xong, trả kết quả ngày hẹn mới; phường xin lỗi vì sự chậm trễ.",
        "Đã phối hợp với đơn vị thu gom rác điều chỉnh lịch thu gom, khu vực được thu gom hằng ngày.",
    ];

    public static readonly IReadOnlyList<(string Name, string Phone, string Address)> Filers =
    [
        ("Nguyễn Văn Tư", "0907 112 345", "Khu vực Yên Bình, phường Cái Răng"),
        ("Trần Thị Mai", "0939 204 881", "Khu vực Thạnh Mỹ, phường Cái Răng"),
        ("Lê Hoàng Phúc", "0918 556 027", "Khu vực Phú Thạnh, phường Cái Răng"),
        ("Phạm Thị Thu", "0988 310 442", "Khu vực Yên Thạnh, phường Cái Răng"),
    ];
}
