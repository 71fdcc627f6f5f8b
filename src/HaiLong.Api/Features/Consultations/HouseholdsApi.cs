using System.ComponentModel;
using System.Text;
using HaiLong.Api.Features.Registry;

namespace HaiLong.Api.Features.Consultations;

/// <summary>
/// The household register of each hamlet or residential group (issue 19, point 1; docs/REGISTRY.md "Household register"):
/// read, kept current by hand (moved in, corrected, moved out, merged, split) and imported from the ward's residence records.
/// Part of the Consultations capability (ConsultationsApi composes it). Rules: <see cref="HouseholdRegister"/>.
/// </summary>
public static class HouseholdsApi
{
    public const string KeepersPolicy = "HouseholdKeepers";

    internal static IServiceCollection AddHouseholdRegister(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(KeepersPolicy, p => p.RequireRole(ConsultationsApi.StaffRoles));
        services.AddScoped<HouseholdRegister>();
        services.AddScoped<HaiLong.Api.Infrastructure.Seeding.IDemoSeed, HouseholdDemoSeed>();
        services.AddStaffLink(HouseholdPages.Path, "Households_Link", ConsultationsApi.StaffRoles);
        return services;
    }

    internal static IEndpointRouteBuilder MapHouseholdRegister(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/households").WithTags(ConsultationsApi.HouseholdsTag).RequireAuthorization(KeepersPolicy);
        api.MapGet("/hamlets", ListHamlets).WithName("ListHouseholdHamlets");
        api.MapGet("/", ListHouseholds).WithName("ListHouseholds");
        api.MapGet("/{id:long}", GetHousehold).WithName("GetHousehold");
        api.MapPost("/", AddHousehold).WithName("AddHousehold");
        api.MapPut("/{id:long}", CorrectHousehold).WithName("CorrectHousehold");
        api.MapPost("/{id:long}/move-out", MoveOutHousehold).WithName("MoveOutHousehold");
        api.MapPost("/{id:long}/merge", MergeHousehold).WithName("MergeHousehold");
        api.MapPost("/{id:long}/split", SplitHousehold).WithName("SplitHousehold");
        api.MapPost("/import", ImportHouseholds).WithName("ImportHouseholds")
            .WithSummary("Import a hamlet's households from the residence records (CSV; dry run by default)")
            .WithDescription("Hamlet heads for their hamlet, ward leaders, service staff and administrators within their jurisdiction. "
                + "The unit must be a hamlet or residential group (422) inside the caller's jurisdiction (404). Adds, changes and "
                + "optionally marks moved out, all in one transaction or nothing.\n\n" + HouseholdImport.Description)
            .Accepts<string>("text/csv");
        app.MapHouseholdPages();
        return app;
    }

    /// <summary>The hamlets and residential groups the caller keeps registers of, with their sizes</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators. Every hamlet and residential group inside the caller's
    /// jurisdiction (a hamlet head: their own), with its active households and those that moved out or merged. Changes nothing.
    /// </remarks>
    public static async Task<Ok<HamletRegisterSummary[]>> ListHamlets(HouseholdRegister register, CancellationToken ct) =>
        TypedResults.Ok((await register.HamletsAsync(ct)).ToArray());

    /// <summary>One page of a hamlet's household register</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators. The households of `unitId` by code, 25 a page, optionally
    /// of one `status` and matching `q` (part of the code, representative's name or address, case ignored). A unit outside the
    /// caller's jurisdiction answers 404, a unit that is not a hamlet or residential group 422.
    /// </remarks>
    public static async Task<Results<Ok<HouseholdListResponse>, ProblemHttpResult>> ListHouseholds(
        [Description("The hamlet or residential group")] int unitId, HouseholdRegister register, CancellationToken ct,
        [AllowedValues(nameof(HouseholdStatus.Active), nameof(HouseholdStatus.MovedOut), nameof(HouseholdStatus.Merged), null),
            Description("Only households of this status")] string? status = null,
        [StringLength(RegistryListing.MaxQueryLength), Description("Part of the code, name or address")] string? q = null,
        [Range(1, 100_000), Description("Page number, from 1")] int? page = null)
    {
        var (_, refusal) = await register.HamletAsync(unitId, ct);
        if (refusal is not null) return TypedResults.Problem(refusal.Problem);
        HouseholdStatus? only = Enum.TryParse<HouseholdStatus>(status, ignoreCase: true, out var s) ? s : null;
        return TypedResults.Ok(await register.ListAsync(unitId, only, q, page, ct));
    }

    /// <summary>One household with its history</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators. The household and every change of it from the audit log,
    /// newest first; a household outside the caller's jurisdiction answers 404.
    /// </remarks>
    public static async Task<Results<Ok<HouseholdDetailResponse>, ProblemHttpResult>> GetHousehold(
        long id, HouseholdRegister register, CancellationToken ct) =>
        await register.FindAsync(id, ct) is { } household
            ? TypedResults.Ok(household)
            : TypedResults.Problem(new HouseholdRefusal(HouseholdRefusalReason.NotFound, id).Problem);

