using System.Globalization;
using System.Text;
using HaiLong.Api.Features.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using StaffMessagePage = HaiLong.Api.Features.Accounts.StaffMessagePage;

namespace HaiLong.Api.Features.Consultations;

/// <summary>A form posted on a household page, refused: which form, what was typed, the message beside each field.</summary>
public sealed record HouseholdForm(string Name, IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, string> Errors,
    string? Error = null)
{
    public string? Value(string form, string field) => form == Name ? Values.GetValueOrDefault(field) : null;

    public string? FieldError(string form, string field) => form == Name ? Errors.GetValueOrDefault(field) : null;
}

/// <summary>
/// The staff pages of the household register: the hamlets the user keeps, a hamlet's register (search, paging, print, add),
/// its import from the residence records (upload → preview → apply) and a household's page with its actions and history.
/// Every change goes through <see cref="HouseholdRegister"/> and <see cref="HouseholdImport"/>, as the API's; outside the
/// user's jurisdiction every page is 404.
/// </summary>
internal static class HouseholdPages
{
    public const string Path = "/staff/households";

    public static string HamletPath(int unitId) => $"{Path}/hamlets/{unitId.ToString(CultureInfo.InvariantCulture)}";

    public static string HouseholdPath(long id) => $"{Path}/{id.ToString(CultureInfo.InvariantCulture)}";

