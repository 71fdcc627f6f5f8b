using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Consultations;

public sealed record AttendanceRequest(
    [property: Required, MinLength(1), MaxLength(MeetingRecords.MaxBatch)] IReadOnlyList<string>? HouseholdCodes);

/// <summary>The minutes' facts; a member left out or empty is cleared.</summary>
public sealed record MeetingMinutesRequest(
    [property: MaxLength(Limits.Name)] string? MeetingChair = null,
    [property: MaxLength(Limits.Name)] string? MeetingSecretary = null,
    [property: MaxLength(ConsultationLimits.Notes)] string? MeetingNotes = null);

/// <summary>The households that chose <see cref="Choice"/> (agree 0, disagree 1, abstain -1, or an option's index).</summary>
public sealed record MeetingChoiceCount([property: Required, Range(-1, 255)] short? Choice, [property: Required, Range(0, 100_000)] int? Count);

public sealed record MeetingCountsRequest([property: Required, MinLength(1), MaxLength(256)] IReadOnlyList<MeetingChoiceCount>? Counts);

/// <summary>One item's answer: agree 0, disagree 1, abstain -1 (approve item), or an option's index or -1 (choice item).</summary>
public sealed record ChoiceInput([property: Required] long? ItemId, [property: Required, Range(-1, 255)] short? Choice);

public sealed record PaperKeyingRequest(
    [property: Required, MaxLength(40)] string? Code,
    [property: Required, MinLength(1), MaxLength(200)] IReadOnlyList<ChoiceInput>? Choices);

public sealed record MeetingItemCounts(long ItemId, int Position, string Title, bool Secret, IReadOnlyList<ChoiceCountResponse> Counts);

public sealed record ChoiceCountResponse(short Choice, int Count);

public sealed record MeetingResponse(long ConsultationId, int Present, int? RegisteredHouseholds, string? MeetingChair,
    string? MeetingSecretary, string? MeetingNotes, IReadOnlyList<MeetingItemCounts> Items);

/// <summary>
/// Voting (issue 19, points 3 and 4): the meeting's attendance, minutes and counts, double entry of paper ballots, the conflicts
/// list, and the household's own ballot at <c>/h</c>. Every vote goes through <see cref="VotingCore"/>; ballots are folded into
/// tallies by <see cref="VotingFold"/>. For the hamlet head of the consultation's hamlet and ward staff within jurisdiction.
/// </summary>
public static class ConsultationVotingApi
{
    internal static IServiceCollection AddConsultationVoting(this IServiceCollection services)
    {
        services.AddScoped<VotingAccess>();
        services.AddScoped<MeetingRecords>();
        services.AddScoped<PaperKeyings>();
        services.AddScoped<VotingFold>();
        services.AddScoped<VotingFoldJob>();
        services.AddSingleton<IRecurringJobSource, VotingFoldJobSource>();
        return services;
    }

