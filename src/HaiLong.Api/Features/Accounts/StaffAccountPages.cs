using HaiLong.Api.Features.Evaluations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Accounts;

/// <summary>
/// The administrators' staff-account pages: list, create, role and jurisdiction, lock, password reset. Every change goes
/// through <see cref="StaffAccounts"/>, as the API's does; an account outside the caller's jurisdiction is a 404 page.
/// </summary>
public static class StaffAccountPages
{
    public const string ListPath = "/staff/accounts";
    private const int PageSize = 20;

    // The API record's members and the form fields they are typed into, with the label a refusal names.
    private static Dictionary<string, (string Field, string Label)> Fields(IStringLocalizer<StaffResources> L) =>
        StaffForms.Fields(L, (nameof(CreateStaffUserRequest.UserName), "StaffAccounts_UserName"),
            (nameof(CreateStaffUserRequest.FullName), "StaffAccounts_FullName"), (nameof(CreateStaffUserRequest.Password), "StaffAccounts_Password"),
            (nameof(CreateStaffUserRequest.Role), "StaffAccounts_Role"),
            (nameof(CreateStaffUserRequest.JurisdictionUnitId), "StaffAccounts_Jurisdiction"));

    internal static IEndpointRouteBuilder MapStaffAccountPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(ListPath).RequireAuthorization(Policies.Administrator).ExcludeFromDescription();
        pages.MapGet("/", List);
        pages.MapGet("/new", NewForm);
        pages.MapPost("/new", Create);
        pages.MapGet("/{id:guid}", Show);
        pages.MapPost("/{id:guid}", Update);
        // The form is bound (IFormCollection) although it carries nothing else, so the framework checks its antiforgery token.
        pages.MapPost("/{id:guid}/lock", (Guid id, IFormCollection form, StaffAccounts accounts, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
            SetLockedAsync(id, true, accounts, L, ct));
        pages.MapPost("/{id:guid}/unlock", (Guid id, IFormCollection form, StaffAccounts accounts, IStringLocalizer<StaffResources> L, CancellationToken ct) =>
            SetLockedAsync(id, false, accounts, L, ct));
        pages.MapPost("/{id:guid}/password", ResetPassword);
        return app;
    }

    private static async Task<IResult> List(StaffAccounts accounts, CancellationToken ct, string? q = null, int? page = null)
    {
        var p = page is >= 1 and <= 10_000 ? page.Value : 1;
        var (rows, hasNext) = await accounts.ListAsync(q, p, PageSize, ct);
        return new RazorComponentResult<StaffAccountListPage>(new { Accounts = rows, Search = q, PageNumber = p, HasNext = hasNext });
    }

    private static async Task<IResult> NewForm(StaffAccounts accounts, CancellationToken ct) => await FormAsync(accounts, ct);

    private static async Task<IResult> FormAsync(StaffAccounts accounts, CancellationToken ct, IReadOnlyDictionary<string, string?>? values = null,
        IReadOnlyDictionary<string, string>? errors = null, int status = StatusCodes.Status200OK) =>
        new RazorComponentResult<StaffAccountNewPage>(new
        {
            Units = await accounts.AssignableUnitsAsync(ct),
            Values = values ?? new Dictionary<string, string?>(),
            Errors = errors ?? new Dictionary<string, string>(),
        }) { StatusCode = status };

    private static async Task<IResult> Create(HttpContext http, [FromForm] string? userName, [FromForm] string? fullName, [FromForm] string? role,
        [FromForm] string? jurisdictionUnitId, [FromForm] string? password, StaffAccounts accounts, IStringLocalizer<StaffResources> L,
        IOptions<IdentityOptions> identity, CancellationToken ct)
    {
        // The password is never sent back into the form; everything else is.
        var values = new Dictionary<string, string?>
        {
            ["userName"] = userName, ["fullName"] = fullName, ["role"] = role, ["jurisdictionUnitId"] = jurisdictionUnitId,
        };
        var errors = new Dictionary<string, string>();
        var unitId = ParseUnit(jurisdictionUnitId, errors, L);
        var oneTime = string.IsNullOrEmpty(password);
        var request =
            new CreateStaffUserRequest(userName?.Trim() ?? "", fullName ?? "", oneTime ? AdminCommand.OneTimePassword() : password!, role ?? "", unitId);
        StaffForms.Validate(request, Fields(L), errors, L);
        if (errors.ContainsKey("userName") && !string.IsNullOrWhiteSpace(userName)) errors["userName"] = L["StaffAccounts_UserNameRule"];
        if (errors.ContainsKey("password") && !oneTime) errors["password"] = L["Password_Error_TooShort", identity.Value.Password.RequiredLength];
        if (errors.Count > 0) return await FormAsync(accounts, ct, values, errors, StatusCodes.Status400BadRequest);

        var (user, refusal) = await accounts.CreateAsync(request, mustChangePassword: true, ct);
        if (refusal is not null)
        {
            switch (refusal.Reason)
            {
                case AccountRefusalReason.UnitNotFound: errors["jurisdictionUnitId"] = L["StaffAccounts_UnitNotFound"]; break;
                case AccountRefusalReason.HamletHeadOutsideHamlet: errors["jurisdictionUnitId"] = L["Households_HamletHeadUnit"]; break;
                case AccountRefusalReason.UserNameTaken: errors["userName"] = L["StaffAccounts_UserNameTaken", request.UserName]; break;
                default: errors["password"] = string.Join(" ", refusal.Errors?.Select(e => PasswordPages.Describe(e, identity.Value.Password, L)) ?? []); break;
            }
            return await FormAsync(accounts, ct, values, errors, refusal.Status);
        }
        return await AccountPageAsync(http, user!.Id, accounts, L, ct, oneTimePassword: request.Password, done: "created",
            status: StatusCodes.Status201Created);
    }

