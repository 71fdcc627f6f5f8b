using HaiLong.Api.Infrastructure;
using System.Net.Mail;
using HaiLong.Data;
using HaiLong.Data.Configurations;
using HaiLong.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Cases;

/// <summary>An uploaded file; <see cref="Data"/> is empty when <see cref="Length"/> is already over the limit and it was not read.</summary>
public sealed record AttachmentUpload(string FileName, long Length, byte[] Data);

/// <summary>A case as a citizen files it; the subject is "unit", "agency:{id}" or "official:{id}".</summary>
public sealed record FilingRequest(
    string? Type, int UnitId, string? Subject, string? Content,
    string? Name, string? Phone, string? Email, string? Address,
    string Channel, long? ResponseId, long? ReviewItemId, IReadOnlyList<AttachmentUpload> Attachments);

/// <summary>Checks a filing completely before anything is written, then stores the case, its contact, files and first event at once.</summary>
public sealed class CaseFiling(HaiLongDbContext db, TimeProvider clock, IOptions<CaseOptions> options, Holidays holidays)
{
    public async Task<(Case? Case, CaseError? Error)> FileAsync(FilingRequest r, Guid? actorId, CancellationToken ct)
    {
        var o = options.Value;
        if (!Enum.TryParse<CaseType>(r.Type, ignoreCase: true, out var type) || !Enum.IsDefined(type))
        {
            return (null, Bad("Vui lòng chọn loại đơn: Kiến nghị, Phản ánh, Khiếu nại hoặc Tố cáo. Choose a case type."));
        }
        var content = r.Content?.Trim();
        if (string.IsNullOrEmpty(content))
        {
            return (null, Bad("Vui lòng nhập nội dung đơn. The content is required."));
        }
        if (content.Length > CaseLimits.Content)
        {
            return (null, Bad($"Nội dung quá dài (tối đa {CaseLimits.Content} ký tự). The content is too long."));
        }
        var name = Clean(r.Name);
        var phone = Clean(r.Phone);
        var email = Clean(r.Email);
        var address = Clean(r.Address);
        if (CaseLabels.RequiresIdentity(type) && (name is null || (phone is null && email is null)))
        {
            return (null, CaseError.Unprocessable(
                $"Đơn {CaseLabels.Type(type).ToLowerInvariant()} phải ghi rõ họ tên và số điện thoại hoặc email của người gửi (theo quy định của pháp luật); " +
                "chỉ kiến nghị và phản ánh mới được gửi ẩn danh. Complaints and denunciations require the filer's name and a phone number or email."));
        }
        if (new[] { name, email, address }.Any(v => v?.Length > CaseLimits.ContactField) || phone?.Length > 32)
        {
            return (null, Bad("Thông tin liên hệ quá dài. A contact field is too long."));
        }
        if (phone is not null && !phone.All(ch => char.IsDigit(ch) || ch is '+' or ' ' or '.' or '-'))
        {
            return (null, Bad("Số điện thoại không hợp lệ. The phone number is not valid."));
        }
        if (email is not null && !MailAddress.TryCreate(email, out _))
        {
            return (null, Bad("Địa chỉ email không hợp lệ. The email address is not valid."));
        }

        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == r.UnitId, ct);
        if (unit is null) return (null, new CaseError(StatusCodes.Status404NotFound, "Không tìm thấy / Not found", "Không tìm thấy phường, xã nhận đơn. Unknown unit."));
        var (subjectKind, agencyId, officialId, subjectError) = await SubjectAsync(r.Subject, unit.Id, ct);
        if (subjectError is not null) return (null, subjectError);

        var files = r.Attachments.Where(a => a.Length > 0).ToList();
        if (files.Count > o.MaxAttachments)
        {
            return (null, Bad($"Chỉ được đính kèm tối đa {o.MaxAttachments} tệp. At most {o.MaxAttachments} attachments."));
        }
        var attachments = new List<CaseAttachment>();
        foreach (var file in files)
        {
            var fileName = Path.GetFileName(file.FileName);
            if (fileName.Length > CaseLimits.FileName) fileName = fileName[^CaseLimits.FileName..];
            if (file.Length > o.MaxAttachmentBytes || file.Data.Length > o.MaxAttachmentBytes)
            {
                return (null, new CaseError(StatusCodes.Status413PayloadTooLarge, "Tệp quá lớn / File too large",
                    $"Tệp «{fileName}» vượt quá dung lượng cho phép ({o.MaxAttachmentBytes / 1024 / 1024.0:0.#} MB mỗi tệp). " +
                    $"The file exceeds {o.MaxAttachmentBytes} bytes."));
            }
            var contentType = AttachmentTypes.Sniff(file.Data);
            if (contentType is null)
            {
                return (null, new CaseError(StatusCodes.Status415UnsupportedMediaType, "Loại tệp không được chấp nhận / Unsupported file type",
                    $"Tệp «{fileName}» không phải ảnh JPEG, PNG, WebP hoặc tệp PDF; chỉ nhận các loại tệp này. " +
                    "Only JPEG, PNG, WebP images and PDF documents are accepted (checked by content, not by name)."));
            }
            attachments.Add(new CaseAttachment { FileName = fileName, ContentType = contentType, Length = file.Data.Length, Data = file.Data });
        }

        var now = clock.GetUtcNow();
        var today = VietnamTime.DateOf(now);
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
            FiledAt = now,
            AcceptDueOn = CaseDeadlines.AcceptDue(type, today, o, holidaySet),
            AnswerDueOn = CaseDeadlines.AnswerRunsFromFiling(type)
                ? CaseDeadlines.AnswerDue(type, today, complex: false, unit.IsRemoteArea, o, holidaySet)
                : null,
            Attachments = attachments,
        };
        if (name is not null || phone is not null || email is not null || address is not null)
        {
            c.Contact = new CaseContact { Name = name, Phone = phone, Email = email, Address = address };
        }
        c.Events.Add(new CaseEvent { At = now, ActorId = actorId, Action = CaseEventActions.Filed, ToStatus = CaseStatus.Received, Note = $"Kênh: {r.Channel}" });
        db.Cases.Add(c);
        await db.SaveChangesAsync(ct);
        return (c, null);
    }

    private async Task<(SubjectKind, int?, int?, CaseError?)> SubjectAsync(string? subject, int unitId, CancellationToken ct)
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
        return (SubjectKind.Unit, null, null, Bad("Đối tượng bị phản ánh không thuộc phường, xã này. The subject does not belong to this unit."));
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

    private static CaseError Bad(string detail) => new(StatusCodes.Status400BadRequest, "Thông tin chưa hợp lệ / Invalid input", detail);
}