    /// <summary>Add a household that moved into the hamlet</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, in their jurisdiction (404 outside it). Adds an active
    /// household; audited. Refuses a unit that is not a hamlet or residential group (422) and a code the hamlet's register
    /// already has, even of a household that left (409).
    /// </remarks>
    public static async Task<Results<Created<HouseholdResponse>, ProblemHttpResult>> AddHousehold(
        AddHouseholdRequest request, HouseholdRegister register, CancellationToken ct) =>
        Created(await register.AddAsync(request, ct));

    /// <summary>Correct a household's representative or address</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, in their jurisdiction (404 outside it). Audited with the
    /// old and new values. Refuses a household that moved out or merged (409).
    /// </remarks>
    public static async Task<Results<Ok<HouseholdResponse>, ProblemHttpResult>> CorrectHousehold(
        long id, CorrectHouseholdRequest request, HouseholdRegister register, CancellationToken ct) =>
        Changed(await register.CorrectAsync(id, request, ct));

    /// <summary>Record that a household moved out of the hamlet</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, in their jurisdiction (404 outside it). The household
    /// leaves the register from `leftOn`: consultations opened from then on do not count it; audited. Refuses a household
    /// that has already left (409) and a day before it was registered (422).
    /// </remarks>
    public static async Task<Results<Ok<HouseholdResponse>, ProblemHttpResult>> MoveOutHousehold(
        long id, MoveOutHouseholdRequest request, HouseholdRegister register, CancellationToken ct) =>
        Changed(await register.MoveOutAsync(id, request, ct));

    /// <summary>Merge a household into another household of the same hamlet</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, in their jurisdiction (404 outside it, for either
    /// household). The household leaves the register on `mergedOn`, pointing at the one it merged into; audited. Refuses a
    /// household that has left, a merge into itself or into one that has left, or into another hamlet (409), and a day
    /// before it was registered (422).
    /// </remarks>
    public static async Task<Results<Ok<HouseholdResponse>, ProblemHttpResult>> MergeHousehold(
        long id, MergeHouseholdRequest request, HouseholdRegister register, CancellationToken ct) =>
        Changed(await register.MergeAsync(id, request, ct));

    /// <summary>Split a new household from an existing one</summary>
    /// <remarks>
    /// Hamlet heads, ward leaders, service staff and administrators, in their jurisdiction (404 outside it). Adds an active
    /// household in the same hamlet, registered on `splitOn`, with `splitFromId` the household it came from, which stays in
    /// the register; audited. Refuses a code the register already has (409), a household that has left (409) and a day before
    /// it was registered (422).
    /// </remarks>
    public static async Task<Results<Created<HouseholdResponse>, ProblemHttpResult>> SplitHousehold(
        long id, SplitHouseholdRequest request, HouseholdRegister register, CancellationToken ct) =>
        Created(await register.SplitAsync(id, request, ct));

    public static async Task<Results<Ok<HouseholdImportResult>, UnprocessableEntity<CsvImportProblem>, ProblemHttpResult>> ImportHouseholds(
        HttpRequest request, HouseholdRegister register, HaiLongDbContext db, TimeProvider clock, CancellationToken ct,
        [Description("The hamlet or residential group")] int unitId,
        [Description("true (default): only answer what the import would do")] bool dryRun = true,
        [Description("Mark the register's active households absent from the file moved out today")] bool markMissingMovedOut = false)
    {
        var (_, refusal) = await register.HamletAsync(unitId, ct);
        if (refusal is not null) return TypedResults.Problem(refusal.Problem);
        if (request.ContentLength > HouseholdImport.MaxFileBytes) return TooLarge();
        var (text, problem) = await CsvImport.ReadTextAsync(request, ct);
        if (problem is not null) return problem;
        if (Encoding.UTF8.GetByteCount(text!) > HouseholdImport.MaxFileBytes) return TooLarge();
        var outcome = await HouseholdImport.ImportAsync(db, register, unitId, text!, !dryRun, markMissingMovedOut, VietnamTime.Today(clock), ct);
        if (outcome.FileError is { } fileError)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "CSV rejected", detail: fileError);
        }
        if (outcome.Errors.Count > 0) return CsvImport.Refused([.. outcome.Errors]);
        return TypedResults.Ok(outcome.Result!);
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "File too large", detail: $"A household file is at most {HouseholdImport.MaxFileBytes:N0} bytes. Nothing was imported.");

    private static Results<Created<HouseholdResponse>, ProblemHttpResult> Created((Household? Household, HouseholdRefusal? Refusal) outcome) =>
        outcome.Refusal is { } refusal
            ? TypedResults.Problem(refusal.Problem)
            : TypedResults.Created($"/api/households/{outcome.Household!.Id}", HouseholdRegister.ToResponse(outcome.Household));

    private static Results<Ok<HouseholdResponse>, ProblemHttpResult> Changed((Household? Household, HouseholdRefusal? Refusal) outcome) =>
        outcome.Refusal is { } refusal ? TypedResults.Problem(refusal.Problem) : TypedResults.Ok(HouseholdRegister.ToResponse(outcome.Household!));
}
