using HaiLong.Api.Features.Invitations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// The household's own ballot, the Online channel (issue 19, point 3): <c>/h</c> to type the slip's code, <c>/h/{code}</c>
/// (the slip's QR) to read the items and choose, a POST to cast through <see cref="VotingCore"/>. No JavaScript, phones first,
/// Vietnamese first, under 15 KB, the citizens' rate limit. Every refusal is a page in the citizen's language with its status:
/// 404 an unknown code, 409 already voted (or not yet open), 410 the consultation or its online window is over; a refused post
/// (a missing answer, an expired form) is the ballot again with the choices kept.
/// </summary>
public static class BallotPages
{
    internal static IEndpointRouteBuilder MapBallotPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(HouseholdBallotCodes.EntryPath).ExcludeFromDescription().AllowAnonymous()
            .RequireRateLimiting(Policies.CitizenRateLimit).AsCitizenPages();
        pages.MapGet("/", EnterCode);
        pages.MapGet("/{code}", Show);
        // Checked by the handler, as the survey form does: a lost cookie gets the ballot back with the choices kept.
        pages.MapPost("/{code}", Cast).DisableAntiforgery();
        pages.MapGet("/{code}/documents/{documentId:long}", Document);
        return app;
    }

    /// <summary>The ballot a slip's code opens: the household's roll entry, its consultation and the items in order.</summary>
    private sealed record Slip(string Code, ConsultationRollEntry Entry, Consultation Consultation, string Hamlet);

    private static async Task<IResult> EnterCode(string? code, HaiLongDbContext db, IStringLocalizer<CitizenResources> L, CancellationToken ct)
    {
        if (code is null) return CodePage(null, null, StatusCodes.Status200OK);
        var typed = InputText.WithoutRefused(code);
        typed = typed[..Math.Min(typed.Length, HouseholdBallotCodePage.MaxTyped)];
        if (ShortCodes.Normalize(code) is not { } canonical) return CodePage(typed, L["Ballot.CodeInvalid"], StatusCodes.Status400BadRequest);
        if (await FindAsync(db, canonical, ct) is null) return CodePage(typed, L["Ballot.CodeNotFound"], StatusCodes.Status404NotFound);
        return Results.Redirect(CitizenLanguage.Link(HouseholdBallotCodes.BallotPath(canonical)));

        static IResult CodePage(string? typed, string? error, int status) =>
            new RazorComponentResult<HouseholdBallotCodePage>(new { Typed = typed, Error = error }) { StatusCode = status };
    }

    private static async Task<IResult> Show(string code, HttpContext http, HaiLongDbContext db, IAntiforgery antiforgery,
        TimeProvider clock, IStringLocalizer<CitizenResources> L, CancellationToken ct)
    {
        if (await FindAsync(db, ShortCodes.Normalize(code), ct) is not { } slip) return NotFound(L);
        if (Refused(slip, clock.GetUtcNow(), L) is { } refused) return refused;
        return await BallotAsync(http, db, antiforgery, slip, new Dictionary<long, short>(), [], null, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> Cast(string code, HttpContext http, IFormCollection body, HaiLongDbContext db, IAntiforgery antiforgery,
        TimeProvider clock, IStringLocalizer<CitizenResources> L, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await FindAsync(db, ShortCodes.Normalize(code), ct) is not { } slip) return NotFound(L);
        // Not the page's already-voted shortcut: a ballot sent for a household that voted in another channel (its form was
        // opened before the meeting marked it present) goes to VotingCore, which refuses it AND lists the conflict.
        if (VotingCore.ChannelRefusal(slip.Consultation, VoteChannel.Online, now) is { } closed) return RefusalPage(closed, null, L);
        var items = slip.Consultation.Items;
        var given = new Dictionary<long, short>();
        foreach (var item in items)
        {
            if (short.TryParse(body[$"i{item.Id}"].ToString(), out var choice) && VotingCore.IsValid(item, choice)) given[item.Id] = choice;
        }
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return await BallotAsync(http, db, antiforgery, slip, given, [], L["Ballot.SessionExpired"], StatusCodes.Status400BadRequest, ct);
        }
        var missing = items.Where(i => !given.ContainsKey(i.Id)).Select(i => i.Id).ToHashSet();
        if (missing.Count > 0)
        {
            return await BallotAsync(http, db, antiforgery, slip, given, missing, L["Ballot.AnswerEvery"], StatusCodes.Status400BadRequest, ct);
        }
        var outcome = await VotingCore.CastAsync(db, slip.Consultation, slip.Entry.Id, VoteChannel.Online, given, now, null, ct);
        return outcome.Refusal switch
        {
            null => CitizenMessage.Result(L["Ballot.DoneTitle"], L["Ballot.Done", slip.Consultation.Title], StatusCodes.Status200OK),
            VoteRefusal.InvalidChoices =>
                await BallotAsync(http, db, antiforgery, slip, given, [], L["Ballot.AnswerEvery"], StatusCodes.Status400BadRequest, ct),
            var r => RefusalPage(r.Value, outcome.ExistingChannel, L),
        };
    }

    /// <summary>A document of the consultation, for the household holding one of its slips.</summary>
    private static async Task<IResult> Document(string code, long documentId, HaiLongDbContext db, IStringLocalizer<CitizenResources> L,
        CancellationToken ct)
    {
        if (await FindAsync(db, ShortCodes.Normalize(code), ct) is not { } slip) return NotFound(L);
        var document = await db.ConsultationDocuments.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == documentId && d.ConsultationId == slip.Consultation.Id, ct);
        return document is null ? NotFound(L) : Results.File(document.Content, document.ContentType, document.FileName);
    }

    private static async Task<Slip?> FindAsync(HaiLongDbContext db, string? canonical, CancellationToken ct)
    {
        if (canonical is null) return null;
        var hash = HouseholdBallotCodes.Hash(canonical);
        var entry = await db.ConsultationRoll.AsNoTracking().SingleOrDefaultAsync(r => r.BallotCodeHash == hash, ct);
        if (entry is null) return null;
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Items.OrderBy(i => i.Position))
            .SingleAsync(c => c.Id == entry.ConsultationId, ct);
        var hamlet = await db.Units.AsNoTracking().Where(u => u.Id == consultation.UnitId).Select(u => u.Name).SingleAsync(ct);
        return new Slip(canonical, entry, consultation, hamlet);
    }

    /// <summary>Why this slip cannot be answered online now, as a page; null when it can.</summary>
    private static IResult? Refused(Slip slip, DateTimeOffset now, IStringLocalizer<CitizenResources> L)
    {
        if (slip.Entry.VotedChannel is { } voted) return RefusalPage(VoteRefusal.AlreadyVoted, voted, L);
        return VotingCore.ChannelRefusal(slip.Consultation, VoteChannel.Online, now) is { } refusal ? RefusalPage(refusal, null, L) : null;
    }

    private static IResult RefusalPage(VoteRefusal refusal, VoteChannel? existing, IStringLocalizer<CitizenResources> L) => refusal switch
    {
        VoteRefusal.AlreadyVoted or VoteRefusal.OtherChannel =>
            CitizenMessage.Result(L["Ballot.AlreadyTitle"], L[$"Ballot.Already{existing}"], StatusCodes.Status409Conflict),
        VoteRefusal.NotYetOpen => CitizenMessage.Result(L["Ballot.NotYetTitle"], L["Ballot.NotYet"], StatusCodes.Status409Conflict),
        VoteRefusal.ChannelNotUsed => CitizenMessage.Result(L["Ballot.NoOnlineTitle"], L["Ballot.NoOnline"], StatusCodes.Status409Conflict),
        VoteRefusal.WindowOver => CitizenMessage.Result(L["Ballot.ClosedTitle"], L["Ballot.WindowOver"], StatusCodes.Status410Gone),
        _ => CitizenMessage.Result(L["Ballot.ClosedTitle"], L["Ballot.Closed"], StatusCodes.Status410Gone),
    };

    private static IResult NotFound(IStringLocalizer<CitizenResources> L) =>
        CitizenMessage.Result(L["Ballot.NotFoundTitle"], L["Ballot.NotFound"], StatusCodes.Status404NotFound);

    private static async Task<IResult> BallotAsync(HttpContext http, HaiLongDbContext db, IAntiforgery antiforgery, Slip slip,
        IReadOnlyDictionary<long, short> given, HashSet<long> missing, string? notice, int status, CancellationToken ct)
    {
        var documents = await db.ConsultationDocuments.AsNoTracking().Where(d => d.ConsultationId == slip.Consultation.Id)
            .OrderBy(d => d.Id).Select(d => new HouseholdBallotPage.DocumentLink(d.Id, d.FileName)).ToListAsync(ct);
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new RazorComponentResult<HouseholdBallotPage>(new
        {
            slip.Code, slip.Consultation, slip.Hamlet, HouseholdCode = slip.Entry.HouseholdCode,
            Documents = (IReadOnlyList<HouseholdBallotPage.DocumentLink>)documents, Given = given, Missing = missing, Notice = notice,
            AntiforgeryField = tokens.FormFieldName, AntiforgeryValue = tokens.RequestToken!,
        }) { StatusCode = status };
    }
}
