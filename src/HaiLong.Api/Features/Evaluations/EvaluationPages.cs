using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Evaluations;

/// <summary>
/// Staff pages of the yearly evaluation: the cycles, one cycle with its progress, proposals and input forms, the printable
/// sheet. The handlers keep the URLs, status codes and authorisation; <see cref="EvaluationService"/> (shared with the API)
/// decides, and the components (<c>Evaluation*Page.razor</c>) only render.
/// </summary>
public static class EvaluationPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/evaluations").ExcludeFromDescription().RequireAuthorization(EvaluationsApi.EvaluatorsPolicy);
        pages.MapGet("/", List);
        pages.MapGet("/{id:long}", Cycle);
        pages.MapGet("/{id:long}/sheets/{officialId:int}", Sheet);
        var posts = pages.MapFormPosts(SessionExpiredPage);
        posts.MapPost("/", Create);
        posts.MapPost("/{id:long}/compute", Compute);
        posts.MapPost("/{id:long}/freeze", Freeze);
        posts.MapPost("/{id:long}/targets", AddTarget);
        posts.MapPost("/{id:long}/targets/{targetId:long}", UpdateTarget);
        posts.MapPost("/{id:long}/dossier-figures/{unitId:int}", PutDossierFigures);
        posts.MapPost("/{id:long}/sheets/{officialId:int}/note", Annotate);
    }

    private static Task<IResult> List(EvaluationService evaluations, TimeProvider clock, CancellationToken ct) =>
        ListPageAsync(evaluations, clock, null, null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> ListPageAsync(EvaluationService evaluations, TimeProvider clock, EvaluationFormInput? input,
        IReadOnlyList<CycleListItem>? existing, int status, CancellationToken ct) =>
        new RazorComponentResult<EvaluationListPage>(new
        {
            Cycles = (IReadOnlyList<CycleListItem>)await evaluations.ListAsync(ct),
            Units = (IReadOnlyList<AdministrativeUnit>)await evaluations.EvaluableUnitsAsync(ct),
            Policies = (IReadOnlyList<PolicyView>)await evaluations.PoliciesAsync(ct),
            // The yearly evaluation is made in the year's last weeks, so the year in progress (Vietnam time) is proposed.
            DefaultYear = VietnamTime.Today(clock).Year,
            Input = input,
            Existing = existing,
        }) { StatusCode = status };

    private static Dictionary<string, (string Field, string Label)> CycleFields(IStringLocalizer<StaffResources> L) => new()
    {
        [nameof(CreateCycleRequest.UnitId)] = ("unitId", L["Create_Units"]),
        [nameof(CreateCycleRequest.Year)] = ("year", L["Create_Year"]),
        [nameof(CreateCycleRequest.PolicyId)] = ("policyId", L["Create_Policy"]),
    };

    /// <summary>
    /// Starts a cycle for each chosen unit: the API's request record checked with its own DataAnnotations (one unit at least,
    /// the year's range), then <see cref="EvaluationService.CreateCyclesAsync"/>, which creates all of them or none.
    /// </summary>
    private static async Task<IResult> Create([FromForm] string? year, [FromForm] string? policyId, HttpRequest http, EvaluationService evaluations,
        TimeProvider clock, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var unitTexts = http.Form["unitId"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        var typed = new Dictionary<string, string?> { ["year"] = year, ["policyId"] = policyId, ["unitId"] = string.Join(",", unitTexts) };
        var errors = new Dictionary<string, string>();
        if (!StaffForms.TryWhole(year, out var chosenYear)) errors["year"] = L["Create_YearInvalid"];
        if (!StaffForms.TryWhole(policyId, out var chosenPolicy)) errors["policyId"] = L["Create_PolicyInvalid"];
        var units = new List<int>();
        foreach (var text in unitTexts)
        {
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var unit)) units.Add(unit);
            else errors["unitId"] = L["Create_UnitsInvalid"];
        }
        // Every unit gets the same record; checking one (or none, when nothing was ticked) applies the record's rules to the form.
        var request = new CreateCycleRequest(units.Count > 0 ? units[0] : null, chosenYear, chosenPolicy);
        if (StaffForms.Validate(request, CycleFields(L), errors, L).Count > 0)
        {
            // The record requires a unit; on this form that means ticking one.
            if (request.UnitId is null && errors.ContainsKey("unitId") && unitTexts.Count == 0) errors["unitId"] = L["Create_UnitsRequired"];
            return await ListPageAsync(evaluations, clock, new(EvaluationFormInput.NewCycle, typed, errors), null, StatusCodes.Status400BadRequest, ct);
        }
        var (created, refusal) = await evaluations.CreateCyclesAsync(units, request.Year!.Value, request.PolicyId, ct);
        return refusal switch
        {
            null when created!.Count == 1 => Results.Redirect($"/staff/evaluations/{created[0].Id}"),
            null => Results.Redirect("/staff/evaluations"),
            { Reason: EvaluationRefusalReason.CycleExists } => await ListPageAsync(evaluations, clock,
                new(EvaluationFormInput.NewCycle, typed, new Dictionary<string, string>()), refusal.Existing, StatusCodes.Status409Conflict, ct),
            _ => Message(StatusCodes.Status404NotFound, L["Evaluations_NotFoundTitle"], [L["Create_NotFound"]],
                "/staff/evaluations", L["Evaluations_BackToList"]),
        };
    }

    private static async Task<IResult> Cycle(long id, EvaluationService evaluations, AuditLog audit, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return NotFoundPage(L);
        await audit.RecordAsync("evaluation.viewed", nameof(EvaluationCycle), id.ToString(), new { page = true }, ct: ct);
        return await CyclePageAsync(cycle, evaluations, null, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> CyclePageAsync(EvaluationCycle cycle, EvaluationService evaluations, EvaluationFormInput? input, int status,
        CancellationToken ct) =>
        new RazorComponentResult<EvaluationCyclePage>(new
        {
            Cycle = cycle,
            Info = await evaluations.DescribeAsync(cycle.Id, ct),
            S = await evaluations.SnapshotAsync(cycle, ct),
            Wards = (IReadOnlyList<AdministrativeUnit>)await evaluations.WardsAsync(cycle, ct),
            StoredFigures = (IReadOnlyDictionary<int, EvaluationDossierFigures>)await evaluations.StoredFiguresAsync(cycle.Id, ct),
            Input = input,
        }) { StatusCode = status };

    private static async Task<IResult> Compute(long id, EvaluationService evaluations, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var (_, refusal) = await evaluations.ComputeAsync(id, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}")
            : await StateRefusedAsync(id, refusal, evaluations, L, L["Evaluations_CannotCompute"], ct);
    }

    /// <summary>A freeze needs the box "I understand a frozen cycle cannot change" ticked; a cycle in the wrong state is said first.</summary>
    private static async Task<IResult> Freeze(long id, [FromForm] string? confirm, EvaluationService evaluations, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return NotFoundPage(L);
        if (cycle.Status == EvaluationStatus.Computed && confirm != "yes")
        {
            return await CyclePageAsync(cycle, evaluations,
                new(EvaluationFormInput.Freeze, new Dictionary<string, string?>(), new Dictionary<string,
                    string> { ["confirm"] = L["Cycle_FreezeConfirmRequired"] }),
                StatusCodes.Status400BadRequest, ct);
        }
        var (_, refusal) = await evaluations.FreezeAsync(id, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}")
            : await StateRefusedAsync(id, refusal, evaluations, L, L["Evaluations_CannotFreeze"], ct);
    }

    // Each request member's form field and its label, as the page names it beside the field.
    private static Dictionary<string, (string Field, string Label)> TargetFields(IStringLocalizer<StaffResources> L) => new()
    {
        [nameof(TargetRequest.UnitId)] = ("unitId", L["Cycle_Unit"]),
        [nameof(TargetRequest.Title)] = ("title", L["Cycle_TargetTitle"]),
        [nameof(TargetRequest.TargetValue)] = ("targetValue", L["Cycle_TargetValueLabel"]),
        [nameof(TargetRequest.AchievedValue)] = ("achievedValue", L["Cycle_AchievedValue"]),
        [nameof(TargetRequest.Evidence)] = ("evidence", L["Cycle_Evidence"]),
    };

    private static Dictionary<string, (string Field, string Label)> FigureFields(IStringLocalizer<StaffResources> L) => new()
    {
        [nameof(DossierFiguresRequest.DossiersTotal)] = ("dossiersTotal", L["Cycle_DossiersTotal"]),
        [nameof(DossierFiguresRequest.DossiersOverdue)] = ("dossiersOverdue", L["Cycle_DossiersOverdue"]),
        [nameof(DossierFiguresRequest.Source)] = ("source", L["Cycle_Source"]),
    };

    private static Dictionary<string, (string Field, string Label)> NoteFields(IStringLocalizer<StaffResources> L) => new()
    {
        [nameof(NoteRequest.Note)] = ("note", L["Sheet_EvaluatorNote"]),
    };

    private static async Task<IResult> AddTarget(long id, [FromForm] string? unitId, [FromForm] string? title, [FromForm] string? targetValue,
        [FromForm] string? achievedValue, [FromForm] string? evidence, EvaluationService evaluations, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        // A frozen cycle is answered first, whatever was typed: nothing about it can change.
        var (cycle, refused) = await WritableAsync(id, evaluations, L, ct);
        if (refused is not null) return refused;
        var errors = new Dictionary<string, string>();
        if (!int.TryParse(unitId, out var unit)) errors["unitId"] = L["Evaluations_UnitInvalid"];
        if (!StaffForms.TryNumber(targetValue, out var target)) errors["targetValue"] = L["Evaluations_TargetValueInvalid"];
        if (!StaffForms.TryNumber(achievedValue, out var achieved)) errors["achievedValue"] = L["Evaluations_AchievedInvalid"];
        var request = new TargetRequest(errors.ContainsKey("unitId") ? null : unit, title ?? "", target, achieved, StaffForms.Blank(evidence));
        if (StaffForms.Validate(request, TargetFields(L), errors, L).Count > 0)
        {
            var typed = new Dictionary<string,
                string?> { ["unitId"] = unitId, ["title"] = title, ["targetValue"] = targetValue, ["achievedValue"] = achievedValue, ["evidence"] = evidence };
            return await CyclePageAsync(cycle!, evaluations, new(EvaluationFormInput.NewTarget, typed, errors), StatusCodes.Status400BadRequest, ct);
        }
        var (_, refusal) = await evaluations.AddTargetAsync(id, request, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}#targets") : RefusedPage(id, refusal, L);
    }

    private static async Task<IResult> UpdateTarget(long id, long targetId, [FromForm] string? achievedValue, [FromForm] string? evidence,
        EvaluationService evaluations, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var (cycle, refused) = await WritableAsync(id, evaluations, L, ct);
        if (refused is not null) return refused;
        var errors = new Dictionary<string, string>();
        if (!StaffForms.TryNumber(achievedValue, out var achieved)) errors["achievedValue"] = L["Evaluations_AchievedInvalid"];
        var request = new UpdateTargetRequest(achieved, StaffForms.Blank(evidence));
        if (StaffForms.Validate(request, TargetFields(L), errors, L).Count > 0)
        {
            var typed = new Dictionary<string, string?> { ["achievedValue"] = achievedValue, ["evidence"] = evidence };
            return await CyclePageAsync(cycle!, evaluations, new(EvaluationFormInput.Target(targetId), typed, errors), StatusCodes.Status400BadRequest, ct);
        }
        var (_, refusal) = await evaluations.UpdateTargetAsync(id, targetId, request, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}#targets") : RefusedPage(id, refusal, L);
    }

    private static async Task<IResult> PutDossierFigures(long id, int unitId, [FromForm] string? dossiersTotal, [FromForm] string? dossiersOverdue,
        [FromForm] string? source, EvaluationService evaluations, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var (cycle, refused) = await WritableAsync(id, evaluations, L, ct);
        if (refused is not null) return refused;
        var typed = new Dictionary<string, string?> { ["dossiersTotal"] = dossiersTotal, ["dossiersOverdue"] = dossiersOverdue, ["source"] = source };
        var form = EvaluationFormInput.Figures(unitId);
        var errors = new Dictionary<string, string>();
        if (!StaffForms.TryWhole(dossiersTotal, out var total)) errors["dossiersTotal"] = L["Evaluations_TotalInvalid"];
        if (!StaffForms.TryWhole(dossiersOverdue, out var overdue)) errors["dossiersOverdue"] = L["Evaluations_OverdueInvalid"];
        var request = new DossierFiguresRequest(total, overdue, source ?? "");
        if (StaffForms.Validate(request, FigureFields(L), errors, L).Count > 0)
        {
            return await CyclePageAsync(cycle!, evaluations, new(form, typed, errors), StatusCodes.Status400BadRequest, ct);
        }
        var (_, refusal) = await evaluations.PutDossierFiguresAsync(id, unitId, request, ct);
        return refusal switch
        {
            null => Results.Redirect($"/staff/evaluations/{id}#figures"),
            // The one rule between two fields: said beside the overdue count, with what was typed kept.
            { Kind: EvaluationRefusalKind.Unprocessable } => await CyclePageAsync(cycle!, evaluations,
                new(form, typed, new Dictionary<string, string> { ["dossiersOverdue"] = refusal.Problem.Detail ?? EvaluationService.OverdueAboveTotal }),
                StatusCodes.Status422UnprocessableEntity, ct),
            _ => RefusedPage(id, refusal, L),
        };
    }

    private static async Task<IResult> Annotate(long id, int officialId, [FromForm] string? note, EvaluationService evaluations,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var (cycle, refused) = await WritableAsync(id, evaluations, L, ct);
        if (refused is not null) return refused;
        var request = new NoteRequest(note ?? "");
        var errors = StaffForms.Validate(request, NoteFields(L), [], L);
        if (errors.Count > 0)
        {
            var s = await evaluations.SnapshotAsync(cycle!, ct);
            if (s.Results.FirstOrDefault(r => r.OfficialId == officialId) is not { } shown) return NotFoundPage(L);
            return new RazorComponentResult<EvaluationSheetPage>(new
            {
                S = s, R = shown, Input = new EvaluationFormInput(EvaluationFormInput.Note, new Dictionary<string, string?> { ["note"] = note }, errors),
            }) { StatusCode = StatusCodes.Status400BadRequest };
        }
        var (_, refusal) = await evaluations.AnnotateAsync(id, officialId, request, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}/sheets/{officialId}") : RefusedPage(id, refusal, L);
    }

    private static async Task<IResult> Sheet(long id, int officialId, EvaluationService evaluations, AuditLog audit, IStringLocalizer<StaffResources> L,
        CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return NotFoundPage(L);
        var s = await evaluations.SnapshotAsync(cycle, ct);
        if (s.Results.FirstOrDefault(r => r.OfficialId == officialId) is not { } result) return NotFoundPage(L);
        await audit.RecordAsync("evaluation.sheet-viewed", nameof(Official), officialId.ToString(), new { cycleId = id }, ct: ct);
        return new RazorComponentResult<EvaluationSheetPage>(new { S = s, R = result });
    }

    /// <summary>The cycle if the caller reaches it and it may still change; otherwise the page that says why (404, 409).</summary>
    private static async Task<(EvaluationCycle? Cycle, IResult? Refused)> WritableAsync(long id, EvaluationService evaluations,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return (null, NotFoundPage(L));
        if (cycle.Status == EvaluationStatus.Frozen) return (cycle, RefusedPage(id, EvaluationRefusal.Frozen(cycle), L, cycle: cycle));
        return (cycle, null);
    }

    private static IResult SessionExpiredPage(HttpContext http)
    {
        var L = http.RequestServices.GetRequiredService<IStringLocalizer<StaffResources>>();
        return Message(StatusCodes.Status400BadRequest, L["Evaluations_BadRequest"],
            [L["Evaluations_SessionExpired"]], "/staff/evaluations", L["Evaluations_BackToList"]);
    }

    /// <summary>A refusal of the cycle's state, worded with the cycle as it is now (it may have changed since the refusal).</summary>
    private static async Task<IResult> StateRefusedAsync(long id, EvaluationRefusal refusal, EvaluationService evaluations,
        IStringLocalizer<StaffResources> L, string heading, CancellationToken ct) =>
        RefusedPage(id, refusal, L, heading, await evaluations.FindAsync(id, ct));

    private static IResult RefusedPage(long id, EvaluationRefusal refusal, IStringLocalizer<StaffResources> L, string? heading = null,
        EvaluationCycle? cycle = null) => refusal.Kind switch
    {
        EvaluationRefusalKind.NotFound => NotFoundPage(L),
        _ => Message(refusal.Problem.Status ?? StatusCodes.Status409Conflict, heading ?? L["Evaluations_CannotChange"],
            [Reason(refusal, cycle, L), L["Evaluations_NothingSaved"]], $"/staff/evaluations/{id}", L["Evaluations_Back"]),
    };

    /// <summary>The page's words for a rule of the cycle's state; other refusals keep the service's text.</summary>
    private static string? Reason(EvaluationRefusal refusal, EvaluationCycle? cycle, IStringLocalizer<StaffResources> L) => (refusal.Reason, cycle) switch
    {
        (EvaluationRefusalReason.Frozen, { FrozenAt: { } at }) => L["Refusal_Frozen", cycle.Year, cycle.Version, VietnamTime.Local(at)],
        (EvaluationRefusalReason.NotComputed, _) => L["Refusal_NotComputed"],
        _ => refusal.Problem.Detail,
    };

    private static IResult NotFoundPage(IStringLocalizer<StaffResources> L) => Message(StatusCodes.Status404NotFound, L["Evaluations_NotFoundTitle"],
        [L["Evaluations_NotFound"]], "/staff/evaluations", L["Evaluations_BackToList"]);

    private static IResult Message(int status, string heading, IReadOnlyList<string?> paragraphs, string backHref, string backText) =>
        new RazorComponentResult<EvaluationMessagePage>(new { Heading = heading, Paragraphs = paragraphs, BackHref = backHref, BackText = backText })
        {
            StatusCode = status,
        };
}