    internal static IEndpointRouteBuilder MapConsultationVoting(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/consultations/{id:long}").WithTags(ConsultationsApi.ConsultationsTag)
            .RequireAuthorization(p => p.RequireRole(ConsultationsApi.StaffRoles))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/meeting", GetMeeting).WithName("GetConsultationMeeting");
        api.MapPost("/meeting/attendance", MarkAttendance).WithName("MarkMeetingAttendance")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPut("/meeting", SaveMinutes).WithName("SaveMeetingMinutes").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/meeting/items/{itemId:long}/counts", SaveCounts).WithName("SaveMeetingCounts")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/paper", ListPaper).WithName("ListPaperBallots");
        api.MapPost("/paper", KeyPaper).WithName("KeyPaperBallot")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/conflicts", ListConflicts).WithName("ListVotingConflicts");
        app.MapVotingPages();
        app.MapBallotPages();
        return app;
    }

    /// <summary>The consultation's meeting as recorded</summary>
    /// <remarks>
    /// The hamlet head of its hamlet and ward staff within jurisdiction. The households present (roll entries marked in the
    /// Meeting channel), the chair, secretary and notes of the minutes, and each item's counts at the meeting; changes nothing.
    /// </remarks>
    public static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> GetMeeting(long id, VotingAccess access,
        MeetingRecords meeting, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return VotingProblem.NotFound(id).ToResult();
        return TypedResults.Ok(await MeetingResponseAsync(consultation, meeting, ct));
    }

    /// <summary>Mark households present at the meeting</summary>
    /// <remarks>
    /// The hamlet head of its hamlet and ward staff within jurisdiction, while the consultation is open and has a meeting. Each
    /// household (by its code in the register) is a vote in the Meeting channel: one household, one vote across every channel.
    /// A household that already voted on paper or online is not marked: it is listed under `conflicts` (and on the conflicts
    /// list). A code not in the consultation's register refuses the whole batch (422); not open or no meeting: 409.
    /// </remarks>
    public static async Task<Results<Ok<MeetingAttendance>, ProblemHttpResult>> MarkAttendance(long id, AttendanceRequest request,
        VotingAccess access, MeetingRecords meeting, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return VotingProblem.NotFound(id).ToResult();
        var (done, problem) = await meeting.MarkPresentAsync(consultation, request.HouseholdCodes!, access.UserId, ct);
        return problem is null ? TypedResults.Ok(done!) : problem.ToResult();
    }

    /// <summary>Record the meeting's chair, secretary and notes</summary>
    /// <remarks>
    /// The hamlet head of its hamlet and ward staff within jurisdiction, while the consultation is open or closed (not once
    /// certified) and has a meeting: the facts the meeting's minutes (biên bản) print. Empty members clear them; audited.
    /// </remarks>
    public static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> SaveMinutes(long id, MeetingMinutesRequest request,
        VotingAccess access, MeetingRecords meeting, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return VotingProblem.NotFound(id).ToResult();
        var problem = await meeting.SaveMinutesAsync(consultation, request.MeetingChair, request.MeetingSecretary, request.MeetingNotes, ct);
        return problem is null ? TypedResults.Ok(await MeetingResponseAsync(consultation, meeting, ct)) : problem.ToResult();
    }

    /// <summary>Record one item's counts at the meeting</summary>
    /// <remarks>
    /// The hamlet head of its hamlet and ward staff within jurisdiction, while the consultation is open and has a meeting. The
    /// show of hands (or, for a secret item, the ballot box) counted per choice — agree 0, disagree 1, abstain -1, or an option's
    /// index — stored as the item's Meeting tallies, replacing any recorded before (a correction). Refused (422) when a choice
    /// does not fit the item or the counts add up to more than the households present.
    /// </remarks>
    public static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> SaveCounts(long id, long itemId, MeetingCountsRequest request,
        VotingAccess access, MeetingRecords meeting, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return VotingProblem.NotFound(id).ToResult();
        var given = request.Counts!;
        if (given.Select(c => c.Choice).Distinct().Count() != given.Count)
        {
            return VotingProblem.Of(VoteRefusal.InvalidChoices, VoteChannel.Meeting, null).ToResult();
        }
        var problem = await meeting.SaveCountsAsync(consultation, itemId, given.ToDictionary(c => c.Choice!.Value, c => c.Count!.Value), ct);
        return problem is null ? TypedResults.Ok(await MeetingResponseAsync(consultation, meeting, ct)) : problem.ToResult();
    }

    /// <summary>Paper slips keyed but not counted</summary>
    /// <remarks>
    /// The hamlet head of its hamlet and ward staff within jurisdiction. Every slip keyed once (waiting for a second person) or
    /// disputed (two keyings differ; a third person resolves it by keying the slip as read), with who keyed it; never the keyed
    /// choices. Changes nothing.
    /// </remarks>
    public static async Task<Results<Ok<List<PendingSlip>>, ProblemHttpResult>> ListPaper(long id, VotingAccess access, PaperKeyings paper,
        CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return VotingProblem.NotFound(id).ToResult();
        return TypedResults.Ok(await paper.PendingAsync(consultation.Id, ct));
    }

    /// <summary>Key a returned paper ballot slip</summary>
    /// <remarks>
    /// The hamlet head of its hamlet and ward staff within jurisdiction, while the consultation is open and takes paper ballots.
    /// The slip's code (as printed; case, spaces and dashes ignored) and its choices, every item once. Double entry: the first
    /// keying waits (`AwaitingSecond`); a second keying by another person that matches counts the slip (`Counted`: a vote in the
    /// Paper channel, the keyed choices erased); one that differs makes it `Disputed`, which a third person resolves by keying
    /// the slip as read. Refused: the same person keying twice or resolving their own dispute (409), a household that voted in
    /// another channel (409, listed as a conflict), a slip already counted (409), an unknown code (404), choices that do not
    /// answer the items (422).
    /// </remarks>
    public static async Task<Results<Ok<PaperKeyingResult>, ProblemHttpResult>> KeyPaper(long id, PaperKeyingRequest request,
        VotingAccess access, PaperKeyings paper, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return VotingProblem.NotFound(id).ToResult();
        var choices = request.Choices!;
        if (choices.Select(c => c.ItemId).Distinct().Count() != choices.Count)
        {
            return VotingProblem.Of(VoteRefusal.InvalidChoices, VoteChannel.Paper, null).ToResult();
        }
        var (done, problem) = await paper.KeyAsync(consultation, request.Code,
            choices.ToDictionary(c => c.ItemId!.Value, c => c.Choice!.Value), access.UserId!.Value, ct);
        return problem is null ? TypedResults.Ok(done!) : problem.ToResult();
    }

    /// <summary>Refused second-channel attempts</summary>
    /// <remarks>
    /// The hamlet head of its hamlet and ward staff within jurisdiction. Every attempt of a household that had already voted to
    /// vote again in another channel — refused, never counted — with the channels, when and by whom (staff; none online).
    /// </remarks>
    public static async Task<Results<Ok<List<ConflictLine>>, ProblemHttpResult>> ListConflicts(long id, VotingAccess access,
        HaiLongDbContext db, CancellationToken ct)
    {
        if (await access.FindAsync(id, ct) is not { } consultation) return VotingProblem.NotFound(id).ToResult();
        return TypedResults.Ok(await VotingConflicts.ListAsync(db, consultation.Id, ct));
    }

    private static async Task<MeetingResponse> MeetingResponseAsync(Consultation consultation, MeetingRecords meeting, CancellationToken ct)
    {
        var state = await meeting.StateAsync(consultation, ct);
        return new MeetingResponse(consultation.Id, state.Present, consultation.RegisteredHouseholds, state.Chair, state.Secretary, state.Notes,
            [.. consultation.Items.Select(i => new MeetingItemCounts(i.Id, i.Position, i.Title, i.Secret,
                [.. (state.Counts.GetValueOrDefault(i.Id) ?? new Dictionary<short, int>()).OrderBy(c => c.Key)
                    .Select(c => new ChoiceCountResponse(c.Key, c.Value))]))]);
    }
}
