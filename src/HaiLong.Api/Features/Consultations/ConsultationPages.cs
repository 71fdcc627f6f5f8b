using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Consultations;

/// <summary>A draft form as typed: every field by its form name (items as <c>title1</c>, <c>kind1</c>, …) and each refusal beside its field.</summary>
public sealed record ConsultationDraftForm(IReadOnlyDictionary<string, string?> Typed, IReadOnlyDictionary<string, string> Errors)
{
    public string? Value(string field) => Typed.GetValueOrDefault(field);
    public string? Error(string field) => Errors.GetValueOrDefault(field);

    public static ConsultationDraftForm From(ConsultationView c)
    {
        var typed = new Dictionary<string, string?>
        {
            ["unitId"] = c.UnitId.ToString(CultureInfo.InvariantCulture), ["title"] = c.Title, ["kind"] = c.Kind.ToString(),
            ["description"] = c.Description, ["conventionId"] = c.ConventionId?.ToString(CultureInfo.InvariantCulture),
            ["meetingAt"] = Local(c.MeetingAt), ["meetingPlace"] = c.MeetingPlace, ["paperBallots"] = c.PaperBallots ? "yes" : null,
            ["onlineOpensAt"] = Local(c.OnlineOpensAt), ["onlineClosesAt"] = Local(c.OnlineClosesAt),
            ["count"] = c.Items.Count.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (item, i) in c.Items.Select((item, i) => (item, i + 1)))
        {
            typed[$"title{i}"] = item.Title;
            typed[$"text{i}"] = item.Text;
            typed[$"kind{i}"] = item.Kind.ToString();
            typed[$"options{i}"] = string.Join('\n', item.Options);
            typed[$"secret{i}"] = item.Secret ? "yes" : null;
        }
        return new(typed, new Dictionary<string, string>());
    }

    private static string? Local(DateTimeOffset? t) => t is { } v ? VietnamTime.Local(v).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null;

    /// <summary>Rows shown: the typed items and one blank row to add another.</summary>
    public int Rows => Math.Min(ConsultationLifecycle.MaxItems, (int.TryParse(Value("count"), out var n) ? Math.Clamp(n, 0, 50) : 0) + 1);
}

