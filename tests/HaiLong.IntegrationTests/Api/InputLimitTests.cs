using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using HaiLong.Api.Features.Accounts;
using HaiLong.Api.Features.Cases;
using HaiLong.Api.Features.Consultations;
using HaiLong.Api.Features.Holidays;
using HaiLong.Api.Features.Evaluations;
using HaiLong.Api.Features.Invitations;
using HaiLong.Api.Features.Registry;
using HaiLong.Api.Features.Responses;
using HaiLong.Api.Features.Surveys;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using BindingSource = Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource;
using ServicePoint = HaiLong.Data.Entities.ServicePoint;

namespace HaiLong.IntegrationTests.Api;

/// <summary>
/// Lengths, ranges and required values come from the model, so no database constraint is the first to say no: walks every
/// request body the API binds and the EF model, and fails when a string a request can carry has no limit, when a limit is
/// longer than the column it is stored in, or when a stored column has a same-named request member without a limit.
/// </summary>
public sealed class InputLimitTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>Where each request body is stored. A new request record must say here which entities it writes.</summary>
    private static readonly Dictionary<Type, Type[]> Stores = new()
    {
        [typeof(UnitRequest)] = [typeof(AdministrativeUnit)],
        [typeof(AgencyRequest)] = [typeof(Agency)],
        [typeof(OfficialRequest)] = [typeof(Official)],
        [typeof(EndOfServiceRequest)] = [typeof(Official)],
        [typeof(TransferRequest)] = [typeof(Official)],
        [typeof(ServicePointRequest)] = [typeof(ServicePoint)],
        [typeof(ShiftRequest)] = [typeof(ServicePointShift)],
        [typeof(ProcedureRequest)] = [typeof(Procedure)],
        [typeof(IssueInvitationRequest)] = [typeof(Invitation), typeof(Meeting)],
        [typeof(IssueAnnualSampleRequest)] = [typeof(Invitation)],
        [typeof(SubmitResponseRequest)] = [typeof(Response)],
        [typeof(AnswerInput)] = [typeof(ResponseAnswer)],
        [typeof(SaveQuestionsRequest)] = [],
        [typeof(QuestionInput)] = [typeof(SurveyQuestion)],
        // Joined as value|vi|en into SurveyQuestion.Choices; QuestionInput allows few enough to fit the column.
        [typeof(SurveyChoice)] = [],
        [typeof(TokenRequest)] = [],
        [typeof(CreateStaffUserRequest)] = [typeof(StaffUser)],
        [typeof(TransitionRequest)] = [typeof(Case), typeof(CaseEvent)],
        [typeof(BoardRequest)] = [typeof(InspectionBoard)],
        [typeof(ReviewRequest)] = [typeof(ReviewItem)],
        [typeof(OpenCaseRequest)] = [typeof(Case), typeof(CaseContact)],
        [typeof(HolidayRequest)] = [typeof(PublicHoliday)],
        [typeof(CreateCycleRequest)] = [typeof(EvaluationCycle)],
        [typeof(CreatePolicyRequest)] = [typeof(EvaluationPolicy)],
        [typeof(LeaderEvidenceRow)] = [typeof(EvaluationPolicy)],
        [typeof(LeaderEvidenceSource)] = [typeof(EvaluationPolicy)],
        [typeof(TargetRequest)] = [typeof(EvaluationTarget)],
        [typeof(UpdateTargetRequest)] = [typeof(EvaluationTarget)],
        [typeof(DossierFiguresRequest)] = [typeof(EvaluationDossierFigures)],
        [typeof(NoteRequest)] = [typeof(EvaluationResult)],
        [typeof(AddHouseholdRequest)] = [typeof(Household)],
        [typeof(CorrectHouseholdRequest)] = [typeof(Household)],
        [typeof(MoveOutHouseholdRequest)] = [typeof(Household)],
        [typeof(MergeHouseholdRequest)] = [typeof(Household)],
        [typeof(SplitHouseholdRequest)] = [typeof(Household)],
    };

    [Fact]
    public async Task Every_string_a_request_can_carry_has_a_limit_no_longer_than_its_column()
    {
        var bodies = app.Service<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items).SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == BindingSource.Body && p.Type.Namespace?.StartsWith("HaiLong") == true)
            .Select(p => p.Type).Distinct().ToList();
        Assert.NotEmpty(bodies);
        await using var db = app.NewDbContext();
        var problems = new List<string>();
        var seen = new HashSet<Type>();
        foreach (var body in bodies) Walk(body);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        void Walk(Type type)
        {
            if (!seen.Add(type)) return;
            if (!Stores.TryGetValue(type, out var entities))
            {
                problems.Add($"{type.Name}: not in InputLimitTests.Stores — say which entities it writes");
                entities = [];
            }
            var models = entities.Select(e => db.Model.FindEntityType(e) ?? throw new InvalidOperationException($"{e.Name} is not in the model")).ToList();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var element = ElementType(t);
                if (element is not null && element != typeof(string) && element.Namespace?.StartsWith("HaiLong.Api") == true)
                {
                    // .NET 10's validation generator does not walk into an array's elements, only a list's.
                    if (t.IsArray)
                    {
                        problems.Add($"{type.Name}.{property.Name}: an array of records is never validated item by item; "
                            + $"use IReadOnlyList<{element.Name}>");
                    }
                    Walk(element);
                }
                if (element is not null && property.GetCustomAttribute<MaxLengthAttribute>() is null && property.GetCustomAttribute<LengthAttribute>() is null)
                {
                    problems.Add($"{type.Name}.{property.Name}: a list without a maximum count");
                }
                if (t != typeof(string)) continue;
                // A closed set of values is as long as its longest value.
                var limit = property.GetCustomAttribute<MaxLengthAttribute>()?.Length ?? property.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength
                    ?? property.GetCustomAttribute<LengthAttribute>()?.MaximumLength
                    ?? property.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Max(v => (v as string)?.Length ?? 0);
                if (limit is null or < 0)
                {
                    problems.Add($"{type.Name}.{property.Name}: a string without a maximum length");
                    continue;
                }
                foreach (var model in models)
                {
                    var column = model.FindProperty(property.Name);
                    if (column?.ClrType == typeof(string) && column.GetMaxLength() is { } max && limit > max)
                    {
                        problems.Add($"{type.Name}.{property.Name}: allows {limit} characters, {model.ClrType.Name}.{column.Name} holds {max}");
                    }
                }
            }
        }
    }

    private static Type? ElementType(Type t)
    {
        if (t == typeof(string)) return null;
        if (t.IsArray) return t.GetElementType();
        return t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t) ? t.GetGenericArguments()[0] : null;
    }
}
