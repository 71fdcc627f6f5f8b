using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// A consultation from draft to certified result (issue 19, points 2, 5 and 6): <c>/api/consultations</c> for the hamlet head
/// and ward staff of the hamlet's jurisdiction, the staff pages (<see cref="ConsultationPages"/>) and the public results.
/// Every change goes through <see cref="ConsultationLifecycle"/>, the arithmetic through <see cref="ConsultationRules"/>.
/// </summary>
public static class ConsultationLifecycleApi
{
    /// <summary>Who works on consultations; which ones they reach is decided by their jurisdiction.</summary>
    public const string StaffPolicy = "ConsultationLifecycle";
    public const string WardCertifierPolicy = "ConsultationWardCertifier";

    // Internal: a part of the Consultations capability, whose one public Add/Map (ConsultationsApi) composes it.
    internal static IServiceCollection AddConsultationLifecycle(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.RequireRole(ConsultationsApi.StaffRoles))
            .AddPolicy(WardCertifierPolicy, p => p.RequireRole(Roles.WardLeader, Roles.Administrator));
        services.AddScoped<ConsultationLifecycle>();
        services.AddStaffLink("/staff/consultations", "Link_Consultations", ConsultationsApi.StaffRoles);
        return services;
    }

    internal static IEndpointRouteBuilder MapConsultationLifecycle(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/consultations").WithTags(ConsultationsApi.ConsultationsTag).RequireAuthorization(StaffPolicy);
        api.MapGet("/", ListConsultations).WithName("ListConsultations");
        api.MapPost("/", CreateConsultation).WithName("CreateConsultation");
        api.MapGet("/{id:long}", GetConsultation).WithName("GetConsultation");
        api.MapPut("/{id:long}", UpdateConsultationDraft).WithName("UpdateConsultationDraft");
        api.MapPost("/{id:long}/documents", AttachConsultationDocument).WithName("AttachConsultationDocument")
            .Accepts<byte[]>(ConsultationLifecycle.DocxType, [.. ConsultationLifecycle.DocumentTypes.SkipLast(1)]);
        api.MapGet("/{id:long}/documents/{documentId:long}", GetConsultationDocument).WithName("GetConsultationDocument")
            .ProducesContent(StatusCodes.Status200OK, "The document, with the type recognised when it was attached",
                ConsultationLifecycle.DocumentTypes);
        api.MapDelete("/{id:long}/documents/{documentId:long}", RemoveConsultationDocument).WithName("RemoveConsultationDocument");
        api.MapPost("/{id:long}/open", OpenConsultation).WithName("OpenConsultation");
        api.MapPost("/{id:long}/close", CloseConsultation).WithName("CloseConsultation");
        api.MapPost("/{id:long}/certify/hamlet", CertifyConsultationByHamlet).WithName("CertifyConsultationByHamlet")
            .RequireAuthorization(p => p.RequireRole(Roles.HamletHead));
        api.MapPost("/{id:long}/certify/ward", CertifyConsultationByWard).WithName("CertifyConsultationByWard")
            .RequireAuthorization(WardCertifierPolicy);
        api.MapGet("/{id:long}/results", GetConsultationResults).WithName("GetConsultationResults");
        app.MapConsultationPages();
        app.MapPublication();
        return app;
    }

    /// <summary>Consultations in the caller's jurisdiction, newest first</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators. Lists the consultations of the hamlets in the caller's
    /// jurisdiction (a hamlet head: its own), optionally of one unit's subtree (`unitId`: a hamlet, or a ward for all its
    /// hamlets) and one `status`, with the register and the households that took part; a unit outside the jurisdiction
    /// lists nothing. Changes nothing.
    /// </remarks>
    public static async Task<Ok<ConsultationSummary[]>> ListConsultations(ConsultationLifecycle lifecycle, CancellationToken ct,
        int? unitId = null, ConsultationStatus? status = null) =>
        TypedResults.Ok((await lifecycle.ListAsync(unitId, status, ct)).ToArray());

    /// <summary>Draft a consultation of a hamlet's households</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a hamlet or residential group of their jurisdiction
    /// (404 otherwise). Stores a draft with its items (in the order given) and channels: a meeting (date and place), paper
    /// ballots, an online window. Refuses a unit that is not a hamlet, a convention of another hamlet, a meeting without its
    /// place, an online window that ends before it starts, and items whose options do not fit their kind (422).
    /// </remarks>
    public static async Task<Results<Created<ConsultationView>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> CreateConsultation(
        ConsultationDraftRequest request, ConsultationLifecycle lifecycle, CancellationToken ct)
    {
        var (created, refusal) = await lifecycle.CreateAsync(request, ct);
        if (refusal is { Reason: ConsultationRefusalReason.NotFound }) return TypedResults.NotFound(refusal.Problem);
        if (refusal is not null) return TypedResults.UnprocessableEntity(refusal.Problem);
        return TypedResults.Created($"/api/consultations/{created!.Id}", (await lifecycle.ViewAsync(created.Id, ct))!);
    }

    /// <summary>A consultation with its items, channels and documents</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a consultation of their jurisdiction (404 otherwise).
    /// Reads the consultation, its items, channels, dates of each transition and its documents (without their content);
    /// changes nothing.
    /// </remarks>
    public static async Task<Results<Ok<ConsultationView>, NotFound<ProblemDetails>>> GetConsultation(long id, ConsultationLifecycle lifecycle,
        CancellationToken ct) =>
        await lifecycle.ViewAsync(id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound(Problems.NotFound("consultation", id));

    /// <summary>Rewrite a draft: title, kind, description, channels and items</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a draft of their jurisdiction (404 otherwise). Replaces
    /// every member of the draft, its items as given. Refuses a consultation that is no longer a draft (409), moving it to
    /// another hamlet and the draft's own rules as at creation (422).
    /// </remarks>
    public static async Task<Results<Ok<ConsultationView>, ProblemHttpResult>> UpdateConsultationDraft(long id, ConsultationDraftRequest request,
        ConsultationLifecycle lifecycle, CancellationToken ct) =>
        await Answer(id, await lifecycle.EditAsync(id, request, ct), lifecycle, ct);

    /// <summary>Attach a document to a draft (the body is the file)</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a draft of their jurisdiction (404 otherwise). The
    /// body is the file itself, named by `fileName`; its type is recognised from its content: PDF, DOCX (named .docx), JPEG,
    /// PNG or WebP (415 otherwise), at most 1,000,000 bytes (413), at most 10 documents (422). Refused once the consultation is
    /// open (409).
    /// </remarks>
    public static async Task<Results<Created<ConsultationDocumentView>, ProblemHttpResult>> AttachConsultationDocument(long id,
        [Required, MaxLength(200)] string fileName, HttpRequest http, ConsultationLifecycle lifecycle, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            // Stop reading what can never be stored: the refusal below says why.
            if (buffer.Length > ConsultationLifecycle.MaxDocumentBytes) break;
        }
        var (document, refusal) = await lifecycle.AttachAsync(id, fileName, buffer.ToArray(), ct);
        if (refusal is not null) return TypedResults.Problem(refusal.Problem);
        return TypedResults.Created($"/api/consultations/{id}/documents/{document!.Id}",
            new ConsultationDocumentView(document.Id, document.FileName, document.ContentType, document.Content.Length, document.UploadedAt));
    }

    /// <summary>Download a consultation's document</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a consultation of their jurisdiction (404 otherwise).
    /// Answers the file with the type recognised when it was attached; changes nothing.
    /// </remarks>
    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> GetConsultationDocument(long id, long documentId,
        ConsultationLifecycle lifecycle, CancellationToken ct) =>
        await lifecycle.DocumentAsync(id, documentId, ct) is { } d
            ? TypedResults.File(d.Content, d.ContentType, d.FileName)
            : TypedResults.NotFound(Problems.NotFound("document", documentId));

    /// <summary>Remove a document from a draft</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a draft of their jurisdiction (404 otherwise; also an
    /// unknown document). Refused once the consultation is open (409).
    /// </remarks>
    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveConsultationDocument(long id, long documentId,
        ConsultationLifecycle lifecycle, CancellationToken ct) =>
        await lifecycle.RemoveDocumentAsync(id, documentId, ct) is { } refusal ? TypedResults.Problem(refusal.Problem) : TypedResults.NoContent();

    /// <summary>Open a draft: freeze the hamlet's register and start taking votes</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a consultation of their jurisdiction (404 otherwise).
    /// Copies every active household of the hamlet into the consultation's roll (the denominator never changes afterwards)
    /// under the latest policy. Refuses a consultation that is not a draft (409), a hamlet with no active household, a draft
    /// with no item or no channel, and an online window that has already ended (422).
    /// </remarks>
    public static async Task<Results<Ok<ConsultationView>, ProblemHttpResult>> OpenConsultation(long id, ConsultationLifecycle lifecycle,
        CancellationToken ct) =>
        await Answer(id, await lifecycle.OpenAsync(id, ct), lifecycle, ct);

    /// <summary>Close an open consultation: voting stops in every channel</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a consultation of their jurisdiction (404 otherwise).
    /// Refuses a consultation that is not open (409).
    /// </remarks>
    public static async Task<Results<Ok<ConsultationView>, ProblemHttpResult>> CloseConsultation(long id, ConsultationLifecycle lifecycle,
        CancellationToken ct) =>
        await Answer(id, await lifecycle.CloseAsync(id, ct), lifecycle, ct);

    /// <summary>The hamlet head certifies a closed consultation's result</summary>
    /// <remarks>
    /// Hamlet heads, for a consultation of their hamlet (404 otherwise). Refuses a consultation that is not closed or is
    /// already certified by the hamlet head, and one with a paper slip still waiting for its second keying or a resolution (409).
    /// </remarks>
    public static async Task<Results<Ok<ConsultationView>, ProblemHttpResult>> CertifyConsultationByHamlet(long id,
        ConsultationLifecycle lifecycle, CancellationToken ct) =>
        await Answer(id, await lifecycle.CertifyByHamletAsync(id, ct), lifecycle, ct);

    /// <summary>The ward certifies the result after the hamlet head: final and published</summary>
    /// <remarks>
    /// Ward leaders and administrators, for a consultation of their jurisdiction (404 otherwise). Certifies the result, which
    /// is then published on the ward's public page; a decide consultation amending a convention whose items all passed makes
    /// the convention's next version in the same transaction. Refuses a consultation that is not closed, not yet certified by
    /// the hamlet head, or has a paper slip waiting (409).
    /// </remarks>
    public static async Task<Results<Ok<ConsultationView>, ProblemHttpResult>> CertifyConsultationByWard(long id,
        ConsultationLifecycle lifecycle, CancellationToken ct) =>
        await Answer(id, await lifecycle.CertifyByWardAsync(id, ct), lifecycle, ct);

    /// <summary>A consultation's result: turnout, counts per item and channel, thresholds and outcomes</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a consultation of their jurisdiction (404 otherwise).
    /// Counts every vote so far (tallies and ballots not yet folded), the households that took part by channel, the meeting's
    /// quorum and each item's outcome against more than the policy's share of ALL registered households. A draft has no
    /// result (409). Changes nothing.
    /// </remarks>
    public static async Task<Results<Ok<ConsultationResultsView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> GetConsultationResults(
        long id, ConsultationLifecycle lifecycle, HaiLongDbContext db, CancellationToken ct)
    {
        if (await lifecycle.FindAsync(id, ct) is not { } c) return TypedResults.NotFound(Problems.NotFound("consultation", id));
        if (c.Status == ConsultationStatus.Draft) return TypedResults.Conflict(Problems.Conflict("A draft has no result until it is opened."));
        return TypedResults.Ok(await ConsultationResults.ComputeAsync(db, c, ct));
    }

    private static async Task<Results<Ok<ConsultationView>, ProblemHttpResult>> Answer(long id, ConsultationRefusal? refusal,
        ConsultationLifecycle lifecycle, CancellationToken ct) =>
        refusal is not null ? TypedResults.Problem(refusal.Problem) : TypedResults.Ok((await lifecycle.ViewAsync(id, ct))!);
}
