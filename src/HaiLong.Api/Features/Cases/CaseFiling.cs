using HaiLong.Api.Features.Holidays;
using System.Net.Mail;
using HaiLong.Data.Configurations;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Cases;

/// <summary>An uploaded file; <see cref="Data"/> is empty when <see cref="Length"/> is already over the limit and it was not read.</summary>
public sealed record AttachmentUpload(string FileName, long Length, byte[] Data)
{
    /// <summary>The posted files as uploads; one over <paramref name="maxBytes"/> is not read into memory (the filing refuses
    /// it by its length), empty file inputs are skipped.</summary>
    public static async Task<IReadOnlyList<AttachmentUpload>> ReadAsync(IEnumerable<IFormFile> files, long maxBytes, CancellationToken ct)
    {
        var uploads = new List<AttachmentUpload>();
        foreach (var file in files.Where(f => f.Length > 0))
        {
            if (file.Length > maxBytes)
            {
                uploads.Add(new AttachmentUpload(file.FileName, file.Length, []));
                continue;
            }
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            uploads.Add(new AttachmentUpload(file.FileName, file.Length, buffer.ToArray()));
        }
        return uploads;
    }
}

/// <summary>A case as a citizen files it; the subject is "unit", "agency:{id}" or "official:{id}".</summary>
public sealed record FilingRequest(
    string? Type, int UnitId, string? Subject, string? Content,
    string? Name, string? Phone, string? Email, string? Address,
    string Channel, long? ResponseId, long? ReviewItemId, IReadOnlyList<AttachmentUpload> Attachments)
{
    /// <summary>The day a petition handed in or posted reached the ward, when staff record it later (null: today). The
    /// statutory clock runs from this day, not from the day it was typed in.</summary>
    public DateOnly? ReceivedOn { get; init; }
}

/// <summary>Why a filing was refused. The filing's rules decide the reason and its values; each reader chooses the words: the
/// citizen page its language's (<c>Filing.Refused.{Reason}</c> in CitizenResources), API clients the stable
/// <see cref="FilingRefusal.Problem"/>.</summary>
public enum FilingRefusalReason
{
    TypeRequired, ContentRequired, ContentTooLong, IdentityRequired, ContactTooLong, PhoneInvalid, EmailInvalid,
    UnitNotFound, SubjectOutsideUnit, TooManyAttachments, FileTooLarge, FileTypeRefused, ReceivedOnInvalid,
}