    // Blank (spaces too) is no unit: a national account.
    private static int? ParseUnit(string? text, Dictionary<string, string> errors, IStringLocalizer<StaffResources> L) =>
        string.IsNullOrWhiteSpace(text) ? null : StaffForms.Id(text, "jurisdictionUnitId", L["StaffAccounts_Jurisdiction"], errors, L);

    private static Task<IResult> Show(HttpContext http, Guid id, StaffAccounts accounts, IStringLocalizer<StaffResources> L,
        CancellationToken ct, string? done = null) =>
        AccountPageAsync(http, id, accounts, L, ct, done: done is "created" or "updated" or "locked" or "unlocked" ? done : null);

    private static async Task<IResult> AccountPageAsync(HttpContext http, Guid id, StaffAccounts accounts, IStringLocalizer<StaffResources> L,
        CancellationToken ct, string? oneTimePassword = null, string? done = null, string? error = null,
        IReadOnlyDictionary<string, string?>? values = null, IReadOnlyDictionary<string, string>? errors = null, int status = StatusCodes.Status200OK)
    {
        if (await accounts.FindAsync(id, ct) is not { } account) return NotFound(L);
        // A password shown once must not stay in a cache or the browser's history.
        if (oneTimePassword is not null) http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<StaffAccountPage>(new
        {
            Account = account,
            Units = await accounts.AssignableUnitsAsync(ct),
            IsSelf = account.Id == http.RequestServices.GetRequiredService<StaffContext>().UserId,
            OneTimePassword = oneTimePassword,
            Done = done,
            Error = error,
            Values = values ?? new Dictionary<string, string?>(),
            Errors = errors ?? new Dictionary<string, string>(),
        }) { StatusCode = status };
    }

    private static IResult NotFound(IStringLocalizer<StaffResources> L) =>
        StaffMessagePage.Result(L["StaffAccounts_NotFound"], L["StaffAccounts_NotFoundBody"], L["StaffAccounts_BackToList"],
            StatusCodes.Status404NotFound, ListPath);

    private static async Task<IResult> Update(HttpContext http, Guid id, [FromForm] string? role, [FromForm] string? jurisdictionUnitId,
        StaffAccounts accounts, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        // Outside the jurisdiction is 404 before anything about the form is said, as on every page.
        if (await accounts.FindAsync(id, ct) is null) return NotFound(L);
        var values = new Dictionary<string, string?> { ["role"] = role, ["jurisdictionUnitId"] = jurisdictionUnitId };
        var errors = new Dictionary<string, string>();
        var request = new UpdateStaffUserRequest(role ?? "", ParseUnit(jurisdictionUnitId, errors, L));
        StaffForms.Validate(request, Fields(L), errors, L);
        if (errors.Count > 0) return await AccountPageAsync(http, id, accounts, L, ct, values: values, errors: errors, status: StatusCodes.Status400BadRequest);
        var refusal = await accounts.UpdateAsync(id, request, ct);
        return refusal?.Reason switch
        {
            null => Results.Redirect($"{ListPath}/{id}?done=updated"),
            AccountRefusalReason.NotFound => NotFound(L),
            AccountRefusalReason.UnitNotFound or AccountRefusalReason.HamletHeadOutsideHamlet => await AccountPageAsync(http, id, accounts, L, ct,
                values: values, errors: new Dictionary<string, string>
                {
                    ["jurisdictionUnitId"] = refusal.Reason == AccountRefusalReason.UnitNotFound
                        ? L["StaffAccounts_UnitNotFound"] : L["Households_HamletHeadUnit"],
                }, status: refusal.Status),
            _ => await AccountPageAsync(http, id, accounts, L, ct, error: L["StaffAccounts_OwnAccount"], status: refusal.Status),
        };
    }

    private static async Task<IResult> SetLockedAsync(Guid id, bool locked, StaffAccounts accounts, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var refusal = await accounts.SetLockedAsync(id, locked, ct);
        return refusal?.Reason switch
        {
            null => Results.Redirect($"{ListPath}/{id}?done={(locked ? "locked" : "unlocked")}"),
            AccountRefusalReason.NotFound => NotFound(L),
            _ => StaffMessagePage.Result(L["StaffAccounts_Title"], L["StaffAccounts_OwnAccount"], L["StaffAccounts_BackToList"], refusal.Status, ListPath),
        };
    }

    private static async Task<IResult> ResetPassword(HttpContext http, Guid id, [FromForm] string? password, StaffAccounts accounts,
        IStringLocalizer<StaffResources> L, IOptions<IdentityOptions> identity, CancellationToken ct)
    {
        var (chosen, refusal) = await accounts.ResetPasswordAsync(id, password, ct);
        return refusal?.Reason switch
        {
            null => await AccountPageAsync(http, id, accounts, L, ct, oneTimePassword: chosen),
            AccountRefusalReason.NotFound => NotFound(L),
            AccountRefusalReason.PasswordRejected => await AccountPageAsync(http, id, accounts, L, ct,
                errors: new Dictionary<string, string>
                {
                    ["resetPassword"] = string.Join(" ", refusal.Errors?.Select(e => PasswordPages.Describe(e, identity.Value.Password, L)) ?? []),
                }, status: refusal.Status),
            _ => await AccountPageAsync(http, id, accounts, L, ct, error: L["StaffAccounts_OwnAccount"], status: refusal.Status),
        };
    }
}
