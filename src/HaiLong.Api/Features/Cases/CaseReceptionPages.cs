using System.Globalization;
using System.Security.Claims;
using HaiLong.Api.Features.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HaiLong.Api.Features.Cases;

/// <summary>
/// Tiếp công dân and đơn thư: most complaints reach a ward on paper, handed in or posted. Reception staff or a board member
/// record them here on the filer's behalf through the same <see cref="CaseFiling"/> rules as the citizen's form, with the
/// channel and the day received, and print the receipt with the tracking code.
/// </summary>
internal static class CaseReceptionPages
{
    private static readonly IReadOnlyList<string> Receivers = [Roles.ServiceStaff, Roles.Inspector, Roles.WardLeader, Roles.Administrator];

    internal static IEndpointRouteBuilder MapCaseReceptionPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/reception").ExcludeFromDescription().RequireAuthorization(p => p.RequireRole([.. Receivers]));
        pages.MapGet("/", Form);
        pages.MapPost("/", Record);
        pages.MapGet("/{id:long}/receipt", Receipt);
        return app;
    }

    internal static IServiceCollection AddReceptionLink(IServiceCollection services) =>
        services.AddStaffLink("/staff/reception", "Link_Reception", Receivers);

    private static async Task<IResult> Form(StaffContext staff, TimeProvider clock, CancellationToken ct) =>
        await FormPageAsync(staff, clock, new Dictionary<string, string?>(), null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> Record([FromForm] string? unitId, [FromForm] string? channel, [FromForm] string? receivedOn,
        [FromForm] string? type, [FromForm] string? content, [FromForm] string? name, [FromForm] string? phone, [FromForm] string? email,
        [FromForm] string? address, IFormFileCollection files, ClaimsPrincipal user, StaffContext staff, CaseFiling filing,
        TimeProvider clock, IOptions<CaseOptions> options, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var values = new Dictionary<string, string?>
        {
            ["unitId"] = unitId, ["channel"] = channel, ["receivedOn"] = receivedOn, ["type"] = type, ["content"] = content,
            ["name"] = name, ["phone"] = phone, ["email"] = email, ["address"] = address,
        };
        async Task<IResult> Again(string error, int status) => await FormPageAsync(staff, clock, values, error, status, ct);

        // The unit must be a ward or commune of the receiver's jurisdiction: one outside it is treated as unknown, as elsewhere.
        var units = await (await staff.UnitsAsync(ct)).Where(UnitLevels.IsGrassrootsUnit).Select(u => u.Id).ToListAsync(ct);
        if (!int.TryParse(unitId, NumberStyles.None, CultureInfo.InvariantCulture, out var unit) || !units.Contains(unit))
        {
            return await Again(L["Reception_UnitRequired"], StatusCodes.Status422UnprocessableEntity);
        }
        if (channel is not (CaseChannels.InPerson or CaseChannels.Post))
        {
            return await Again(L["Reception_ChannelRequired"], StatusCodes.Status422UnprocessableEntity);
        }
        if (!DateOnly.TryParseExact(receivedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var received))
        {
            return await Again(L["Reception_ReceivedOnRequired"], StatusCodes.Status422UnprocessableEntity);
        }
        var uploads = await AttachmentUpload.ReadAsync(files, options.Value.MaxAttachmentBytes, ct);
        var actor = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        var (c, refusal) = await filing.FileAsync(new FilingRequest(type, unit, "unit", content, name, phone, email, address, channel, null, null, uploads)
        {
            ReceivedOn = received,
        }, actor, ct);
        if (refusal is not null)
        {
            var detail = refusal.Reason == FilingRefusalReason.ReceivedOnInvalid
                ? L["Reception_ReceivedOnInvalid", CaseFiling.MaxDaysReceivedBack].Value
                : refusal.Problem.Detail;
            return await Again(uploads.Count > 0 ? $"{detail} {L["Reception_ChooseFilesAgain"]}" : detail, refusal.Status);
        }
        return Results.Redirect($"/staff/reception/{c!.Id}/receipt");
    }

    private static async Task<IResult> Receipt(long id, StaffContext staff, HaiLongDbContext db, HttpRequest request, IConfiguration config,
        ClaimsPrincipal user, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var units = await staff.UnitsAsync(ct);
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == id && units.Any(u => u.Id == x.UnitId))
            .Select(x => new { x.TrackingCode, UnitName = x.Unit.Name, x.Type, x.Channel, x.FiledAt, x.AcceptDueOn, x.AnswerDueOn,
                Recorder = x.Events.Where(e => e.Action == CaseEventActions.Filed).Select(e => e.ActorId).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (c is null)
        {
            return new RazorComponentResult<StaffMessagePage>(new
            {
                Title = L["CaseDetail_NotFound"].Value, Heading = L["CaseDetail_NotFound"].Value, Body = CaseError.NotFound(id).Detail,
            })
            { StatusCode = StatusCodes.Status404NotFound };
        }
        var recordedBy = c.Recorder is { } r ? await db.Users.Where(u => u.Id == r).Select(u => u.FullName).SingleOrDefaultAsync(ct) : null;
        var baseUrl = config["HaiLong:PublicBaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}";
        return new RazorComponentResult<CaseReceiptPage>(new
        {
            c.TrackingCode, c.UnitName, c.Type, c.Channel, ReceivedOn = VietnamTime.DateOf(c.FiledAt), c.AcceptDueOn, c.AnswerDueOn,
            LookupUrl = $"{baseUrl}/c/{c.TrackingCode}", RecordedBy = recordedBy ?? "—",
        });
    }

    private static async Task<IResult> FormPageAsync(StaffContext staff, TimeProvider clock, IReadOnlyDictionary<string, string?> values,
        string? error, int status, CancellationToken ct)
    {
        var units = await (await staff.UnitsAsync(ct)).AsNoTracking().Where(UnitLevels.IsGrassrootsUnit).OrderBy(u => u.Name)
            .Select(u => new CaseReceptionPage.UnitChoice(u.Id, u.Name)).ToListAsync(ct);
        return new RazorComponentResult<CaseReceptionPage>(new
        {
            Units = (IReadOnlyList<CaseReceptionPage.UnitChoice>)units,
            Today = VietnamTime.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Values = values,
            Error = error,
        })
        { StatusCode = status };
    }
}
