using HaiLong.Api.Features.Registry;
using HaiLong.Api.Features.Cases;
using HaiLong.Data.Configurations;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// A consultation's life, Draft → Open → Closed → Certified (docs/consultations.md), for the API and the staff pages alike:
/// every read and change looks the consultation up inside the caller's jurisdiction (outside: not found), every change
/// answers a value or a <see cref="ConsultationRefusal"/> and changes nothing when refused. Each transition takes the
/// consultation's row lock first, so two clicks never both pass a state check; the audit interceptor records each one.
/// </summary>
public sealed class ConsultationLifecycle(HaiLongDbContext db, StaffContext staff, TimeProvider clock, HouseholdBallotCodes codes,
    VotingFold fold)
{
    public const int MaxItems = 50;
    public const int MaxOptions = 20;
    public const int MaxDocuments = 10;
    /// <summary>Below the request body limit (<c>HaiLong:MaxRequestBodyBytes</c>, 1 MiB by default), with room for a form's envelope.</summary>
    public const int MaxDocumentBytes = 1_000_000;
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static readonly IReadOnlyList<string> DocumentTypes = [.. AttachmentTypes.All, DocxType];

    /// <summary>The consultations of units in the caller's jurisdiction.</summary>
    public async Task<IQueryable<Consultation>> VisibleAsync(CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        return db.Consultations.Where(c => units.Any(u => u.Id == c.UnitId));
    }

    public async Task<Consultation?> FindAsync(long id, CancellationToken ct) =>
        await (await VisibleAsync(ct)).AsNoTracking().Include(c => c.Items).Include(c => c.Unit).SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>The hamlets and residential groups of the caller's jurisdiction, by name: where a consultation can be drafted.</summary>
    public async Task<IReadOnlyList<AdministrativeUnit>> HamletsAsync(CancellationToken ct) =>
        await (await staff.UnitsAsync(ct)).AsNoTracking().Where(UnitLevels.IsHamletUnit).OrderBy(u => u.Name).ToListAsync(ct);

    /// <summary>The consultations the caller sees, newest first, of one unit's subtree (a hamlet, a ward) and one status.</summary>
    public async Task<IReadOnlyList<ConsultationSummary>> ListAsync(int? unitId, ConsultationStatus? status, CancellationToken ct)
    {
        var query = (await VisibleAsync(ct)).AsNoTracking();
        if (unitId is { } u)
        {
            var root = await (await staff.UnitsAsync(ct)).AsNoTracking().Where(x => x.Id == u).Select(x => x.Path).SingleOrDefaultAsync(ct);
            if (root is null) return [];
            query = query.Where(c => c.Unit.Path.StartsWith(root));
        }
        if (status is { } s) query = query.Where(c => c.Status == s);
        return await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Select(c => new ConsultationSummary(c.Id, c.UnitId, c.Unit.Name, c.Title, c.Kind, c.Status, c.RegisteredHouseholds,
                db.ConsultationRoll.Count(r => r.ConsultationId == c.Id && r.VotedChannel != null),
                c.CreatedAt, c.OpenedAt, c.WardCertifiedAt))
            .ToListAsync(ct);
    }

    public async Task<ConsultationView?> ViewAsync(long id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } c) return null;
        return ConsultationView.From(c, c.Unit.Name, await DocumentsAsync(id, ct));
    }

    public async Task<IReadOnlyList<ConsultationDocumentView>> DocumentsAsync(long id, CancellationToken ct) =>
        await db.ConsultationDocuments.AsNoTracking().Where(d => d.ConsultationId == id).OrderBy(d => d.Id)
            .Select(d => new ConsultationDocumentView(d.Id, d.FileName, d.ContentType, d.Content.Length, d.UploadedAt)).ToListAsync(ct);

    /// <summary>
    /// The rules of a draft between its members (the record's DataAnnotations are checked by the caller): a hamlet of the
    /// jurisdiction, a convention of that hamlet, a meeting with its place, an online window whose end follows its start, items
    /// whose options fit their kind. Checked again at opening, where the window must also lie ahead.
    /// </summary>
    private async Task<ConsultationRefusal?> CheckDraftAsync(ConsultationDraftRequest r, CancellationToken ct)
    {
        var unit = await (await staff.UnitsAsync(ct)).AsNoTracking().SingleOrDefaultAsync(u => u.Id == r.UnitId, ct);
        if (unit is null) return new(ConsultationRefusalReason.NotFound, $"No unit with id {r.UnitId} in your jurisdiction.");
        if (!UnitLevels.IsHamlet(unit.Level))
        {
            return new(ConsultationRefusalReason.NotAHamlet, "A consultation belongs to a hamlet or residential group, not to a " + unit.Level + ".");
        }
        if (r.ConventionId is { } conventionId && !await db.CommunityConventions.AnyAsync(v => v.Id == conventionId && v.UnitId == unit.Id, ct))
        {
            return new(ConsultationRefusalReason.ConventionNotOfHamlet, $"Convention {conventionId} is not a convention of this hamlet.");
        }
        if ((r.MeetingAt is null) != string.IsNullOrWhiteSpace(r.MeetingPlace))
        {
            return new(ConsultationRefusalReason.ChannelInvalid, "A meeting needs both its date and its place (or neither).");
        }
        if ((r.OnlineOpensAt is null) != (r.OnlineClosesAt is null) || r.OnlineOpensAt >= r.OnlineClosesAt)
        {
            return new(ConsultationRefusalReason.ChannelInvalid, "An online window needs a start before its end (or neither).");
        }
        foreach (var (item, i) in (r.Items ?? []).Select((item, i) => (item, i)))
        {
            var options = item.Options ?? [];
            var wrong = item.Kind == ConsultationItemKind.Approve
                ? options.Count > 0 ? "an approve item has no options" : null
                : options.Count < 2 ? "a choice item needs at least two options"
                : options.Any(o => string.IsNullOrWhiteSpace(o) || o.Length > ConsultationLimits.Option)
                    ? $"each option has 1 to {ConsultationLimits.Option} characters"
                : options.Distinct(StringComparer.OrdinalIgnoreCase).Count() < options.Count ? "options must differ" : null;
            if (wrong is not null) return new(ConsultationRefusalReason.ItemInvalid, $"Item {i + 1}: {wrong}.");
        }
        return null;
    }

    public async Task<(Consultation? Created, ConsultationRefusal? Refusal)> CreateAsync(ConsultationDraftRequest r, CancellationToken ct)
    {
        if (await CheckDraftAsync(r, ct) is { } refusal) return (null, refusal);
        var consultation = new Consultation
        {
            UnitId = r.UnitId!.Value,
            Title = r.Title.Trim(),
            Kind = r.Kind!.Value,
            Status = ConsultationStatus.Draft,
            PolicyVersion = await LatestPolicyAsync(ct),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = staff.UserId,
        };
        Write(consultation, r);
        db.Consultations.Add(consultation);
        await db.SaveChangesAsync(ct);
        return (consultation, null);
    }

    public async Task<ConsultationRefusal?> EditAsync(long id, ConsultationDraftRequest r, CancellationToken ct) =>
        await TransitionAsync(id, async c =>
        {
            if (c.Status != ConsultationStatus.Draft) return NotIn(c, ConsultationRefusalReason.NotDraft);
            if (c.UnitId != r.UnitId) return new(ConsultationRefusalReason.HamletChanged, "A draft stays with its hamlet; write a new one instead.");
            if (await CheckDraftAsync(r, ct) is { } refusal) return refusal;
            await db.Entry(c).Collection(x => x.Items).LoadAsync(ct);
            // Items are replaced as a whole: positions are unique, so the old rows go before the new ones are numbered.
            db.ConsultationItems.RemoveRange(c.Items);
            await db.SaveChangesAsync(ct);
            c.Items.Clear();
            c.Title = r.Title.Trim();
            c.Kind = r.Kind!.Value;
            Write(c, r);
            return null;
        }, ct);

    private static void Write(Consultation c, ConsultationDraftRequest r)
    {
        c.Description = Blank(r.Description);
        c.ConventionId = r.ConventionId;
        c.MeetingAt = r.MeetingAt;
        c.MeetingPlace = r.MeetingAt is null ? null : Blank(r.MeetingPlace);
        c.PaperBallots = r.PaperBallots;
        c.OnlineOpensAt = r.OnlineOpensAt;
        c.OnlineClosesAt = r.OnlineClosesAt;
        c.Items.AddRange((r.Items ?? []).Select((item, i) => new ConsultationItem
        {
            Position = i + 1,
            Title = item.Title.Trim(),
            Text = Blank(item.Text),
            Kind = item.Kind,
            Options = [.. (item.Options ?? []).Select(o => o.Trim())],
            Secret = item.Secret,
        }));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<int> LatestPolicyAsync(CancellationToken ct) => await db.ConsultationPolicies.MaxAsync(p => p.Version, ct);

    public async Task<(ConsultationDocument? Document, ConsultationRefusal? Refusal)> AttachAsync(long id, string fileName, byte[] content,
        CancellationToken ct)
    {
        ConsultationDocument? document = null;
        var refusal = await TransitionAsync(id, async c =>
        {
            if (c.Status != ConsultationStatus.Draft) return NotIn(c, ConsultationRefusalReason.NotDraft);
            if (content.Length > MaxDocumentBytes)
            {
                return new(ConsultationRefusalReason.DocumentTooLarge, $"A document has at most {MaxDocumentBytes} bytes.");
            }
            if (DocumentType(fileName, content) is not { } type)
            {
                return new(ConsultationRefusalReason.DocumentTypeRefused, "A document is a PDF, a DOCX, or a JPEG, PNG or WebP image.");
            }
            if (await db.ConsultationDocuments.CountAsync(d => d.ConsultationId == id, ct) >= MaxDocuments)
            {
                return new(ConsultationRefusalReason.DocumentsFull, $"A consultation has at most {MaxDocuments} documents.");
            }
            var name = Path.GetFileName(fileName.Replace('\\', '/')).Trim();
            document = new ConsultationDocument
            {
                ConsultationId = id,
                FileName = name.Length is 0 or > ConsultationLimits.FileName ? "tai-lieu" + Extension(type) : name,
                ContentType = type,
                Content = content,
                UploadedAt = clock.GetUtcNow(),
                UploadedBy = staff.UserId,
            };
            db.ConsultationDocuments.Add(document);
            return null;
        }, ct);
        return (refusal is null ? document : null, refusal);
    }

    /// <summary>The stored type, recognised from the first bytes (a DOCX is a zip named .docx); the client's type is never trusted.</summary>
    public static string? DocumentType(string fileName, ReadOnlySpan<byte> content)
    {
        if (AttachmentTypes.Sniff(content) is { } type) return type;
        var zip = content.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]);
        return zip && fileName.EndsWith(".docx", StringComparison.OrdinalIgnoreCase) ? DocxType : null;
    }

    private static string Extension(string type) => type switch
    {
        "application/pdf" => ".pdf",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        _ => ".docx",
    };

    public async Task<ConsultationRefusal?> RemoveDocumentAsync(long id, long documentId, CancellationToken ct) =>
        await TransitionAsync(id, async c =>
        {
            if (c.Status != ConsultationStatus.Draft) return NotIn(c, ConsultationRefusalReason.NotDraft);
            var removed = await db.ConsultationDocuments.Where(d => d.Id == documentId && d.ConsultationId == id).SingleOrDefaultAsync(ct);
            if (removed is null) return new(ConsultationRefusalReason.NotFound, $"No document with id {documentId} in consultation {id}.");
            db.ConsultationDocuments.Remove(removed);
            return null;
        }, ct);

    public async Task<ConsultationDocument?> DocumentAsync(long id, long documentId, CancellationToken ct)
    {
        if (!await (await VisibleAsync(ct)).AnyAsync(c => c.Id == id, ct)) return null;
        return await db.ConsultationDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.ConsultationId == id, ct);
    }

    /// <summary>
    /// Opens a draft (<see cref="ConsultationOpening"/> freezes the register) under the latest policy: refused for a hamlet
    /// with no active household, a draft with no item or no channel, and an online window that has already ended.
    /// </summary>
    public async Task<ConsultationRefusal?> OpenAsync(long id, CancellationToken ct) =>
        await TransitionAsync(id, async c =>
        {
            if (c.Status != ConsultationStatus.Draft) return NotIn(c, ConsultationRefusalReason.NotDraft);
            var now = clock.GetUtcNow();
            if (!await db.ConsultationItems.AnyAsync(i => i.ConsultationId == id, ct))
            {
                return new(ConsultationRefusalReason.NoItems, "A consultation opens with at least one item.");
            }
            if (c.MeetingAt is null && !c.PaperBallots && c.OnlineOpensAt is null)
            {
                return new(ConsultationRefusalReason.NoChannel, "A consultation opens with a meeting, paper ballots or an online window.");
            }
            if (c.OnlineClosesAt is { } closes && (closes <= now || c.OnlineOpensAt >= closes))
            {
                return new(ConsultationRefusalReason.OnlineWindowPast, "The online window must end after it starts and after now.");
            }
            if (!await db.Households.AnyAsync(h => h.UnitId == c.UnitId && h.Status == HouseholdStatus.Active, ct))
            {
                return new(ConsultationRefusalReason.NoHouseholds, "The hamlet's register has no active household: there is no one to consult.");
            }
            c.PolicyVersion = await LatestPolicyAsync(ct);
            await ConsultationOpening.OpenAsync(db, c, codes, now, ct);
            return null;
        }, ct);

    public async Task<ConsultationRefusal?> CloseAsync(long id, CancellationToken ct) =>
        await TransitionAsync(id, async c =>
        {
            if (c.Status != ConsultationStatus.Open) return NotIn(c, ConsultationRefusalReason.NotOpen);
            c.Status = ConsultationStatus.Closed;
            c.ClosedAt = clock.GetUtcNow();
            // The last ballots into the tallies in the closing transaction: a closed consultation keeps no ballot rows, so
            // nothing of its votes is left that the voting transaction's id could tie to a household (VotingFold).
            await fold.FoldAsync(c.Id, ct);
            return null;
        }, ct);

    /// <summary>The hamlet head's certification of a closed consultation, once no paper slip waits for its second keying or a resolution.</summary>
    public async Task<ConsultationRefusal?> CertifyByHamletAsync(long id, CancellationToken ct) =>
        await TransitionAsync(id, async c =>
        {
            if (c.Status != ConsultationStatus.Closed) return NotIn(c, ConsultationRefusalReason.NotClosed);
            if (c.HamletCertifiedAt is not null) return new(ConsultationRefusalReason.HamletCertified, "The hamlet head has already certified it.");
            if (await PaperPendingAsync(id, ct) is { } pending) return pending;
            c.HamletCertifiedAt = clock.GetUtcNow();
            c.HamletCertifiedBy = staff.UserId;
            return null;
        }, ct);

    /// <summary>
    /// The ward's certification after the hamlet head's: the result becomes final and public. A decide consultation that
    /// amends a convention and passed every item makes the convention's next version in the same transaction.
    /// </summary>
    public async Task<ConsultationRefusal?> CertifyByWardAsync(long id, CancellationToken ct) =>
        await TransitionAsync(id, async c =>
        {
            if (c.Status == ConsultationStatus.Certified) return NotIn(c, ConsultationRefusalReason.Certified);
            if (c.Status != ConsultationStatus.Closed) return NotIn(c, ConsultationRefusalReason.NotClosed);
            if (c.HamletCertifiedAt is null) return new(ConsultationRefusalReason.HamletNotCertified, "The hamlet head certifies first.");
            if (await PaperPendingAsync(id, ct) is { } pending) return pending;
            var now = clock.GetUtcNow();
            c.WardCertifiedAt = now;
            c.WardCertifiedBy = staff.UserId;
            c.Status = ConsultationStatus.Certified;
            if (c.Kind == ConsultationKind.Decide && c.ConventionId is not null)
            {
                await db.Entry(c).Collection(x => x.Items).LoadAsync(ct);
                var results = await ConsultationResults.ComputeAsync(db, c, ct);
                if (results.Items.All(i => i.Outcome == ItemOutcome.Passed))
                {
                    await ConventionAmendments.ApplyAsync(db, c, VietnamTime.DateOf(now), now, ct);
                }
            }
            return null;
        }, ct);

    private async Task<ConsultationRefusal?> PaperPendingAsync(long id, CancellationToken ct)
    {
        var pending = await db.PaperBallotKeyings.CountAsync(k => k.ConsultationId == id && k.State != PaperKeyingState.Counted, ct);
        return pending == 0 ? null
            : new(ConsultationRefusalReason.PaperPending, $"{pending} paper slip(s) wait for a second keying or a resolution of a difference.");
    }

    private static ConsultationRefusal NotIn(Consultation c, ConsultationRefusalReason reason) =>
        new(reason, $"Consultation {c.Id} is {c.Status}: {reason switch
        {
            ConsultationRefusalReason.NotDraft => "only a draft can be changed or opened",
            ConsultationRefusalReason.NotOpen => "only an open consultation can be closed",
            ConsultationRefusalReason.NotClosed => "only a closed consultation can be certified",
            _ => "its result is certified and final",
        }}.");

    /// <summary>
    /// The one way a consultation changes: inside the jurisdiction (else not found), under its row lock, the change decided by
    /// <paramref name="change"/> and saved in the same transaction, or nothing saved when it refuses.
    /// </summary>
    private async Task<ConsultationRefusal?> TransitionAsync(long id, Func<Consultation, Task<ConsultationRefusal?>> change, CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Consultations.FromSql($"SELECT * FROM consultations WHERE id = {id} FOR UPDATE")
            .Where(c => units.Any(u => u.Id == c.UnitId)).SingleOrDefaultAsync(ct);
        if (locked is null) return new(ConsultationRefusalReason.NotFound, $"No consultation with id {id} in your jurisdiction.");
        if (await change(locked) is { } refusal)
        {
            db.ChangeTracker.Clear();
            return refusal;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
