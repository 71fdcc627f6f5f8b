using System.Text.Json.Serialization;

namespace HaiLong.Data.Entities;

// Hamlet consultations (issue 19): households of a hamlet or residential group discuss and decide their own matters under
// the Law on Grassroots Democracy 2022 and Decrees 59/2023 and 61/2023 — one household, one vote, in the meeting hall, on
// paper or online, a matter passing only with more than half of ALL the hamlet's households. docs/consultations.md.

[JsonConverter(typeof(NamedEnumConverter<HouseholdStatus>))]
public enum HouseholdStatus
{
    /// <summary>Lives in the hamlet: counted in the register of every consultation opened from now on.</summary>
    Active,
    /// <summary>Moved out of the hamlet (chuyển đi).</summary>
    MovedOut,
    /// <summary>Merged into another household of the register (<see cref="Household.MergedIntoId"/>).</summary>
    Merged,
}

/// <summary>
/// A household of a hamlet's register (sổ hộ), imported from the ward's residence records and kept current. No identity
/// numbers: the household code of the residence records, the representative's name and the address are all the law's
/// "one household, one vote" needs. Rows are never deleted: a household that leaves or merges keeps its row and its history.
/// </summary>
public sealed class Household : IAudited
{
    public long Id { get; set; }

    /// <summary>The hamlet or residential group (<see cref="UnitLevel.Hamlet"/>, <see cref="UnitLevel.ResidentialGroup"/>).</summary>
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;

    /// <summary>The household's code in the residence records; unique within its hamlet.</summary>
    public required string Code { get; set; }
    public required string RepresentativeName { get; set; }
    public required string Address { get; set; }

