using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// The community conventions register (issue 19, point 7): each hamlet's hương ước / quy ước with its versions, approval
/// decisions, effective dates and yearly reviews, and the share reviewed each year. Part of the Consultations capability
/// (<see cref="ConsultationsApi"/> composes it); <see cref="ConventionRegister"/> decides for the API and the pages alike.
/// </summary>
public static class ConventionsApi
{
    /// <summary>Hamlet heads for their hamlet, ward staff for the ward's hamlets, administrators within their jurisdiction.</summary>
    public const string KeepersPolicy = "ConventionKeepers";

    // Internal: the capability is Consultations (AddConsultations registers this part), so the composition tests see one Add.
    internal static IServiceCollection AddConventions(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(KeepersPolicy, p => p.RequireRole(ConsultationsApi.StaffRoles));
        services.AddScoped<ConventionRegister>();
        services.AddStaffLink(ConventionPages.Path, "Conventions_Link", ConsultationsApi.StaffRoles);
        return services;
    }

    internal static IEndpointRouteBuilder MapConventions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/conventions").WithTags(ConsultationsApi.ConventionsTag).RequireAuthorization(KeepersPolicy);
        api.MapGet("/", ListConventions).WithName("ListConventions");
        api.MapPost("/", RegisterConvention).WithName("RegisterConvention");
        api.MapGet("/review-share/{unitId:int}", GetReviewShare).WithName("GetConventionReviewShare");
        api.MapGet("/{id:int}", GetConvention).WithName("GetConvention");
        api.MapPost("/{id:int}/versions", AddConventionVersion).WithName("AddConventionVersion");
        api.MapPost("/{id:int}/versions/{number:int}/decision", RecordConventionDecision).WithName("RecordConventionDecision");
        api.MapPost("/{id:int}/reviews", RecordConventionReview).WithName("RecordConventionReview");
        app.MapConventionPages();
        return app;
    }

    /// <summary>The community conventions of a hamlet or a ward</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators. Lists the conventions of `unitId`'s subtree (a ward: all
    /// its hamlets), or of the whole jurisdiction when absent, each with its version in force today, its decision and its last
    /// review; changes nothing. A unit outside the caller's jurisdiction answers 404.
    /// </remarks>
    public static async Task<Results<Ok<ConventionSummary[]>, NotFound<ProblemDetails>>> ListConventions(ConventionRegister register,
        CancellationToken ct, int? unitId = null)
    {
        var (list, refusal) = await register.ListAsync(unitId, ct);
        return refusal is null ? TypedResults.Ok(list!) : TypedResults.NotFound(refusal.Problem);
    }

    /// <summary>Register a hamlet's convention with its first version</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a hamlet or residential group of their jurisdiction
    /// (404 otherwise). Registers a hương ước or quy ước with version 1: the ward People's Committee's decision recognising it,
    /// its date and the day it took effect; audited. Refuses a unit that is not a hamlet or residential group, a decision dated
    /// after today (Vietnam time) and an effective day before the decision (422).
    /// </remarks>
    public static async Task<Results<Created<ConventionDetail>, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>>> RegisterConvention(RegisterConventionRequest request, ConventionRegister register, CancellationToken ct)
    {
        var (detail, refusal) = await register.RegisterAsync(request, ct);
        return Answer(refusal, () => TypedResults.Created($"/api/conventions/{detail!.Id}", detail));
    }

    /// <summary>A convention with its versions and reviews</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators. Reads one convention: every version (oldest first) with
    /// its decision, decision date, effective day and the consultation that made it, and every review (newest first); changes
    /// nothing. A convention outside the caller's jurisdiction answers 404.
    /// </remarks>
    public static async Task<Results<Ok<ConventionDetail>, NotFound<ProblemDetails>>> GetConvention(int id, ConventionRegister register,
        CancellationToken ct) =>
        await register.GetAsync(id, ct) is { } detail
            ? TypedResults.Ok(detail)
            : TypedResults.NotFound(Problems.NotFound("convention", id));

    /// <summary>Add a version approved by a decision</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, within their jurisdiction (404 otherwise). Adds the
    /// convention's next version with the decision recognising it; without a text it carries the previous version's forward;
    /// audited. A version made by a consultation of the households is added by its certification instead. Refuses a decision
    /// dated after today, an effective day before the decision or before the version in force (422), and a number another
    /// version took meanwhile (409).
    /// </remarks>
    public static async Task<Results<Created<ConventionVersionView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>>> AddConventionVersion(int id, AddConventionVersionRequest request, ConventionRegister register,
        CancellationToken ct)
    {
        var (version, refusal) = await register.AddVersionAsync(id, request, ct);
        return Answer(refusal, () => TypedResults.Created($"/api/conventions/{id}", version));
    }

    /// <summary>Record the approval decision on a version a consultation made</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, within their jurisdiction (404 for a convention or a
    /// version number not found). Records the ward People's Committee's decision recognising a version that the certification
    /// of a consultation created without one, and, when the decision sets it, a different effective day; audited. Refuses a
    /// version that already has a decision (409), a decision dated after today and an effective day before it (422).
    /// </remarks>
    public static async Task<Results<Ok<ConventionVersionView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>>> RecordConventionDecision(int id, int number, RecordConventionDecisionRequest request,
        ConventionRegister register, CancellationToken ct)
    {
        var (version, refusal) = await register.RecordDecisionAsync(id, number, request, ct);
        return Answer(refusal, () => TypedResults.Ok(version));
    }

    /// <summary>Record a yearly review of a convention</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, within their jurisdiction (404 otherwise). Records a
    /// review (rà soát, đánh giá) on its date — today in Vietnam when absent — with a note; it counts in the share of its
    /// calendar year; audited. Refuses a date after today (422) and a second review on the same day (409).
    /// </remarks>
    public static async Task<Results<Created<ConventionReviewView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>,
        UnprocessableEntity<ProblemDetails>>> RecordConventionReview(int id, RecordConventionReviewRequest request, ConventionRegister register,
        CancellationToken ct)
    {
        var (review, refusal) = await register.RecordReviewAsync(id, request, ct);
        return Answer(refusal, () => TypedResults.Created($"/api/conventions/{id}", review));
    }

    /// <summary>The share of a unit's conventions reviewed in a year</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, for a unit of their jurisdiction (404 otherwise): the
    /// resolutions' target "hằng năm, 100% hương ước, quy ước được rà soát, đánh giá". Counts the conventions of the unit's
    /// subtree registered and in force on the day the share is taken (today in the current year, 31 December for a past
    /// one) and those of them with a review dated in `year` (the current year, Vietnam calendar, when absent); changes
    /// nothing. A year not begun answers 422.
    /// </remarks>
    public static async Task<Results<Ok<ConventionReviewShareView>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>>
        GetReviewShare(int unitId, ConventionRegister register, CancellationToken ct, int? year = null)
    {
        var (share, refusal) = await register.ShareAsync(unitId, year, ct);
        if (refusal is null) return TypedResults.Ok(share!);
        return refusal.Status == StatusCodes.Status404NotFound
            ? TypedResults.NotFound(refusal.Problem)
            : TypedResults.UnprocessableEntity(refusal.Problem);
    }

    private static Results<TOk, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>> Answer<TOk>(
        ConventionRefusal? refusal, Func<TOk> ok) where TOk : IResult => refusal?.Status switch
        {
            null => ok(),
            StatusCodes.Status404NotFound => TypedResults.NotFound(refusal.Problem),
            StatusCodes.Status409Conflict => TypedResults.Conflict(refusal.Problem),
            _ => TypedResults.UnprocessableEntity(refusal.Problem),
        };
}