    internal static IEndpointRouteBuilder MapHouseholdPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(Path).ExcludeFromDescription().RequireAuthorization(HouseholdsApi.KeepersPolicy);
        pages.MapGet("/", Hamlets);
        pages.MapGet("/hamlets/{unitId:int}", Register);
        pages.MapGet("/hamlets/{unitId:int}/import", ImportForm);
        pages.MapGet("/{id:long}", Show);
        var posts = pages.MapFormPosts(http => RegistryListing.SessionExpiredPage(http, Path, "Households_BackToHamlets"));
        posts.MapPost("/hamlets/{unitId:int}", Add);
        posts.MapPost("/hamlets/{unitId:int}/import", Preview);
        posts.MapPost("/hamlets/{unitId:int}/import/confirm", Confirm);
        posts.MapPost("/{id:long}", Correct);
        posts.MapPost("/{id:long}/move-out", MoveOut);
        posts.MapPost("/{id:long}/merge", Merge);
        posts.MapPost("/{id:long}/split", Split);
        return app;
    }

    private static async Task<IResult> Hamlets(HouseholdRegister register, CancellationToken ct) =>
        new RazorComponentResult<HouseholdHamletsPage>(new { Hamlets = await register.HamletsAsync(ct) });

    private static async Task<IResult> Register(int unitId, HouseholdRegister register, IStringLocalizer<StaffResources> L,
        TimeProvider clock, CancellationToken ct, string? q = null, string? status = null, string? page = null, string? print = null,
        string? done = null) =>
        await RegisterPageAsync(unitId, register, L, clock, ct, q, status, page, print is "1", done, null, StatusCodes.Status200OK);

    private static async Task<IResult> RegisterPageAsync(int unitId, HouseholdRegister register, IStringLocalizer<StaffResources> L,
        TimeProvider clock, CancellationToken ct, string? q, string? status, string? page, bool print, string? done, HouseholdForm? form,
        int code)
    {
        var (hamlet, refusal) = await register.HamletAsync(unitId, ct);
        if (refusal is not null) return Refused(refusal, L);
        HouseholdStatus? only = Enum.TryParse<HouseholdStatus>(status, ignoreCase: false, out var s) && Enum.IsDefined(s) ? s : null;
        var number = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
        var query = RegistryListing.Query(q);
        var rows = await register.ListAsync(unitId, only, query, number, ct, print ? HouseholdImport.MaxRows : HouseholdRegister.PageSize);
        return new RazorComponentResult<HouseholdRegisterPage>(new
        {
            Hamlet = hamlet!,
            Rows = rows,
            Query = query,
            Status = only,
            Print = print,
            Done = done is "added" or "imported" ? done : null,
            Today = VietnamTime.Today(clock),
            Form = form,
        }) { StatusCode = code };
    }

    private static async Task<IResult> Add(int unitId, [FromForm] string? code, [FromForm] string? representativeName,
        [FromForm] string? address, [FromForm] string? registeredOn, HouseholdRegister register, IStringLocalizer<StaffResources> L,
        TimeProvider clock, CancellationToken ct)
    {
        var values = new Dictionary<string, string?>
        {
            ["code"] = code, ["representativeName"] = representativeName, ["address"] = address, ["registeredOn"] = registeredOn,
        };
        var errors = new Dictionary<string, string>();
        var request = new AddHouseholdRequest(unitId, code ?? "", representativeName ?? "", address ?? "", Day(registeredOn, "registeredOn", errors, L));
        StaffForms.Validate(request, Fields(L), errors, L);
        var refusal = errors.Count > 0 ? null : (await register.AddAsync(request, ct)).Refusal;
        if (errors.Count == 0 && refusal is null) return Results.Redirect($"{HamletPath(unitId)}?done=added");
        if (refusal is { Reason: HouseholdRefusalReason.NotFound or HouseholdRefusalReason.NotHamlet }) return Refused(refusal, L);
        var form = new HouseholdForm("add", values, errors, refusal is null ? null : Words(refusal, L));
        return await RegisterPageAsync(unitId, register, L, clock, ct, null, null, null, false, null, form,
            refusal?.Status ?? StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> ImportForm(int unitId, HouseholdRegister register, IStringLocalizer<StaffResources> L,
        CancellationToken ct) =>
        await ImportPageAsync(unitId, register, L, null, null, null, false, StatusCodes.Status200OK, ct);

    private static async Task<IResult> ImportPageAsync(int unitId, HouseholdRegister register, IStringLocalizer<StaffResources> L,
        HouseholdImportOutcome? outcome, string? csv, string? error, bool markMissing, int status, CancellationToken ct)
    {
        var (hamlet, refusal) = await register.HamletAsync(unitId, ct);
        if (refusal is not null) return Refused(refusal, L);
        return new RazorComponentResult<HouseholdImportPage>(new
        {
            Hamlet = hamlet!, Outcome = outcome, Csv = csv, Error = error, MarkMissing = markMissing,
        }) { StatusCode = status };
    }

    private static async Task<IResult> Preview(int unitId, IFormCollection form, HouseholdRegister register, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, TimeProvider clock, CancellationToken ct)
    {
        var markMissing = form["markMissingMovedOut"] == "true";
        if ((await register.HamletAsync(unitId, ct)).Refusal is { } refusal) return Refused(refusal, L);
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return await ImportPageAsync(unitId, register, L, null, null, L["Households_FileRequired"], markMissing, StatusCodes.Status400BadRequest, ct);
        }
        if (file.Length > HouseholdImport.MaxFileBytes)
        {
            return await ImportPageAsync(unitId, register, L, null, null, L["Households_FileTooLarge", HouseholdImport.MaxFileBytes / 1000],
                markMissing, StatusCodes.Status413PayloadTooLarge, ct);
        }
        await using var stream = file.OpenReadStream();
        var (text, _) = await CsvImport.DecodeAsync(stream, ct);
        if (text is null)
        {
            return await ImportPageAsync(unitId, register, L, null, null, L["Households_NotUtf8"], markMissing,
                StatusCodes.Status422UnprocessableEntity, ct);
        }
        var outcome = await HouseholdImport.ImportAsync(db, register, unitId, text, apply: false, markMissing, VietnamTime.Today(clock), ct);
        return await ImportPageAsync(unitId, register, L, outcome, outcome.Accepted ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : null,
            null, markMissing, outcome.Accepted ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity, ct);
    }

    private static async Task<IResult> Confirm(int unitId, IFormCollection form, HouseholdRegister register, HaiLongDbContext db,
        IStringLocalizer<StaffResources> L, TimeProvider clock, CancellationToken ct)
    {
        var markMissing = form["markMissingMovedOut"] == "true";
        if ((await register.HamletAsync(unitId, ct)).Refusal is { } refusal) return Refused(refusal, L);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(form["csv"].ToString()));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return await ImportPageAsync(unitId, register, L, null, null, L["Households_ImportLost"], markMissing,
                StatusCodes.Status400BadRequest, ct);
        }
        // Checked again from the start: the register may have changed since the preview.
        var outcome = await HouseholdImport.ImportAsync(db, register, unitId, text, apply: true, markMissing, VietnamTime.Today(clock), ct);
        return await ImportPageAsync(unitId, register, L, outcome, null, null, markMissing,
            outcome.Accepted ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity, ct);
    }

    private static Task<IResult> Show(long id, HouseholdRegister register, IStringLocalizer<StaffResources> L, CancellationToken ct,
        string? done = null) =>
        HouseholdPageAsync(id, register, L, ct, done is "corrected" or "movedout" or "merged" or "split" ? done : null, null, StatusCodes.Status200OK);

    private static async Task<IResult> HouseholdPageAsync(long id, HouseholdRegister register, IStringLocalizer<StaffResources> L,
        CancellationToken ct, string? done, HouseholdForm? form, int status)
    {
        if (await register.FindAsync(id, ct) is not { } detail) return Refused(new(HouseholdRefusalReason.NotFound), L);
        var hamlet = (await register.HamletAsync(detail.Household.UnitId, ct)).Hamlet!;
        var related = await register.CodesAsync([detail.Household.MergedIntoId, detail.Household.SplitFromId], ct);
        return new RazorComponentResult<HouseholdPage>(new { Detail = detail, Hamlet = hamlet, Related = related, Done = done, Form = form })
        {
            StatusCode = status,
        };
    }

    private static async Task<IResult> Correct(long id, [FromForm] string? representativeName, [FromForm] string? address,
        HouseholdRegister register, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var values = new Dictionary<string, string?> { ["representativeName"] = representativeName, ["address"] = address };
        var request = new CorrectHouseholdRequest(representativeName ?? "", address ?? "");
        return await ChangeAsync(id, "correct", "corrected", values, [], request, () => register.CorrectAsync(id, request, ct), register, L, ct);
    }

    private static async Task<IResult> MoveOut(long id, [FromForm] string? leftOn, HouseholdRegister register,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var request = new MoveOutHouseholdRequest(Day(leftOn, "leftOn", errors, L));
        return await ChangeAsync(id, "move-out", "movedout", new Dictionary<string, string?> { ["leftOn"] = leftOn }, errors, request,
            () => register.MoveOutAsync(id, request, ct), register, L, ct);
    }

    private static async Task<IResult> Merge(long id, [FromForm] string? intoCode, [FromForm] string? mergedOn, HouseholdRegister register,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var day = Day(mergedOn, "mergedOn", errors, L);
        // The form names the household merged into by its code, as the hamlet knows it; the rule takes its id.
        long? intoId = null;
        if (string.IsNullOrWhiteSpace(intoCode)) errors["intoCode"] = L["Form_Required", L["Households_IntoCode"]];
        else if (await register.SiblingAsync(id, intoCode.Trim(), ct) is { } sibling) intoId = sibling;
        else errors["intoCode"] = L["Households_IntoUnknown", intoCode.Trim()];
        var request = new MergeHouseholdRequest(intoId ?? 0, day);
        return await ChangeAsync(id, "merge", "merged", new Dictionary<string, string?> { ["intoCode"] = intoCode, ["mergedOn"] = mergedOn },
            errors, request, () => register.MergeAsync(id, request, ct), register, L, ct);
    }

    private static async Task<IResult> Split(long id, [FromForm] string? code, [FromForm] string? representativeName,
        [FromForm] string? address, [FromForm] string? splitOn, HouseholdRegister register, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        var values = new Dictionary<string, string?>
        {
            ["code"] = code, ["representativeName"] = representativeName, ["address"] = address, ["splitOn"] = splitOn,
        };
        var errors = new Dictionary<string, string>();
        var request = new SplitHouseholdRequest(code ?? "", representativeName ?? "", address ?? "", Day(splitOn, "splitOn", errors, L));
        IResult? created = null;
        var result = await ChangeAsync(id, "split", "split", values, errors, request, async () =>
        {
            var outcome = await register.SplitAsync(id, request, ct);
            if (outcome.Household is { } household) created = Results.Redirect($"{HouseholdPath(household.Id)}?done=split");
            return outcome;
        }, register, L, ct);
        return created ?? result;
    }

    /// <summary>
    /// A household form posted: its fields checked by the request's own rules, then the register's rule; the household's page
    /// again with what was typed and the message beside the field on a refusal (404 page outside the jurisdiction).
    /// </summary>
    private static async Task<IResult> ChangeAsync(long id, string formName, string done, Dictionary<string, string?> values,
        Dictionary<string, string> errors, object request, Func<Task<(Household?, HouseholdRefusal?)>> change, HouseholdRegister register,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await register.FindAsync(id, ct) is null) return Refused(new(HouseholdRefusalReason.NotFound), L);
        StaffForms.Validate(request, Fields(L), errors, L);
        HouseholdRefusal? refusal = null;
        if (errors.Count == 0)
        {
            (_, refusal) = await change();
            if (refusal is null) return Results.Redirect($"{HouseholdPath(id)}?done={done}");
            if (refusal.Reason == HouseholdRefusalReason.NotFound && !errors.ContainsKey("intoCode")) return Refused(refusal, L);
        }
        var form = new HouseholdForm(formName, values, errors, refusal is null ? null : Words(refusal, L));
        return await HouseholdPageAsync(id, register, L, ct, null, form, refusal?.Status ?? StatusCodes.Status400BadRequest);
    }

    private static Dictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) =>
        StaffForms.Fields(L, (nameof(AddHouseholdRequest.Code), "Households_Code"),
            (nameof(AddHouseholdRequest.RepresentativeName), "Households_Representative"),
            (nameof(AddHouseholdRequest.Address), "Households_Address"), (nameof(AddHouseholdRequest.RegisteredOn), "Households_RegisteredOn"),
            (nameof(MoveOutHouseholdRequest.LeftOn), "Households_LeftOn"), (nameof(MergeHouseholdRequest.MergedOn), "Households_MergedOn"),
            (nameof(SplitHouseholdRequest.SplitOn), "Households_SplitOn"));

    /// <summary>A day typed in a date field (yyyy-MM-dd, as the browser sends it); empty is null, anything else "invalid".</summary>
    private static DateOnly? Day(string? text, string field, Dictionary<string, string> errors, IStringLocalizer<StaffResources> L)
    {
        if (RegistryListing.TryDate(text, out var day)) return day;
        errors[field] = L["Form_Invalid", L[$"Households_{char.ToUpperInvariant(field[0])}{field[1..]}"]];
        return null;
    }

    private static string Words(HouseholdRefusal refusal, IStringLocalizer<StaffResources> L) =>
        L[$"Households_Refusal_{refusal.Reason}", refusal.Value ?? ""];

    private static IResult Refused(HouseholdRefusal refusal, IStringLocalizer<StaffResources> L) =>
        StaffMessagePage.Result(L["Households_Title"], Words(refusal, L), L["Households_BackToHamlets"], refusal.Status, Path);
}