    public HouseholdStatus Status { get; set; }
    public DateOnly RegisteredOn { get; set; }
    /// <summary>When it moved out or merged; null while active.</summary>
    public DateOnly? LeftOn { get; set; }
    public long? MergedIntoId { get; set; }
    /// <summary>The household it was split from (tách hộ), when it came into the register that way.</summary>
    public long? SplitFromId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

[JsonConverter(typeof(NamedEnumConverter<ConsultationKind>))]
public enum ConsultationKind
{
    /// <summary>The households decide (binding): the policy's thresholds over all registered households apply.</summary>
    Decide,
    /// <summary>The households give opinions: the result is a summary of the counts, nothing passes or fails.</summary>
    GiveOpinions,
}

[JsonConverter(typeof(NamedEnumConverter<ConsultationStatus>))]
public enum ConsultationStatus
{
    Draft,
    /// <summary>Opened: the register is frozen into <see cref="ConsultationRollEntry"/> rows and votes are taken.</summary>
    Open,
    Closed,
    /// <summary>The result is certified by the hamlet head and by the ward; published.</summary>
    Certified,
}

[JsonConverter(typeof(NamedEnumConverter<VoteChannel>))]
public enum VoteChannel
{
    /// <summary>At the meeting of household representatives: marked present by the secretary, counted by hands or ballot box.</summary>
    Meeting,
    /// <summary>A household ballot slip returned on paper and keyed in twice by staff.</summary>
    Paper,
    /// <summary>The household's slip code (QR or typed short code) answered on a phone or computer.</summary>
    Online,
}

[JsonConverter(typeof(NamedEnumConverter<ConsultationItemKind>))]
public enum ConsultationItemKind
{
    /// <summary>Agree / disagree / abstain — a convention clause, a contribution level, a proposal.</summary>
    Approve,
    /// <summary>One of <see cref="ConsultationItem.Options"/> or abstain — candidates, a free question with choices.</summary>
    Choice,
}

/// <summary>
/// The choice codes stored in tallies and ballots: for an <see cref="ConsultationItemKind.Approve"/> item 0 = agree and
/// 1 = disagree; for a <see cref="ConsultationItemKind.Choice"/> item the option's index; <see cref="Abstain"/> for either.
/// </summary>
public static class ConsultationChoices
{
    public const short Agree = 0;
    public const short Disagree = 1;
    public const short Abstain = -1;
}

/// <summary>
/// The rules of the law as a versioned policy, with the Law on Grassroots Democracy's defaults in version 1: a meeting is
/// valid when MORE than <see cref="MeetingQuorumShare"/> of the registered households are represented; a decide item passes
/// when MORE than <see cref="DecisionShare"/> of all registered households agree. A consultation keeps the version it was
/// opened under.
/// </summary>
public sealed class ConsultationPolicy
{
    public int Version { get; set; }
    public decimal MeetingQuorumShare { get; set; }
    public decimal DecisionShare { get; set; }
    public required string LegalBasis { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A consultation of a hamlet's households (lấy ý kiến / biểu quyết), draft → open → closed → certified.</summary>
public sealed class Consultation : IAudited
{
    public long Id { get; set; }
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public required string Title { get; set; }
    public string? Description { get; set; }
    public ConsultationKind Kind { get; set; }
    public ConsultationStatus Status { get; set; }
    public int PolicyVersion { get; set; }

    /// <summary>The community convention this consultation amends; certified and passed, it becomes the convention's new version.</summary>
    public int? ConventionId { get; set; }

    // Channels. A consultation uses one or more; each is empty when not used.
    public DateTimeOffset? MeetingAt { get; set; }
    public string? MeetingPlace { get; set; }
    public bool PaperBallots { get; set; }
    public DateTimeOffset? OnlineOpensAt { get; set; }
    public DateTimeOffset? OnlineClosesAt { get; set; }

    // The meeting's own facts, for its minutes (biên bản).
    public string? MeetingChair { get; set; }
    public string? MeetingSecretary { get; set; }
    public string? MeetingNotes { get; set; }

    /// <summary>The number of households in the register frozen at opening: the denominator of every threshold.</summary>
    public int? RegisteredHouseholds { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? HamletCertifiedAt { get; set; }
    public Guid? HamletCertifiedBy { get; set; }
    public DateTimeOffset? WardCertifiedAt { get; set; }
    public Guid? WardCertifiedBy { get; set; }

    public List<ConsultationItem> Items { get; set; } = [];
}

/// <summary>One matter put to the households: a clause of a draft convention, a contribution level, candidates, a question.</summary>
public sealed class ConsultationItem : IAudited
{
    public long Id { get; set; }
    public long ConsultationId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public string? Text { get; set; }
    public ConsultationItemKind Kind { get; set; }
    /// <summary>The choices of a <see cref="ConsultationItemKind.Choice"/> item (text[]); empty for an approve item.</summary>
    public List<string> Options { get; set; } = [];
    /// <summary>Voted by secret ballot at the meeting (an election, a dismissal) instead of a show of hands.</summary>
    public bool Secret { get; set; }
}

/// <summary>A document attached to a consultation (the draft convention, an estimate of works).</summary>
public sealed class ConsultationDocument : IAudited
{
    public long Id { get; set; }
    public long ConsultationId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public Guid? UploadedBy { get; set; }
}

/// <summary>
/// The register as it stood when the consultation opened — one row per household, copied, so that moving in or out later
/// cannot change the denominator mid-vote — and THAT the household voted (channel, day), never WHAT it chose: choices are
/// in <see cref="ConsultationBallot"/> and <see cref="ConsultationTally"/>, which hold no household, no roll entry and no
/// time. The slip's code is derived (HMAC of the installation secret), so only its hash is kept.
/// </summary>
public sealed class ConsultationRollEntry
{
    public long Id { get; set; }
    public long ConsultationId { get; set; }
    public long HouseholdId { get; set; }
    public required string HouseholdCode { get; set; }
    public required string RepresentativeName { get; set; }
    public required string Address { get; set; }
    public required byte[] BallotCodeHash { get; set; }

    /// <summary>How the household took part; null until it has. Set once: the one-household-one-vote rule.</summary>
    public VoteChannel? VotedChannel { get; set; }
    /// <summary>The day only, on purpose: a precise time would order voters against the ballots.</summary>
    public DateOnly? VotedOn { get; set; }
}

/// <summary>
/// A cast ballot waiting to be folded into the tallies: no household, no roll entry, no time, a random key (nothing that
/// orders it against the roll). Folded in batches by a job and deleted, so that even the transaction a vote wrote it in
/// stops linking it to the roll entry marked in the same transaction.
/// </summary>
public sealed class ConsultationBallot
{
    public Guid Id { get; set; }
    public long ConsultationId { get; set; }
    public long ItemId { get; set; }
    public short Choice { get; set; }
    public VoteChannel Channel { get; set; }
}

/// <summary>Counts per item, choice and channel: what the result is computed from.</summary>
public sealed class ConsultationTally
{
    public long ConsultationId { get; set; }
    public long ItemId { get; set; }
    public short Choice { get; set; }
    public VoteChannel Channel { get; set; }
    public int Count { get; set; }
}

[JsonConverter(typeof(NamedEnumConverter<PaperKeyingState>))]
public enum PaperKeyingState
{
    /// <summary>One keying so far: waiting for a second person.</summary>
    AwaitingSecond,
    /// <summary>Two keyings that differ: a third person must resolve before the slip counts.</summary>
    Disputed,
    /// <summary>Counted into the ballots; the keyed choices are erased.</summary>
    Counted,
}

/// <summary>
/// Double entry of a paper household ballot: two different staff key the same slip; the slip counts only when both agree
/// (or a third resolves a difference). The keyed choices (jsonb text: an object item id → choice) are erased once the slip
/// counts.
/// </summary>
public sealed class PaperBallotKeying
{
    public long Id { get; set; }
    public long ConsultationId { get; set; }
    public long RollEntryId { get; set; }
    public PaperKeyingState State { get; set; }
    public string? FirstChoices { get; set; }
    public Guid FirstKeyedBy { get; set; }
    public DateTimeOffset FirstKeyedAt { get; set; }
    public string? SecondChoices { get; set; }
    public Guid? SecondKeyedBy { get; set; }
    public DateTimeOffset? SecondKeyedAt { get; set; }
    public Guid? ResolvedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>A household that tried to vote again in another channel: refused and listed for the hamlet head.</summary>
public sealed class ConsultationConflict
{
    public long Id { get; set; }
    public long ConsultationId { get; set; }
    public long RollEntryId { get; set; }
    public VoteChannel ExistingChannel { get; set; }
    public VoteChannel AttemptedChannel { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The staff member who tried (meeting roll, paper keying); null for an online attempt.</summary>
    public Guid? By { get; set; }
}

[JsonConverter(typeof(NamedEnumConverter<ConventionKind>))]
public enum ConventionKind
{
    /// <summary>Hương ước (a village's convention).</summary>
    HuongUoc,
    /// <summary>Quy ước (a residential group's convention).</summary>
    QuyUoc,
}

/// <summary>A hamlet's community convention (Decree 61/2023/NĐ-CP) with its versions and yearly reviews.</summary>
public sealed class CommunityConvention : IAudited
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public required string Title { get; set; }
    public ConventionKind Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ConventionVersion> Versions { get; set; } = [];
    public List<ConventionReview> Reviews { get; set; } = [];
}

/// <summary>A version of a convention: approved by a decision, effective from a date, possibly made by a consultation.</summary>
public sealed class ConventionVersion : IAudited
{
    public long Id { get; set; }
    public int ConventionId { get; set; }
    public int Number { get; set; }
    public string? Summary { get; set; }
    public string? Text { get; set; }
    /// <summary>The approving decision's number (e.g. "15/QĐ-UBND"); null until the ward People's Committee decides.</summary>
    public string? ApprovalDecision { get; set; }
    public DateOnly? ApprovedOn { get; set; }
    public DateOnly? EffectiveFrom { get; set; }
    public long? ConsultationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A yearly review of a convention (rà soát, đánh giá): the resolutions' target is 100 % reviewed each year.</summary>
public sealed class ConventionReview : IAudited
{
    public long Id { get; set; }
    public int ConventionId { get; set; }
    public DateOnly ReviewedOn { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
}
