using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Consultations;

/// <summary>What a refused form had typed and what was wrong, by field; a page shows it beside the form it came from.</summary>
public sealed record ConventionFormInput(string Form, IReadOnlyDictionary<string, string?> Typed, IReadOnlyDictionary<string, string> Errors)
{
    public const string Register = "register";
    public const string Version = "version";
    public const string Review = "review";

    public static string Decision(int number) => $"decision-{number}";

    public string? Value(string form, string field) => Form == form && Typed.TryGetValue(field, out var v) ? v : null;

    public string? Error(string form, string field) => Form == form && Errors.TryGetValue(field, out var e) ? e : null;
}

/// <summary>
/// The staff pages of the conventions register: a ward's (or hamlet's) conventions with their last review and the share
/// reviewed this year, and one convention with its versions, reviews and forms. The handlers keep the URLs, status codes and
/// authorisation; <see cref="ConventionRegister"/> (shared with the API) decides; the components only render.
/// </summary>
public static class ConventionPages
{
    public const string Path = "/staff/conventions";

    internal static IEndpointRouteBuilder MapConventionPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(Path).ExcludeFromDescription().RequireAuthorization(ConventionsApi.KeepersPolicy);
        pages.MapGet("/", List);
        pages.MapPost("/", Register);
        pages.MapGet("/{id:int}", Show);
        pages.MapPost("/{id:int}/versions", AddVersion);
        pages.MapPost("/{id:int}/versions/{number:int}/decision", RecordDecision);
        pages.MapPost("/{id:int}/reviews", RecordReview);
        return app;
    }

    private static async Task<IResult> List([FromQuery] string? unitId, ConventionRegister register, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        var unit = await ChosenUnitAsync(unitId, register, ct);
        if (unit is { Found: false }) return NotFound(L);
        return await ListPageAsync(register, unit.Unit, null, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> Register([FromForm] string? unitId, [FromForm] string? kind, [FromForm] string? title,
        [FromForm] string? approvalDecision, [FromForm] string? approvedOn, [FromForm] string? effectiveFrom, [FromForm] string? summary,
        [FromForm] string? text, [FromForm] string? shownUnitId, ConventionRegister register, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        var typed = new Dictionary<string, string?>
        {
            ["unitId"] = unitId, ["kind"] = kind, ["title"] = title, ["approvalDecision"] = approvalDecision, ["approvedOn"] = approvedOn,
            ["effectiveFrom"] = effectiveFrom, ["summary"] = summary, ["text"] = text,
        };
        var errors = new Dictionary<string, string>();
        var request = new RegisterConventionRequest(StaffForms.Id(unitId, "unitId", L["Conventions_Hamlet"], errors, L),
            StaffForms.Named<ConventionKind>(kind, "kind", L["Conventions_Kind"], errors, L), title ?? "", approvalDecision ?? "",
            Date(approvedOn, "approvedOn", L["Conventions_ApprovedOn"], errors, L),
            Date(effectiveFrom, "effectiveFrom", L["Conventions_EffectiveFrom"], errors, L), StaffForms.Blank(summary), StaffForms.Blank(text));
        var shown = await ChosenUnitAsync(shownUnitId, register, ct);
        if (StaffForms.Validate(request, RegisterFields(L), errors, L).Count > 0)
        {
            return await ListPageAsync(register, shown.Unit, new(ConventionFormInput.Register, typed, errors), StatusCodes.Status400BadRequest, ct);
        }
        var (detail, refusal) = await register.RegisterAsync(request, ct);
        if (refusal is null) return Results.Redirect($"{Path}/{detail!.Id}");
        if (refusal.Reason == ConventionRefusalReason.NotFound) return NotFound(L);
        errors[Field(refusal.Reason)] = Words(refusal, L);
        return await ListPageAsync(register, shown.Unit, new(ConventionFormInput.Register, typed, errors), refusal.Status, ct);
    }

    private static async Task<IResult> Show(int id, [FromQuery] string? done, ConventionRegister register, IStringLocalizer<StaffResources> L,
        CancellationToken ct) =>
        await ConventionPageAsync(id, register, L, null, done is "version" or "decision" or "review" ? done : null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> AddVersion(int id, [FromForm] string? approvalDecision, [FromForm] string? approvedOn,
        [FromForm] string? effectiveFrom, [FromForm] string? summary, [FromForm] string? text, ConventionRegister register,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var typed = new Dictionary<string, string?>
        {
            ["approvalDecision"] = approvalDecision, ["approvedOn"] = approvedOn, ["effectiveFrom"] = effectiveFrom, ["summary"] = summary,
            ["text"] = text,
        };
        var errors = new Dictionary<string, string>();
        var request = new AddConventionVersionRequest(approvalDecision ?? "", Date(approvedOn, "approvedOn", L["Conventions_ApprovedOn"], errors, L),
            Date(effectiveFrom, "effectiveFrom", L["Conventions_EffectiveFrom"], errors, L), StaffForms.Blank(summary), StaffForms.Blank(text));
        return await ChangeAsync(id, ConventionFormInput.Version, typed, request, errors,
            () => register.AddVersionAsync(id, request, ct), register, L, ct);
    }

    private static async Task<IResult> RecordDecision(int id, int number, [FromForm] string? approvalDecision, [FromForm] string? approvedOn,
        [FromForm] string? effectiveFrom, ConventionRegister register, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var typed = new Dictionary<string, string?>
        {
            ["approvalDecision"] = approvalDecision, ["approvedOn"] = approvedOn, ["effectiveFrom"] = effectiveFrom,
        };
        var errors = new Dictionary<string, string>();
        var request = new RecordConventionDecisionRequest(approvalDecision ?? "",
            Date(approvedOn, "approvedOn", L["Conventions_ApprovedOn"], errors, L),
            Date(effectiveFrom, "effectiveFrom", L["Conventions_EffectiveFrom"], errors, L));
        return await ChangeAsync(id, ConventionFormInput.Decision(number), typed, request, errors,
            () => register.RecordDecisionAsync(id, number, request, ct), register, L, ct);
    }

    private static async Task<IResult> RecordReview(int id, [FromForm] string? reviewedOn, [FromForm] string? note, ConventionRegister register,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var typed = new Dictionary<string, string?> { ["reviewedOn"] = reviewedOn, ["note"] = note };
        var errors = new Dictionary<string, string>();
        var request = new RecordConventionReviewRequest(Date(reviewedOn, "reviewedOn", L["Conventions_ReviewedOn"], errors, L),
            StaffForms.Blank(note));
        return await ChangeAsync(id, ConventionFormInput.Review, typed, request, errors,
            () => register.RecordReviewAsync(id, request, ct), register, L, ct);
    }

    /// <summary>
    /// A form of a convention's page: the request checked with its own DataAnnotations, then the register's change; a refusal
    /// shows the page again with what was typed and the message beside its field, a change goes back to the page (post,
    /// redirect, get).
    /// </summary>
    private static async Task<IResult> ChangeAsync<T>(int id, string form, Dictionary<string, string?> typed, object request,
        Dictionary<string, string> errors, Func<Task<ConventionOutcome<T>>> change, ConventionRegister register, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (await register.GetAsync(id, ct) is null) return NotFound(L);
        if (StaffForms.Validate(request, ChangeFields(L), errors, L).Count > 0)
        {
            return await ConventionPageAsync(id, register, L, new(form, typed, errors), null, StatusCodes.Status400BadRequest, ct);
        }
        var (_, refusal) = await change();
        if (refusal is null) return Results.Redirect($"{Path}/{id}?done={form.Split('-')[0]}#{form.Split('-')[0]}");
        if (refusal.Reason == ConventionRefusalReason.NotFound) return NotFound(L);
        errors[Field(refusal.Reason)] = Words(refusal, L);
        return await ConventionPageAsync(id, register, L, new(form, typed, errors), null, refusal.Status, ct);
    }

    private static async Task<IResult> ListPageAsync(ConventionRegister register, AdministrativeUnit? unit, ConventionFormInput? input, int status,
        CancellationToken ct)
    {
        var conventions = unit is null ? [] : (await register.ListAsync(unit.Id, ct)).Value!;
        var share = unit is null ? null : (await register.ShareAsync(unit.Id, null, ct)).Value;
        return new RazorComponentResult<ConventionListPage>(new
        {
            Unit = unit,
            Wards = unit is null ? await register.WardsAsync(ct) : [],
            Conventions = conventions,
            Share = share,
            Hamlets = unit is null ? [] : await register.HamletsAsync(unit, ct),
            Today = register.Today,
            Input = input,
        }) { StatusCode = status };
    }

    private static async Task<IResult> ConventionPageAsync(int id, ConventionRegister register, IStringLocalizer<StaffResources> L,
        ConventionFormInput? input, string? done, int status, CancellationToken ct)
    {
        if (await register.GetAsync(id, ct) is not { } convention) return NotFound(L);
        return new RazorComponentResult<ConventionPage>(new { Convention = convention, Today = register.Today, Input = input, Done = done })
        {
            StatusCode = status,
        };
    }

    /// <summary>The unit a list is shown for: the one asked for (not found outside the jurisdiction), else the caller's own.</summary>
    private static async Task<(bool Found, AdministrativeUnit? Unit)> ChosenUnitAsync(string? unitId, ConventionRegister register,
        CancellationToken ct)
    {
        if (string.IsNullOrEmpty(unitId)) return (true, await register.HomeUnitAsync(ct));
        if (!int.TryParse(unitId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return (false, null);
        return await register.UnitAsync(id, ct) is { } unit ? (true, unit) : (false, null);
    }

    private static Dictionary<string, (string Field, string Label)> RegisterFields(IStringLocalizer<StaffResources> L) =>
        StaffForms.Fields(L, (nameof(RegisterConventionRequest.UnitId), "Conventions_Hamlet"), (nameof(RegisterConventionRequest.Kind), "Conventions_Kind"),
            (nameof(RegisterConventionRequest.Title), "Conventions_TitleLabel"), (nameof(RegisterConventionRequest.ApprovalDecision), "Conventions_Decision"),
            (nameof(RegisterConventionRequest.ApprovedOn), "Conventions_ApprovedOn"),
            (nameof(RegisterConventionRequest.EffectiveFrom), "Conventions_EffectiveFrom"),
            (nameof(RegisterConventionRequest.Summary), "Conventions_Summary"), (nameof(RegisterConventionRequest.Text), "Conventions_Text"));

    private static Dictionary<string, (string Field, string Label)> ChangeFields(IStringLocalizer<StaffResources> L) =>
        StaffForms.Fields(L, (nameof(AddConventionVersionRequest.ApprovalDecision), "Conventions_Decision"),
            (nameof(AddConventionVersionRequest.ApprovedOn), "Conventions_ApprovedOn"),
            (nameof(AddConventionVersionRequest.EffectiveFrom), "Conventions_EffectiveFrom"),
            (nameof(AddConventionVersionRequest.Summary), "Conventions_Summary"), (nameof(AddConventionVersionRequest.Text), "Conventions_Text"),
            (nameof(RecordConventionReviewRequest.ReviewedOn), "Conventions_ReviewedOn"), (nameof(RecordConventionReviewRequest.Note), "Conventions_Note"));

    /// <summary>A date from a date field (yyyy-MM-dd); empty is null, anything else is "invalid" beside the field.</summary>
    private static DateOnly? Date(string? text, string field, string label, Dictionary<string, string> errors, IStringLocalizer<StaffResources> L)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[field] = L["Form_Invalid", label];
        return null;
    }

    /// <summary>A day as the pages write it.</summary>
    public static string Day(DateOnly? day) => day?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>The field a refusal is shown beside.</summary>
    private static string Field(ConventionRefusalReason reason) => reason switch
    {
        ConventionRefusalReason.NotAHamlet => "unitId",
        ConventionRefusalReason.DecisionInFuture => "approvedOn",
        ConventionRefusalReason.EffectiveBeforeDecision or ConventionRefusalReason.EffectiveBeforeCurrent => "effectiveFrom",
        ConventionRefusalReason.ReviewInFuture or ConventionRefusalReason.ReviewSameDay => "reviewedOn",
        _ => "approvalDecision",
    };

    private static string Words(ConventionRefusal refusal, IStringLocalizer<StaffResources> L) => L[$"Conventions_Refused_{refusal.Reason}"];

    private static IResult NotFound(IStringLocalizer<StaffResources> L) =>
        StaffMessagePage.Result(L["Conventions_NotFound"], L["Conventions_NotFoundBody"], L["Conventions_BackToList"], StatusCodes.Status404NotFound,
            Path);
}