/// <summary>A refused filing: the reason and the values its message names (a limit, a file name, the case type).</summary>
public sealed record FilingRefusal(FilingRefusalReason Reason, params object[] Args)
{
    /// <summary>The status a client gets: a missing or malformed value 400, identity a complaint requires 422, an unknown ward 404,
    /// a file too large 413, a file of another type 415.</summary>
    public int Status => Reason switch
    {
        FilingRefusalReason.IdentityRequired => StatusCodes.Status422UnprocessableEntity,
        FilingRefusalReason.UnitNotFound => StatusCodes.Status404NotFound,
        FilingRefusalReason.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
        FilingRefusalReason.FileTypeRefused => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>What API clients read: one stable text per reason, Vietnamese then English, whatever the request's language.</summary>
    public CaseError Problem => Reason switch
    {
        FilingRefusalReason.TypeRequired => Bad("Vui lòng chọn loại đơn: Kiến nghị, Phản ánh, Khiếu nại hoặc Tố cáo. Choose a case type."),
        FilingRefusalReason.ContentRequired => Bad("Vui lòng nhập nội dung đơn. The content is required."),
        FilingRefusalReason.ContentTooLong => Bad($"Nội dung quá dài (tối đa {Args[0]} ký tự). The content is too long."),
        FilingRefusalReason.IdentityRequired => CaseError.Unprocessable(
            $"Đơn {CaseLabels.Type((CaseType)Args[0]).ToLowerInvariant()} phải ghi rõ họ tên và số điện thoại hoặc email của người gửi " +
            "(theo quy định của pháp luật); " +
            "chỉ kiến nghị và phản ánh mới được gửi ẩn danh. Complaints and denunciations require the filer's name and a phone number or email."),
        FilingRefusalReason.ContactTooLong => Bad("Thông tin liên hệ quá dài. A contact field is too long."),
        FilingRefusalReason.PhoneInvalid => Bad("Số điện thoại không hợp lệ. The phone number is not valid."),
        FilingRefusalReason.EmailInvalid => Bad("Địa chỉ email không hợp lệ. The email address is not valid."),
        FilingRefusalReason.ReceivedOnInvalid
            => Bad($"Ngày nhận đơn phải trong vòng {Args[0]} ngày qua và không sau hôm nay. " +
                $"The date received must be within the last {Args[0]} days and not in the future."),
        FilingRefusalReason.UnitNotFound => new CaseError(Status, "Không tìm thấy / Not found", "Không tìm thấy phường, xã nhận đơn. Unknown unit."),
        FilingRefusalReason.SubjectOutsideUnit => Bad("Đối tượng bị phản ánh không thuộc phường, xã này. The subject does not belong to this unit."),
        FilingRefusalReason.TooManyAttachments => Bad($"Chỉ được đính kèm tối đa {Args[0]} tệp. At most {Args[0]} attachments."),
        FilingRefusalReason.FileTooLarge => new CaseError(Status, "Tệp quá lớn / File too large",
            $"Tệp «{Args[0]}» vượt quá dung lượng cho phép ({Args[1]:0.#} MB mỗi tệp). The file exceeds {Args[2]} bytes."),
        _ => new CaseError(Status, "Loại tệp không được chấp nhận / Unsupported file type",
            $"Tệp «{Args[0]}» không phải ảnh JPEG, PNG, WebP hoặc tệp PDF; chỉ nhận các loại tệp này. " +
            "Only JPEG, PNG, WebP images and PDF documents are accepted (checked by content, not by name)."),
    };

    private CaseError Bad(string detail) => new(Status, "Thông tin chưa hợp lệ / Invalid input", detail);
}

/// <summary>Checks a filing completely before anything is written, then stores the case, its contact, files and first event at once.</summary>
public sealed class CaseFiling(HaiLongDbContext db, TimeProvider clock, IOptions<CaseOptions> options, HolidaySet holidays)
{
    /// <summary>How far back staff may date a petition received in person or by post.</summary>
    public const int MaxDaysReceivedBack = 90;

    public async Task<(Case? Case, FilingRefusal? Refusal)> FileAsync(FilingRequest r, Guid? actorId, CancellationToken ct)
    {
        var o = options.Value;
        if (!Enum.TryParse<CaseType>(r.Type, ignoreCase: true, out var type) || !Enum.IsDefined(type))
        {
            return (null, new(FilingRefusalReason.TypeRequired));
        }
        var content = r.Content?.Trim();
        if (string.IsNullOrEmpty(content))
        {
            return (null, new(FilingRefusalReason.ContentRequired));
        }
        if (content.Length > CaseLimits.Content)
        {
            return (null, new(FilingRefusalReason.ContentTooLong, CaseLimits.Content));
        }
        var name = Clean(r.Name);
        var phone = Clean(r.Phone);
        var email = Clean(r.Email);
        var address = Clean(r.Address);
        if (CaseLabels.RequiresIdentity(type) && (name is null || (phone is null && email is null)))
        {
            return (null, new(FilingRefusalReason.IdentityRequired, type));
        }
        if (new[] { name, email, address }.Any(v => v?.Length > CaseLimits.ContactField) || phone?.Length > 32)
        {
            return (null, new(FilingRefusalReason.ContactTooLong));
        }
        if (phone is not null && !phone.All(ch => char.IsDigit(ch) || ch is '+' or ' ' or '.' or '-'))
        {
            return (null, new(FilingRefusalReason.PhoneInvalid));
        }
        if (email is not null && !MailAddress.TryCreate(email, out _))
        {
            return (null, new(FilingRefusalReason.EmailInvalid));
        }

        var now = clock.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        // A letter is recorded the day it is opened at the latest a few weeks on; a year back or a day ahead is a typing slip.
        if (r.ReceivedOn is { } received && (received > today || received < today.AddDays(-MaxDaysReceivedBack)))
        {
            return (null, new(FilingRefusalReason.ReceivedOnInvalid, MaxDaysReceivedBack));
        }

        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == r.UnitId, ct);
        if (unit is null) return (null, new(FilingRefusalReason.UnitNotFound));
        var (subjectKind, agencyId, officialId, subjectError) = await SubjectAsync(r.Subject, unit.Id, ct);
        if (subjectError is not null) return (null, subjectError);

