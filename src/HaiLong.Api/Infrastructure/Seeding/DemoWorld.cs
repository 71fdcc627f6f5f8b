namespace HaiLong.Api.Infrastructure.Seeding;

/// <summary>
/// One province, two wards with their residential areas, each ward's HĐND, UBND and service centre with officials and
/// counters, and a catalogue of ward-level administrative procedures. Names are realistic; unit and procedure codes are
/// demo codes, not the official ones.
/// </summary>
public static class DemoWorld
{
    public const string ProvinceCode = "DEMO-92";
    public const string WardACode = "DEMO-92-CR";
    public const string WardBCode = "DEMO-92-HP";

    public static readonly IReadOnlyList<(string Field, string Name)> Procedures =
    [
        ("Hộ tịch", "Đăng ký khai sinh"),
        ("Hộ tịch", "Đăng ký khai tử"),
        ("Hộ tịch", "Đăng ký kết hôn"),
        ("Hộ tịch", "Đăng ký nhận cha, mẹ, con"),
        ("Hộ tịch", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con"),
        ("Hộ tịch", "Cấp bản sao trích lục hộ tịch"),
        ("Hộ tịch", "Cấp Giấy xác nhận tình trạng hôn nhân"),
        ("Hộ tịch", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch"),
        ("Hộ tịch", "Đăng ký giám hộ"),
        ("Hộ tịch", "Đăng ký lại khai sinh"),
        ("Chứng thực", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
        ("Chứng thực", "Chứng thực chữ ký trong các giấy tờ, văn bản"),
        ("Chứng thực", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản"),
        ("Chứng thực", "Chứng thực di chúc"),
        ("Đất đai", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu"),
        ("Đất đai", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"),
        ("Đất đai", "Hòa giải tranh chấp đất đai"),
        ("Xây dựng", "Cấp giấy phép xây dựng đối với nhà ở riêng lẻ"),
        ("Hộ kinh doanh", "Đăng ký thành lập hộ kinh doanh"),
        ("Hộ kinh doanh", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh"),
        ("Hộ kinh doanh", "Tạm ngừng, chấm dứt hoạt động hộ kinh doanh"),
        ("Bảo trợ xã hội", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng"),
        ("Bảo trợ xã hội", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội"),
        ("Bảo trợ xã hội", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật"),
        ("Giảm nghèo", "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm"),
        ("Người có công", "Giải quyết chế độ trợ cấp một lần đối với người có công"),
        ("Tín ngưỡng, tôn giáo", "Đăng ký hoạt động tín ngưỡng"),
        ("Hòa giải cơ sở", "Công nhận hòa giải viên"),
        ("Nuôi con nuôi", "Đăng ký việc nuôi con nuôi trong nước"),
        ("Thi đua, khen thưởng", "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã"),
    ];

    public static async Task CreateAsync(HaiLongDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var province = new AdministrativeUnit { Code = ProvinceCode, Name = "Thành phố Cần Thơ", Level = UnitLevel.Province };
        db.Units.Add(province);
        await db.SaveChangesAsync(ct);
        province.Path = $"/{province.Id}/";

        var wards = new[]
        {
            (Code: WardACode, Name: "Phường Cái Răng", Short: "CR",
                Areas: new[] { "Khu vực Yên Bình", "Khu vực Yên Thạnh", "Khu vực Thạnh Mỹ", "Khu vực Phú Thạnh" }),
            (Code: WardBCode, Name: "Phường Hưng Phú", Short: "HP",
                Areas: new[] { "Khu vực 1", "Khu vực 2", "Khu vực 3", "Ấp Phú Quới" }),
        };
        var people = new[]
        {
            new[] { "Trần Văn Hùng", "Nguyễn Thị Thu Hà", "Lê Minh Tâm", "Phạm Thị Hồng Nhung", "Võ Thanh Sơn",
                "Huỳnh Ngọc Lan", "Đặng Quốc Bảo", "Bùi Thị Mỹ Duyên", "Ngô Văn Phúc", "Dương Thị Kim Ngân" },
            new[] { "Lâm Văn Thành", "Trương Thị Bích Vân", "Châu Minh Trí", "Đỗ Thị Ngọc Hân", "Mai Văn Lộc",
                "Hồ Thị Thanh Thảo", "Tạ Quang Vinh", "Lý Thị Cẩm Tú", "Phan Hoàng Nam", "Quách Thị Yến" },
        };
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var activeFrom = new DateOnly(today.Year - 3, 1, 1);

        for (var w = 0; w < wards.Length; w++)
        {
            var spec = wards[w];
            var ward = new AdministrativeUnit { Code = spec.Code, Name = spec.Name, Level = UnitLevel.Ward, Parent = province };
            db.Units.Add(ward);
            await db.SaveChangesAsync(ct);
            ward.Path = $"{province.Path}{ward.Id}/";
            var areas = spec.Areas.Select((name, i) => new AdministrativeUnit
            {
                Code = $"{spec.Code}-KV{i + 1}",
                Name = name,
                Level = name.StartsWith("Ấp") ? UnitLevel.Hamlet : UnitLevel.ResidentialGroup,
                ParentId = ward.Id,
            }).ToList();
            db.Units.AddRange(areas);
            await db.SaveChangesAsync(ct);
            foreach (var a in areas) a.Path = $"{ward.Path}{a.Id}/";

            var council = new Agency
            {
                Unit = ward, Kind = AgencyKind.PeoplesCouncil, Code = $"{spec.Code}-HDND", Name = $"Hội đồng nhân dân {spec.Name.ToLowerInvariant()}",
            };
            var committee = new Agency
            {
                Unit = ward, Kind = AgencyKind.PeoplesCommittee, Code = $"{spec.Code}-UBND", Name = $"Ủy ban nhân dân {spec.Name.ToLowerInvariant()}",
            };
            var centre = new Agency
            {
                Unit = ward, Kind = AgencyKind.ServiceCentre, Code = $"{spec.Code}-TTPVHCC",
                Name = $"Trung tâm Phục vụ hành chính công {spec.Name.ToLowerInvariant()}",
            };
            db.Agencies.AddRange(council, committee, centre);

            var names = people[w];
            Official Make(Agency agency, int i, string position, bool leader) => new()
            {
                Agency = agency,
                StaffCode = $"{spec.Short}-{i + 1:000}",
                FullName = names[i],
                Position = position,
                IsLeader = leader,
                ActiveFrom = activeFrom,
            };
            var officials = new[]
            {
                Make(council, 0, "Chủ tịch Hội đồng nhân dân", true),
                Make(committee, 1, "Chủ tịch Ủy ban nhân dân", true),
                Make(committee, 2, "Phó Chủ tịch Ủy ban nhân dân", false),
                Make(centre, 3, "Giám đốc Trung tâm Phục vụ hành chính công", true),
                Make(centre, 4, "Công chức Tư pháp - Hộ tịch", false),
                Make(centre, 5, "Công chức Tư pháp - Hộ tịch", false),
                Make(centre, 6, "Công chức Địa chính - Xây dựng", false),
                Make(centre, 7, "Công chức Văn hóa - Xã hội", false),
                Make(centre, 8, "Công chức Kinh tế", false),
                Make(centre, 9, "Công chức Văn phòng - Thống kê", false),
            };
            db.Officials.AddRange(officials);

            var counters = Enumerable.Range(1, 4).Select(i => new ServicePoint
            {
                Agency = centre,
                Code = $"{spec.Code}-Q{i}",
                Name = $"Quầy số {i}",
            }).ToList();
            db.ServicePoints.AddRange(counters);
            var shiftStart = VietnamTime.At(activeFrom.Year, 1, 1).ToUniversalTime();
            for (var i = 0; i < counters.Count; i++)
            {
                db.ServicePointShifts.Add(new ServicePointShift { ServicePoint = counters[i], Official = officials[4 + i], StartsAt = shiftStart });
            }
            await db.SaveChangesAsync(ct);
        }

        for (var i = 0; i < Procedures.Count; i++)
        {
            db.Procedures.Add(new Procedure { Code = $"DEMO-TTHC-{i + 1:000}", Field = Procedures[i].Field, Name = Procedures[i].Name });
        }
        await db.SaveChangesAsync(ct);
    }
}