/// <summary>
/// The staff pages of consultations (issue 19): the ward view of every hamlet's consultations, the draft form, a consultation
/// with its transitions, documents and the meeting's facts, the results with the arithmetic spelled out, and the two A4
/// minutes. The handlers keep URLs, statuses and authorisation; <see cref="ConsultationLifecycle"/> decides, as for the API.
/// </summary>
public static class ConsultationPages
{
    public static void MapConsultationPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/consultations").ExcludeFromDescription().RequireAuthorization(ConsultationLifecycleApi.StaffPolicy);
        pages.MapGet("/", List);
        pages.MapGet("/new", New);
        pages.MapGet("/{id:long}", Show);
        pages.MapGet("/{id:long}/edit", Edit);
        pages.MapGet("/{id:long}/results", ResultsPage);
        pages.MapGet("/{id:long}/minutes/meeting", (long id, ConsultationLifecycle l, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
            CancellationToken ct) => Minutes(id, true, l, db, L, ct));
        pages.MapGet("/{id:long}/minutes/result", (long id, ConsultationLifecycle l, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
            CancellationToken ct) => Minutes(id, false, l, db, L, ct));
        pages.MapGet("/{id:long}/documents/{documentId:long}", Download);
        var posts = pages.MapFormPosts(http =>
        {
            var L = http.RequestServices.GetRequiredService<IStringLocalizer<StaffResources>>();
            return StaffMessagePage.Result(L["Consultation_CannotTitle"], L["Consultation_SessionExpired"], L["Consultation_BackToList"],
                StatusCodes.Status400BadRequest, "/staff/consultations");
        });
        posts.MapPost("/", Create);
        posts.MapPost("/{id:long}", Save);
        posts.MapPost("/{id:long}/documents", Attach);
        posts.MapPost("/{id:long}/documents/{documentId:long}/remove", RemoveDocument);
        posts.MapPost("/{id:long}/minutes", RecordMinutes);
        posts.MapPost("/{id:long}/transitions/{action}", Transition);
    }

    private static async Task<IResult> List(ConsultationLifecycle lifecycle, CancellationToken ct, string? status = null)
    {
        var chosen = Enum.TryParse<ConsultationStatus>(status, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _) ? s : (ConsultationStatus?)null;
        return new RazorComponentResult<ConsultationListPage>(new
        {
            Consultations = await lifecycle.ListAsync(null, chosen, ct),
            Status = chosen,
            CanDraft = (await lifecycle.HamletsAsync(ct)).Count > 0,
        });
    }

    private static async Task<IResult> New(ConsultationLifecycle lifecycle, CancellationToken ct) =>
        await DraftPageAsync(null, new(new Dictionary<string, string?> { ["kind"] = nameof(ConsultationKind.Decide) }, new Dictionary<string, string>()),
            lifecycle, StatusCodes.Status200OK, ct);

    private static async Task<IResult> Edit(long id, ConsultationLifecycle lifecycle, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await lifecycle.ViewAsync(id, ct) is not { } c) return NotFoundPage(L);
        if (c.Status != ConsultationStatus.Draft) return Results.Redirect($"/staff/consultations/{id}");
        return await DraftPageAsync(id, ConsultationDraftForm.From(c), lifecycle, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> DraftPageAsync(long? id, ConsultationDraftForm form, ConsultationLifecycle lifecycle, int status,
        CancellationToken ct) =>
        new RazorComponentResult<ConsultationDraftPage>(new { Id = id, Form = form, Hamlets = await lifecycle.HamletsAsync(ct) })
        {
            StatusCode = status,
        };

    private static Task<IResult> Create(HttpRequest http, ConsultationLifecycle lifecycle, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        WriteDraftAsync(null, http, lifecycle, L, ct);

    private static Task<IResult> Save(long id, HttpRequest http, ConsultationLifecycle lifecycle, IStringLocalizer<StaffResources> L,
        CancellationToken ct) =>
        WriteDraftAsync(id, http, lifecycle, L, ct);

    /// <summary>
    /// The posted draft read into the API's record (times typed as Vietnam wall clock), checked with the record's own
    /// DataAnnotations and then by <see cref="ConsultationLifecycle"/>, whose refusal is shown beside the form.
    /// </summary>
    private static async Task<IResult> WriteDraftAsync(long? id, HttpRequest http, ConsultationLifecycle lifecycle, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        // An existing draft outside the jurisdiction is not found before anything typed is read.
        if (id is { } known && await lifecycle.FindAsync(known, ct) is null) return NotFoundPage(L);
        var posted = await http.ReadFormAsync(ct);
        string? F(string name) => posted[name].FirstOrDefault();
        var typed = posted.Keys.Where(k => k != "__af").ToDictionary(k => k, k => F(k));
        var errors = new Dictionary<string, string>();
        var unitId = StaffForms.Id(F("unitId"), "unitId", L["Consultation_Hamlet"], errors, L);
        var kind = StaffForms.Named<ConsultationKind>(F("kind"), "kind", L["Consultation_Kind"], errors, L);
        var conventionId = StaffForms.Id(F("conventionId"), "conventionId", L["Consultation_ConventionId"], errors, L);
        DateTimeOffset? Time(string field)
        {
            if (string.IsNullOrWhiteSpace(F(field))) return null;
            var t = Invitations.MeetingForm.ReadLocal(F(field));
            if (t is null) errors[field] = L["Form_Invalid", L[$"Consultation_Field_{field}"]];
            return t;
        }
        var items = new List<ConsultationItemInput>();
        var count = int.TryParse(F("count"), out var n) ? Math.Clamp(n + 1, 0, ConsultationLifecycle.MaxItems) : 1;
        for (var i = 1; i <= count; i++)
        {
            var title = F($"title{i}")?.Trim();
            if (string.IsNullOrEmpty(title)) continue;
            var itemKind = StaffForms.Named<ConsultationItemKind>(F($"kind{i}"), $"kind{i}", L["Consultation_ItemKind"], errors, L);
            var options = (F($"options{i}") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            items.Add(new ConsultationItemInput(title, StaffForms.Blank(F($"text{i}")), itemKind ?? ConsultationItemKind.Approve, options,
                F($"secret{i}") == "yes"));
        }
        typed["count"] = items.Count.ToString(CultureInfo.InvariantCulture);
        var request = new ConsultationDraftRequest(unitId, F("title") ?? "", kind, StaffForms.Blank(F("description")), conventionId,
            Time("meetingAt"), StaffForms.Blank(F("meetingPlace")), F("paperBallots") == "yes", Time("onlineOpensAt"), Time("onlineClosesAt"), items);
        StaffForms.Validate(request, StaffForms.Fields(L, (nameof(request.Title), "Consultation_Title"),
            (nameof(request.Description), "Consultation_Description"), (nameof(request.MeetingPlace), "Consultation_Field_meetingPlace"),
            (nameof(request.UnitId), "Consultation_Hamlet"), (nameof(request.Kind), "Consultation_Kind")), errors, L);
        foreach (var (item, i) in items.Select((item, i) => (item, i + 1)))
        {
            StaffForms.Validate(item, new Dictionary<string, (string, string)>
            {
                [nameof(item.Title)] = ($"title{i}", L["Consultation_ItemTitle"]), [nameof(item.Text)] = ($"text{i}", L["Consultation_ItemText"]),
            }, errors, L);
        }
        // Rows are renumbered from the items kept, so a blank row in the middle does not leave a gap.
        RenumberItems(typed, posted, count);
        if (errors.Count > 0) return await DraftPageAsync(id, new(typed, errors), lifecycle, StatusCodes.Status400BadRequest, ct);
        ConsultationRefusal? refusal;
        if (id is { } existing)
        {
            refusal = await lifecycle.EditAsync(existing, request, ct);
        }
        else
        {
            var (created, r) = await lifecycle.CreateAsync(request, ct);
            refusal = r;
            id = created?.Id;
        }
        if (refusal is null) return Results.Redirect($"/staff/consultations/{id}");
        if (refusal.Reason is ConsultationRefusalReason.NotFound && id is not null) return NotFoundPage(L);
        if (refusal.Reason is ConsultationRefusalReason.NotDraft) return RefusedPage(id!.Value, refusal, L);
        errors[refusal.Reason switch
        {
            ConsultationRefusalReason.NotFound or ConsultationRefusalReason.NotAHamlet or ConsultationRefusalReason.HamletChanged => "unitId",
            ConsultationRefusalReason.ConventionNotOfHamlet => "conventionId",
            ConsultationRefusalReason.ItemInvalid => "items",
            _ => "channels",
        }] = L[$"Consultation_Refusal_{refusal.Reason}"];
        return await DraftPageAsync(id, new(typed, errors), lifecycle, refusal.Status == 404 ? 404 : StatusCodes.Status422UnprocessableEntity, ct);
    }

    private static void RenumberItems(Dictionary<string, string?> typed, IFormCollection posted, int count)
    {
        var next = 1;
        for (var i = 1; i <= count; i++)
        {
            foreach (var f in ItemFields) typed.Remove($"{f}{i}");
        }
        for (var i = 1; i <= count; i++)
        {
            if (string.IsNullOrWhiteSpace(posted[$"title{i}"].FirstOrDefault())) continue;
            foreach (var f in ItemFields) typed[$"{f}{next}"] = posted[$"{f}{i}"].FirstOrDefault();
            next++;
        }
    }

    private static readonly IReadOnlyList<string> ItemFields = ["title", "text", "kind", "options", "secret"];

    private static async Task<IResult> Show(long id, ConsultationLifecycle lifecycle, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
        await lifecycle.ViewAsync(id, ct) is { } c ? ConsultationPage(c, null, StatusCodes.Status200OK) : NotFoundPage(L);

    private static IResult ConsultationPage(ConsultationView c, ConsultationDraftForm? minutes, int status, string? documentError = null) =>
        new RazorComponentResult<ConsultationPage>(new { C = c, Minutes = minutes, DocumentError = documentError }) { StatusCode = status };

    private static async Task<IResult> Transition(long id, string action, [FromForm] string? confirm, ConsultationLifecycle lifecycle,
        IStringLocalizer<StaffResources> L, HttpContext http, CancellationToken ct)
    {
        Func<long, CancellationToken, Task<ConsultationRefusal?>>? run = action switch
        {
            "open" => lifecycle.OpenAsync,
            "close" => lifecycle.CloseAsync,
            "certify-hamlet" when http.User.IsInRole(Roles.HamletHead) => lifecycle.CertifyByHamletAsync,
            "certify-ward" when http.User.IsInRole(Roles.WardLeader) || http.User.IsInRole(Roles.Administrator) => lifecycle.CertifyByWardAsync,
            _ => null,
        };
        if (await lifecycle.ViewAsync(id, ct) is not { } c) return NotFoundPage(L);
        if (run is null)
        {
            return StaffMessagePage.Result(L["Consultation_CannotTitle"], L["Consultation_ActionNotYours"], L["Consultation_Back"],
                StatusCodes.Status403Forbidden, $"/staff/consultations/{id}");
        }
        if (confirm != "yes")
        {
            return StaffMessagePage.Result(L["Consultation_CannotTitle"], L["Consultation_ConfirmRequired"], L["Consultation_Back"],
                StatusCodes.Status400BadRequest, $"/staff/consultations/{id}");
        }
        return await run(c.Id, ct) is { } refusal ? RefusedPage(id, refusal, L) : Results.Redirect($"/staff/consultations/{id}");
    }

    /// <summary>Reads the form itself, so a post without a file (or not multipart) is the page with a message, not a bare 415.</summary>
    private static async Task<IResult> Attach(long id, HttpRequest http, ConsultationLifecycle lifecycle, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (await lifecycle.ViewAsync(id, ct) is not { } c) return NotFoundPage(L);
        var file = (await http.ReadFormAsync(ct)).Files.FirstOrDefault(f => f.Length > 0);
        if (file is null) return ConsultationPage(c, null, StatusCodes.Status400BadRequest, L["Consultation_DocumentRequired"]);
        var upload = (await Cases.AttachmentUpload.ReadAsync([file], ConsultationLifecycle.MaxDocumentBytes, ct))[0];
        // A file over the limit is not read; its length alone is refused.
        var content = upload.Data.Length == 0 ? new byte[ConsultationLifecycle.MaxDocumentBytes + 1] : upload.Data;
        var (_, refusal) = await lifecycle.AttachAsync(id, upload.FileName, content, ct);
        if (refusal is null) return Results.Redirect($"/staff/consultations/{id}#documents");
        if (refusal.Reason is ConsultationRefusalReason.NotDraft or ConsultationRefusalReason.NotFound) return RefusedPage(id, refusal, L);
        return ConsultationPage(c, null, refusal.Status, L[$"Consultation_Refusal_{refusal.Reason}"]);
    }

    private static async Task<IResult> RemoveDocument(long id, long documentId, ConsultationLifecycle lifecycle, IStringLocalizer<StaffResources> L,
        CancellationToken ct) =>
        await lifecycle.RemoveDocumentAsync(id, documentId, ct) is { } refusal ? RefusedPage(id, refusal, L)
            : Results.Redirect($"/staff/consultations/{id}#documents");

    private static async Task<IResult> Download(long id, long documentId, ConsultationLifecycle lifecycle, IStringLocalizer<StaffResources> L,
        CancellationToken ct) =>
        await lifecycle.DocumentAsync(id, documentId, ct) is { } d ? Results.File(d.Content, d.ContentType, d.FileName) : NotFoundPage(L);

    private static async Task<IResult> RecordMinutes(long id, [FromForm] string? meetingChair, [FromForm] string? meetingSecretary,
        [FromForm] string? meetingNotes, ConsultationLifecycle lifecycle, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await lifecycle.ViewAsync(id, ct) is not { } c) return NotFoundPage(L);
        var request = new MeetingMinutesRequest(meetingChair, meetingSecretary, meetingNotes);
        var errors = StaffForms.Validate(request, StaffForms.Fields(L, (nameof(request.MeetingChair), "Consultation_Chair"),
            (nameof(request.MeetingSecretary), "Consultation_Secretary"), (nameof(request.MeetingNotes), "Consultation_Notes")),
            new Dictionary<string, string>(), L);
        if (errors.Count > 0)
        {
            var typed = new Dictionary<string, string?>
            {
                ["meetingChair"] = meetingChair, ["meetingSecretary"] = meetingSecretary, ["meetingNotes"] = meetingNotes,
            };
            return ConsultationPage(c, new(typed, errors), StatusCodes.Status400BadRequest);
        }
        return await lifecycle.RecordMinutesAsync(id, request, ct) is { } refusal ? RefusedPage(id, refusal, L)
            : Results.Redirect($"/staff/consultations/{id}#minutes");
    }

    private static async Task<IResult> ResultsPage(long id, ConsultationLifecycle lifecycle, HaiLongDbContext db, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (await lifecycle.FindAsync(id, ct) is not { } c) return NotFoundPage(L);
        if (c.Status == ConsultationStatus.Draft)
        {
            return StaffMessagePage.Result(L["Consultation_CannotTitle"], L["Consultation_NoResultsYet"], L["Consultation_Back"],
                StatusCodes.Status409Conflict, $"/staff/consultations/{id}");
        }
        return new RazorComponentResult<ConsultationResultsPage>(new { C = c, R = await ConsultationResults.ComputeAsync(db, c, ct) });
    }

    private static async Task<IResult> Minutes(long id, bool meeting, ConsultationLifecycle lifecycle, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await lifecycle.FindAsync(id, ct) is not { } c) return NotFoundPage(L);
        if (c.Status == ConsultationStatus.Draft || (meeting && c.MeetingAt is null))
        {
            return StaffMessagePage.Result(L["Consultation_CannotTitle"], L[meeting ? "Consultation_NoMeeting" : "Consultation_NoResultsYet"],
                L["Consultation_Back"], StatusCodes.Status409Conflict, $"/staff/consultations/{id}");
        }
        var names = await db.Users.AsNoTracking().Where(u => u.Id == c.HamletCertifiedBy || u.Id == c.WardCertifiedBy)
            .ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return new RazorComponentResult<ConsultationMinutesPage>(new
        {
            C = c, R = await ConsultationResults.ComputeAsync(db, c, ct), Meeting = meeting,
            HamletCertifier = c.HamletCertifiedBy is { } h ? names.GetValueOrDefault(h) : null,
            WardCertifier = c.WardCertifiedBy is { } w ? names.GetValueOrDefault(w) : null,
        });
    }

    private static IResult NotFoundPage(IStringLocalizer<StaffResources> L) =>
        StaffMessagePage.Result(L["Consultation_NotFoundTitle"], L["Consultation_NotFound"], L["Consultation_BackToList"],
            StatusCodes.Status404NotFound, "/staff/consultations");

    private static IResult RefusedPage(long id, ConsultationRefusal refusal, IStringLocalizer<StaffResources> L) =>
        refusal.Reason == ConsultationRefusalReason.NotFound ? NotFoundPage(L)
            : StaffMessagePage.Result(L["Consultation_CannotTitle"], L[$"Consultation_Refusal_{refusal.Reason}"], L["Consultation_Back"],
                refusal.Status, $"/staff/consultations/{id}");
}