        var files = r.Attachments.Where(a => a.Length > 0).ToList();
        if (files.Count > o.MaxAttachments)
        {
            return (null, new(FilingRefusalReason.TooManyAttachments, o.MaxAttachments));
        }
        var attachments = new List<CaseAttachment>();
        foreach (var file in files)
        {
            var fileName = Path.GetFileName(file.FileName);
            if (fileName.Length > CaseLimits.FileName) fileName = fileName[^CaseLimits.FileName..];
            if (file.Length > o.MaxAttachmentBytes || file.Data.Length > o.MaxAttachmentBytes)
            {
                return (null, new(FilingRefusalReason.FileTooLarge, fileName,
                    o.MaxAttachmentBytes / 1024 / 1024.0, o.MaxAttachmentBytes));
            }
            var contentType = AttachmentTypes.Sniff(file.Data);
            if (contentType is null)
            {
                return (null, new(FilingRefusalReason.FileTypeRefused, fileName));
            }
            attachments.Add(new CaseAttachment { FileName = fileName, ContentType = contentType, Length = file.Data.Length, Data = file.Data });
        }

        // Received on an earlier day: the case counts from the start of that day (Vietnam time), as the law counts.
        var receivedAt = r.ReceivedOn is { } on && on < today ? VietnamTime.StartOf(on).ToUniversalTime() : now;
        var receivedOn = VietnamTime.DateOf(receivedAt);
        var holidaySet = await holidays.SetAsync(ct);
        var boardId = await db.InspectionBoards.Where(b => b.UnitId == unit.Id).Select(b => (long?)b.Id).SingleOrDefaultAsync(ct);
        var code = await NewCodeAsync(ct);
        var c = new Case
        {
            TrackingCode = code,
            Type = type,
            Status = CaseStatus.Received,
            UnitId = unit.Id,
            SubjectKind = subjectKind,
            SubjectAgencyId = agencyId,
            SubjectOfficialId = officialId,
            Content = content,
            IsAnonymous = name is null,
            Channel = r.Channel,
            ResponseId = r.ResponseId,
            ReviewItemId = r.ReviewItemId,
            BoardId = boardId,
            FiledAt = receivedAt,
            AcceptDueOn = CaseDeadlines.AcceptDue(type, receivedOn, o, holidaySet),
            AnswerDueOn = CaseDeadlines.AnswerRunsFromFiling(type)
                ? CaseDeadlines.AnswerDue(type, receivedOn, complex: false, unit.IsRemoteArea, o, holidaySet)
                : null,
            Attachments = attachments,
        };
        if (name is not null || phone is not null || email is not null || address is not null)
        {
            c.Contact = new CaseContact { Name = name, Phone = phone, Email = email, Address = address };
        }
        c.Events.Add(new CaseEvent { At = now, ActorId = actorId, Action = CaseEventActions.Filed, ToStatus = CaseStatus.Received,
            Note = receivedAt == now ? $"Kênh: {r.Channel}" : $"Kênh: {r.Channel}; nhận ngày {receivedOn:dd/MM/yyyy}" });
        db.Cases.Add(c);
        await db.SaveChangesAsync(ct);
        return (c, null);
    }

    private async Task<(SubjectKind, int?, int?, FilingRefusal?)> SubjectAsync(string? subject, int unitId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(subject) || subject == "unit") return (SubjectKind.Unit, null, null, null);
        var parts = subject.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[1], out var id))
        {
            if (parts[0] == "agency" && await db.Agencies.AnyAsync(a => a.Id == id && a.UnitId == unitId, ct))
            {
                return (SubjectKind.Agency, id, null, null);
            }
            if (parts[0] == "official")
            {
                var agency = await db.Officials.Where(x => x.Id == id && x.Agency.UnitId == unitId).Select(x => (int?)x.AgencyId).SingleOrDefaultAsync(ct);
                if (agency is not null) return (SubjectKind.Official, agency, id, null);
            }
        }
        return (SubjectKind.Unit, null, null, new(FilingRefusalReason.SubjectOutsideUnit));
    }

    private async Task<string> NewCodeAsync(CancellationToken ct)
    {
        // 10^15 codes make a clash vanishingly rare; checking keeps it from ever surfacing as an error.
        while (true)
        {
            var code = TrackingCodes.New();
            if (!await db.Cases.AnyAsync(c => c.TrackingCode == code, ct)) return code;
        }
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
