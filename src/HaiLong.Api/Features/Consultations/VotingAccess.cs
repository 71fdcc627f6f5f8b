using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// Who may take votes for a consultation — the hamlet head of its hamlet and ward staff whose jurisdiction holds it — and the
/// consultation as they see it: a consultation outside the caller's jurisdiction is not found, as everywhere.
/// </summary>
public sealed class VotingAccess(HaiLongDbContext db, StaffContext staff)
{
    public Guid? UserId => staff.UserId;

    /// <summary>The consultation with its items in order (tracked: the meeting's minutes are written on it), or null.</summary>
    public async Task<Consultation?> FindAsync(long id, CancellationToken ct)
    {
        var consultation = await db.Consultations.Include(c => c.Items.OrderBy(i => i.Position)).SingleOrDefaultAsync(c => c.Id == id, ct);
        return consultation is not null && await staff.CanSeeUnitAsync(consultation.UnitId, ct) ? consultation : null;
    }
}

/// <summary>
/// A refused voting operation: its status, the key of its words on the staff pages (<c>Voting_…</c> in StaffResources) with
/// their arguments, and the API's English detail.
/// </summary>
public sealed record VotingProblem(int Status, string Key, string Detail, params object[] Args)
{
    public static VotingProblem NotFound(long id) =>
        new(StatusCodes.Status404NotFound, "NotFound", $"No consultation with id {id} in your jurisdiction.");

    public static VotingProblem Of(VoteRefusal refusal, VoteChannel channel, VoteChannel? existing) => refusal switch
    {
        VoteRefusal.NotOpen => new(StatusCodes.Status409Conflict, "NotOpen", "The consultation is not open: votes are taken only while it is open."),
        VoteRefusal.ChannelNotUsed => new(StatusCodes.Status409Conflict, $"NoChannel_{channel}",
            $"The consultation does not take votes in the {channel} channel."),
        VoteRefusal.NotYetOpen or VoteRefusal.WindowOver => new(StatusCodes.Status409Conflict, "OutsideWindow",
            "Online voting is outside the consultation's window."),
        VoteRefusal.AlreadyVoted => new(StatusCodes.Status409Conflict, $"AlreadyVoted_{channel}",
            $"The household has already voted ({channel})."),
        VoteRefusal.OtherChannel => new(StatusCodes.Status409Conflict, $"Conflict_{existing}",
            $"The household has already voted in the {existing} channel; the attempt is listed as a conflict for the hamlet head."),
        _ => new(StatusCodes.Status422UnprocessableEntity, "InvalidChoices",
            "Every item must be answered once: agree (0), disagree (1) or abstain (-1) for an approve item, an option's index or -1 for a "
            + "choice item."),
    };

    public ProblemDetails ToProblemDetails() => new()
    {
        Status = Status,
        Title = Status switch
        {
            StatusCodes.Status404NotFound => "Not found",
            StatusCodes.Status409Conflict => "Conflict",
            StatusCodes.Status400BadRequest => "Bad request",
            _ => "Unprocessable request",
        },
        Detail = Detail,
    };

    public ProblemHttpResult ToResult() => TypedResults.Problem(ToProblemDetails());
}
