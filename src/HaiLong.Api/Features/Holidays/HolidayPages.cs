using System.Globalization;
using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HaiLong.Api.Features.Holidays;

/// <summary>The holiday calendar page for administrators; its changes go through <see cref="HolidayCalendar"/>, as the API's do.</summary>
internal static class HolidayPages
{
    internal static IEndpointRouteBuilder MapHolidayPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff/holidays").RequireAuthorization(Policies.Administrator).ExcludeFromDescription();
        pages.MapGet("/", Show);
        pages.MapPost("/confirm", Confirm);
        pages.MapPost("/add", Add);
        pages.MapPost("/remove", Remove);
        return app;
    }

    private static async Task<IResult> Show(HolidayCalendar calendar, TimeProvider clock, IStringLocalizer<StaffResources> L,
        CancellationToken ct, int? year = null, int? days = null, int? moved = null)
    {
        var y = year ?? VietnamTime.Today(clock).Year;
        if (y is < HolidayCalendar.FirstYear or > HolidayCalendar.LastYear)
        {
            return await PageAsync(calendar, VietnamTime.Today(clock).Year, L, ct,
                error: L["Holidays_YearOutOfRange", HolidayCalendar.FirstYear, HolidayCalendar.LastYear], status: StatusCodes.Status400BadRequest);
        }
        return await PageAsync(calendar, y, L, ct, done: days is { } d && moved is { } m ? new HolidayChange(d, m) : null);
    }

    // The form is bound whole (IFormCollection, which keeps the framework's antiforgery check): minimal APIs cannot bind a
    // string[] from a form field on .NET 10 (string's span TryParse overload makes the binder refuse the parameter).
    private static async Task<IResult> Confirm(IFormCollection form, HolidayCalendar calendar, TimeProvider clock,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        int? year = int.TryParse(form["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var dates = form["dates"].Where(d => !string.IsNullOrEmpty(d)).Select(d => d!).ToArray();
        var y = year is >= HolidayCalendar.FirstYear and <= HolidayCalendar.LastYear ? year.Value : VietnamTime.Today(clock).Year;
        var proposals = StatutoryHolidays.Propose(y).ToDictionary(p => p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (dates.Length == 0)
        {
            return await PageAsync(calendar, y, L, ct, error: L["Holidays_NoneChosen"], status: StatusCodes.Status422UnprocessableEntity);
        }
        // Only the law's proposals of that year are confirmed here; any other day is added by name with the form below.
        if (dates.FirstOrDefault(d => !proposals.ContainsKey(d)) is { } unknown)
        {
            return await PageAsync(calendar, y, L, ct, error: L["Holidays_NotAProposal", unknown], status: StatusCodes.Status422UnprocessableEntity);
        }
        var change = await calendar.PutAsync([.. dates.Distinct().Select(d => (proposals[d].Date, proposals[d].Name))], ct);
        return Done(y, change);
    }

    private static async Task<IResult> Add([FromForm] string? date, [FromForm] string? name, HolidayCalendar calendar,
        TimeProvider clock, IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        DateOnly day = default;
        if (string.IsNullOrWhiteSpace(date))
        {
            errors["date"] = L["Holidays_DateRequired"];
        }
        else if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
            || day.Year is < HolidayCalendar.FirstYear or > HolidayCalendar.LastYear)
        {
            errors["date"] = L["Holidays_DateInvalid"];
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = L["Holidays_NameRequired"];
        }
        else if (name.Trim().Length > Limits.Name)
        {
            errors["name"] = L["Holidays_NameTooLong", Limits.Name];
        }
        if (errors.Count > 0)
        {
            var y = day != default ? day.Year : VietnamTime.Today(clock).Year;
            return await PageAsync(calendar, y, L, ct, errors: errors, addDate: date, addName: name, status: StatusCodes.Status422UnprocessableEntity);
        }
        var change = await calendar.PutAsync([(day, name!)], ct);
        return Done(day.Year, change);
    }

    private static async Task<IResult> Remove([FromForm] string? date, HolidayCalendar calendar, TimeProvider clock,
        IStringLocalizer<StaffResources> L, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return await PageAsync(calendar, VietnamTime.Today(clock).Year, L, ct, error: L["Holidays_DateInvalid"],
                status: StatusCodes.Status422UnprocessableEntity);
        }
        var change = await calendar.RemoveAsync(day, ct);
        return change is null
            ? await PageAsync(calendar, day.Year, L, ct, error: L["Holidays_NotConfigured", day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)],
                status: StatusCodes.Status404NotFound)
            : Done(day.Year, change);
    }

    // Post/redirect/get: a reload after a change shows the result without posting again.
    private static IResult Done(int year, HolidayChange change) =>
        Results.Redirect($"/staff/holidays?year={year}&days={change.DaysChanged}&moved={change.DeadlinesMoved}");

    private static async Task<IResult> PageAsync(HolidayCalendar calendar, int year, IStringLocalizer<StaffResources> L, CancellationToken ct,
        HolidayChange? done = null, string? error = null, IReadOnlyDictionary<string, string>? errors = null,
        string? addDate = null, string? addName = null, int status = StatusCodes.Status200OK)
    {
        var days = await calendar.YearAsync(year, ct);
        return new RazorComponentResult<HolidayCalendarPage>(new
        {
            Year = year,
            Days = days,
            Done = done,
            Error = error,
            Errors = errors ?? new Dictionary<string, string>(),
            AddDate = addDate,
            AddName = addName,
        })
        { StatusCode = status };
    }
}
