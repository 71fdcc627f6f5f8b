namespace HaiLong.Api.Features.Responses;

/// <summary>Where a survey link stands right now.</summary>
public enum LinkState
{
    /// <summary>The full survey may be answered.</summary>
    Open,
    /// <summary>An expired, never-used transaction link: a general rating of the ward only.</summary>
    GeneralFallback,
    Unknown,
    Used,
    Revoked,
    /// <summary>Before a meeting's (or a year's) window opens.</summary>
    NotYetOpen,
    /// <summary>After a meeting's (or a year's) window closed.</summary>
    Closed,
}

/// <summary>
/// The one home of "is this survey link usable": the form lookup, the submission (its SQL and its refusals), the API's
/// problem and the citizen page's status all ask here, so a new kind of link or a new state changes one file.
/// </summary>
public static class LinkRules
{
    /// <summary>
    /// The invitation columns
    /// <see cref="StateOf(InvitationKind, DateTimeOffset?, DateTimeOffset?, DateTimeOffset?, DateTimeOffset?, DateTimeOffset)"/>
    /// needs, in its order.
    /// </summary>
    public const string StateColumns = "kind, revoked_at, used_at, valid_from, expires_at";

    /// <summary>
    /// Links that take one answer, then are <see cref="LinkState.Used"/>: a transaction's QR, and a yearly-survey slip handed
    /// to one sampled household or participant (<see cref="InvitationKind.AnnualSample"/>). Every other kind is standing.
    /// </summary>
    public static bool IsSingleUse(InvitationKind kind) => kind is InvitationKind.Transaction or InvitationKind.AnnualSample;

    // The states in which a single-use link can still be consumed, as SQL over `invitations` with @now; the UPDATE that
    // consumes the link carries the condition itself so the database, not the app, picks the one winner. They say in SQL
    // exactly what StateOf says for a single-use link (Open; GeneralFallback for a transaction only). A transaction link has no
    // valid_from; a yearly slip has its year's window.
    // The same for a standing link (StateOf: not revoked, inside its window if it has one); SubmissionStore stores a
    // standing link's answers only while this holds.
    public const string StandingOpenSql = """
        revoked_at IS NULL AND (valid_from IS NULL OR valid_from <= @now) AND (expires_at IS NULL OR expires_at > @now)
        """;
    public const string SingleUseOpenSql = "used_at IS NULL AND " + StandingOpenSql;
    public const string TransactionGeneralFallbackSql = "used_at IS NULL AND revoked_at IS NULL AND expires_at <= @now";

    /// <summary>
    /// <see cref="IsSingleUse"/> as SQL over `invitations`, for a statement that finds the link by its token and so has not
    /// read its kind before (SubmissionStore's one-statement submission).
    /// </summary>
    public static readonly string SingleUseKindSql =
        $"kind IN ({string.Join(", ", Enum.GetValues<InvitationKind>().Where(IsSingleUse).Select(k => $"'{k}'"))})";

    public static LinkState StateOf(Invitation i, DateTimeOffset now) => StateOf(i.Kind, i.RevokedAt, i.UsedAt, i.ValidFrom, i.ExpiresAt, now);

    public static LinkState StateOf(InvitationKind kind, DateTimeOffset? revokedAt, DateTimeOffset? usedAt, DateTimeOffset? validFrom,
        DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (revokedAt is not null) return LinkState.Revoked;
        if (IsSingleUse(kind) && usedAt is not null) return LinkState.Used;
        if (kind == InvitationKind.Transaction) return expiresAt is { } e && e <= now ? LinkState.GeneralFallback : LinkState.Open;
        if (validFrom is { } from && now < from) return LinkState.NotYetOpen;
        if (expiresAt is { } until && now >= until) return LinkState.Closed;
        return LinkState.Open;
    }

    /// <summary>Whether a form may be shown and answered (in full, or as the general fallback).</summary>
    public static bool IsAnswerable(LinkState state) => state is LinkState.Open or LinkState.GeneralFallback;

    /// <summary>The HTTP status of a refusal in this state, the same for the API's problem and the citizen's page.</summary>
    public static int RefusalStatus(LinkState state) => state switch
    {
        LinkState.Used or LinkState.NotYetOpen => StatusCodes.Status409Conflict,
        // A general fallback refused at submission: the link expired (or was used) between showing the form and posting it.
        LinkState.Revoked or LinkState.Closed or LinkState.GeneralFallback => StatusCodes.Status410Gone,
        _ => StatusCodes.Status404NotFound,
    };
}
