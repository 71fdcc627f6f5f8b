using System.Collections.Frozen;
using HaiLong.Api.Infrastructure;
using HaiLong.Data;
using HaiLong.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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
        // The forms' token is checked here, so a lost or forged one is answered with a page rather than a bare 400.
        var posts = pages.MapGroup("").DisableAntiforgery().AddEndpointFilter(RefuseWithoutAntiforgeryToken);
        posts.MapPost("/{id:long}/compute", Compute);
        posts.MapPost("/{id:long}/freeze", Freeze);
        posts.MapPost("/{id:long}/targets", AddTarget);
        posts.MapPost("/{id:long}/targets/{targetId:long}", UpdateTarget);
        posts.MapPost("/{id:long}/dossier-figures/{unitId:int}", PutDossierFigures);
        posts.MapPost("/{id:long}/sheets/{officialId:int}/note", Annotate);
    }

    private static async Task<IResult> List(EvaluationService evaluations, CancellationToken ct) =>
        new RazorComponentResult<EvaluationListPage>(new { Cycles = (IReadOnlyList<CycleListItem>)await evaluations.ListAsync(ct) });

    private static async Task<IResult> Cycle(long id, EvaluationService evaluations, AuditLog audit, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return NotFoundPage();
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

    private static async Task<IResult> Compute(long id, EvaluationService evaluations, CancellationToken ct)
    {
        var (_, refusal) = await evaluations.ComputeAsync(id, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}") : RefusedPage(id, refusal, "Không thể tính lại");
    }

    private static async Task<IResult> Freeze(long id, EvaluationService evaluations, CancellationToken ct)
    {
        var (_, refusal) = await evaluations.FreezeAsync(id, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}") : RefusedPage(id, refusal, "Không thể khóa kỳ đánh giá");
    }

    private static readonly FrozenDictionary<string, (string Field, string Label)> TargetFields = new Dictionary<string, (string Field, string Label)>
    {
        [nameof(TargetRequest.UnitId)] = ("unitId", "Đơn vị"),
        [nameof(TargetRequest.Title)] = ("title", "Tên chỉ tiêu"),
        [nameof(TargetRequest.TargetValue)] = ("targetValue", "Giá trị mục tiêu"),
        [nameof(TargetRequest.AchievedValue)] = ("achievedValue", "Giá trị đạt được"),
        [nameof(TargetRequest.Evidence)] = ("evidence", "Minh chứng"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, (string Field, string Label)> FigureFields = new Dictionary<string, (string Field, string Label)>
    {
        [nameof(DossierFiguresRequest.DossiersTotal)] = ("dossiersTotal", "Tổng số hồ sơ"),
        [nameof(DossierFiguresRequest.DossiersOverdue)] = ("dossiersOverdue", "Số hồ sơ quá hạn"),
        [nameof(DossierFiguresRequest.Source)] = ("source", "Nguồn số liệu"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, (string Field, string Label)> NoteFields = new Dictionary<string, (string Field, string Label)>
    {
        [nameof(NoteRequest.Note)] = ("note", "Ý kiến của người đánh giá"),
    }.ToFrozenDictionary();

    private static async Task<IResult> AddTarget(long id, [FromForm] string? unitId, [FromForm] string? title, [FromForm] string? targetValue,
        [FromForm] string? achievedValue, [FromForm] string? evidence, EvaluationService evaluations, CancellationToken ct)
    {
        // A frozen cycle is answered first, whatever was typed: nothing about it can change.
        var (cycle, refused) = await WritableAsync(id, evaluations, ct);
        if (refused is not null) return refused;
        var errors = new Dictionary<string, string>();
        if (!int.TryParse(unitId, out var unit)) errors["unitId"] = "Đơn vị: hãy chọn một phường trong danh sách.";
        if (!EvaluationForms.TryNumber(targetValue, out var target)) errors["targetValue"] = "Giá trị mục tiêu: hãy nhập một số, ví dụ 95 hoặc 12,5.";
        if (!EvaluationForms.TryNumber(achievedValue, out var achieved)) errors["achievedValue"] = "Giá trị đạt được: hãy nhập một số hoặc để trống.";
        var request = new TargetRequest(errors.ContainsKey("unitId") ? null : unit, title ?? "", target, achieved, EvaluationForms.Blank(evidence));
        if (EvaluationForms.Validate(request, TargetFields, errors).Count > 0)
        {
            var typed = new Dictionary<string, string?> { ["unitId"] = unitId, ["title"] = title, ["targetValue"] = targetValue, ["achievedValue"] = achievedValue, ["evidence"] = evidence };
            return await CyclePageAsync(cycle!, evaluations, new(EvaluationFormInput.NewTarget, typed, errors), StatusCodes.Status400BadRequest, ct);
        }
        var (_, refusal) = await evaluations.AddTargetAsync(id, request, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}#targets") : RefusedPage(id, refusal);
    }

    private static async Task<IResult> UpdateTarget(long id, long targetId, [FromForm] string? achievedValue, [FromForm] string? evidence,
        EvaluationService evaluations, CancellationToken ct)
    {
        var (cycle, refused) = await WritableAsync(id, evaluations, ct);
        if (refused is not null) return refused;
        var errors = new Dictionary<string, string>();
        if (!EvaluationForms.TryNumber(achievedValue, out var achieved)) errors["achievedValue"] = "Giá trị đạt được: hãy nhập một số hoặc để trống.";
        var request = new UpdateTargetRequest(achieved, EvaluationForms.Blank(evidence));
        if (EvaluationForms.Validate(request, TargetFields, errors).Count > 0)
        {
            var typed = new Dictionary<string, string?> { ["achievedValue"] = achievedValue, ["evidence"] = evidence };
            return await CyclePageAsync(cycle!, evaluations, new(EvaluationFormInput.Target(targetId), typed, errors), StatusCodes.Status400BadRequest, ct);
        }
        var (_, refusal) = await evaluations.UpdateTargetAsync(id, targetId, request, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}#targets") : RefusedPage(id, refusal);
    }

    private static async Task<IResult> PutDossierFigures(long id, int unitId, [FromForm] string? dossiersTotal, [FromForm] string? dossiersOverdue,
        [FromForm] string? source, EvaluationService evaluations, CancellationToken ct)
    {
        var (cycle, refused) = await WritableAsync(id, evaluations, ct);
        if (refused is not null) return refused;
        var typed = new Dictionary<string, string?> { ["dossiersTotal"] = dossiersTotal, ["dossiersOverdue"] = dossiersOverdue, ["source"] = source };
        var form = EvaluationFormInput.Figures(unitId);
        var errors = new Dictionary<string, string>();
        if (!EvaluationForms.TryWhole(dossiersTotal, out var total)) errors["dossiersTotal"] = "Tổng số hồ sơ: hãy nhập một số nguyên, ví dụ 1250.";
        if (!EvaluationForms.TryWhole(dossiersOverdue, out var overdue)) errors["dossiersOverdue"] = "Số hồ sơ quá hạn: hãy nhập một số nguyên, ví dụ 12.";
        var request = new DossierFiguresRequest(total, overdue, source ?? "");
        if (EvaluationForms.Validate(request, FigureFields, errors).Count > 0)
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
            _ => RefusedPage(id, refusal),
        };
    }

    private static async Task<IResult> Annotate(long id, int officialId, [FromForm] string? note, EvaluationService evaluations, CancellationToken ct)
    {
        var (cycle, refused) = await WritableAsync(id, evaluations, ct);
        if (refused is not null) return refused;
        var request = new NoteRequest(note ?? "");
        var errors = EvaluationForms.Validate(request, NoteFields, []);
        if (errors.Count > 0)
        {
            var s = await evaluations.SnapshotAsync(cycle!, ct);
            if (s.Results.FirstOrDefault(r => r.OfficialId == officialId) is not { } shown) return NotFoundPage();
            return new RazorComponentResult<EvaluationSheetPage>(new
            {
                S = s, R = shown, Input = new EvaluationFormInput(EvaluationFormInput.Note, new Dictionary<string, string?> { ["note"] = note }, errors),
            }) { StatusCode = StatusCodes.Status400BadRequest };
        }
        var (_, refusal) = await evaluations.AnnotateAsync(id, officialId, request, ct);
        return refusal is null ? Results.Redirect($"/staff/evaluations/{id}/sheets/{officialId}") : RefusedPage(id, refusal);
    }

    private static async Task<IResult> Sheet(long id, int officialId, EvaluationService evaluations, AuditLog audit, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return NotFoundPage();
        var s = await evaluations.SnapshotAsync(cycle, ct);
        if (s.Results.FirstOrDefault(r => r.OfficialId == officialId) is not { } result) return NotFoundPage();
        await audit.RecordAsync("evaluation.sheet-viewed", nameof(Official), officialId.ToString(), new { cycleId = id }, ct: ct);
        return new RazorComponentResult<EvaluationSheetPage>(new { S = s, R = result });
    }

    /// <summary>The cycle if the caller reaches it and it may still change; otherwise the page that says why (404, 409).</summary>
    private static async Task<(EvaluationCycle? Cycle, IResult? Refused)> WritableAsync(long id, EvaluationService evaluations, CancellationToken ct)
    {
        if (await evaluations.FindAsync(id, ct) is not { } cycle) return (null, NotFoundPage());
        if (cycle.Status == EvaluationStatus.Frozen) return (cycle, RefusedPage(id, EvaluationRefusal.Conflict(EvaluationService.FrozenProblem(cycle))));
        return (cycle, null);
    }

    private static async ValueTask<object?> RefuseWithoutAntiforgeryToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http)) return await next(context);
        return Message(StatusCodes.Status400BadRequest, "Yêu cầu không hợp lệ",
            ["Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại."], "/staff/evaluations", "Về danh sách");
    }

    private static IResult RefusedPage(long id, EvaluationRefusal refusal, string heading = "Không thể thay đổi kỳ đánh giá") => refusal.Kind switch
    {
        EvaluationRefusalKind.NotFound => NotFoundPage(),
        _ => Message(refusal.Problem.Status ?? StatusCodes.Status409Conflict, heading, [refusal.Problem.Detail, "Không có gì được lưu."],
            $"/staff/evaluations/{id}", "Quay lại"),
    };

    private static IResult NotFoundPage() => Message(StatusCodes.Status404NotFound, "Không tìm thấy",
        ["Không có kỳ đánh giá hoặc cán bộ này trong phạm vi của bạn."], "/staff/evaluations", "Về danh sách");

    private static IResult Message(int status, string heading, IReadOnlyList<string?> paragraphs, string backHref, string backText) =>
        new RazorComponentResult<EvaluationMessagePage>(new { Heading = heading, Paragraphs = paragraphs, BackHref = backHref, BackText = backText })
        {
            StatusCode = status,
        };

    public static string StatusVi(EvaluationStatus status) => status switch
    {
        EvaluationStatus.Draft => "Đang chuẩn bị (cần tính)",
        EvaluationStatus.Queued => "Đang chờ tính",
        EvaluationStatus.Computing => "Đang tính",
        EvaluationStatus.Computed => "Đã tính, chờ khóa",
        _ => "Đã khóa",
    };
}
