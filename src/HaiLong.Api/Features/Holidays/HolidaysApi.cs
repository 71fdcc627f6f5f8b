using HaiLong.Data.Configurations;
using Microsoft.AspNetCore.Mvc;

namespace HaiLong.Api.Features.Holidays;

public sealed record HolidayRequest([property: Required] DateOnly? Date, [property: Required, MaxLength(Limits.Name)] string Name);

public sealed record HolidayResponse(DateOnly Date, string Name);

/// <summary>One day of a year: configured or not, and what the Labour Code proposes for it (null when nothing).</summary>
public sealed record HolidayDayResponse(DateOnly Date, string Name, bool Configured, HolidayBasis? Basis, bool NeedsConfirmation);

/// <summary>What a change did: days added, renamed or removed, and running case deadlines counted again.</summary>
public sealed record HolidayChangeResponse(int DaysChanged, int DeadlinesMoved);

/// <summary>
/// The public holidays that working-day deadlines skip: the Labour Code's days proposed per year (lunar ones computed), confirmed
/// or added by an administrator; every change recounts the case deadlines still running. The routes keep the /api/cases/holidays
/// address they had when holidays were part of Cases.
/// </summary>
public static class HolidaysApi
{
    public static IServiceCollection AddHolidays(this IServiceCollection services)
    {
        services.AddScoped<HolidaySet>();
        services.AddScoped<HolidayCalendar>();
        services.AddApiTag("Holidays", "Public holidays: the days working-day deadlines skip, proposed from the Labour Code and confirmed by administrators.");
        services.AddStaffLink("/staff/holidays", "Link_Holidays", Roles.Administrator);
        return services;
    }

    public static IEndpointRouteBuilder MapHolidays(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cases/holidays").WithTags("Holidays").RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", ListHolidays).WithName("ListPublicHolidays")
            .RequireAuthorization(p => p.RequireRole(Roles.Inspector, Roles.WardLeader, Roles.Administrator));
        api.MapGet("/year/{year:int}", GetYear).WithName("GetHolidayYear")
            .RequireAuthorization(Policies.Administrator);
        api.MapPut("/", PutHoliday).WithName("PutPublicHoliday")
            .RequireAuthorization(Policies.Administrator);
        api.MapDelete("/{date}", DeleteHoliday).WithName("DeletePublicHoliday")
            .RequireAuthorization(Policies.Administrator).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapHolidayPages();
        return app;
    }

    /// <summary>Public holidays skipped by working-day deadlines</summary>
    /// <remarks>
    /// Inspectors, ward leaders and administrators. Lists the configured public holidays, of one `year` when given; changes
    /// nothing.
    /// </remarks>
    public static async Task<Ok<HolidayResponse[]>> ListHolidays(HaiLongDbContext db, CancellationToken ct,
        [Range(HolidayCalendar.FirstYear, HolidayCalendar.LastYear)] int? year = null)
    {
        var query = db.PublicHolidays.AsNoTracking();
        if (year is { } y)
        {
            // A range of dates, not Date.Year: the column's index serves it.
            var from = new DateOnly(y, 1, 1);
            var to = new DateOnly(y, 12, 31);
            query = query.Where(h => h.Date >= from && h.Date <= to);
        }
        return TypedResults.Ok(await query.OrderBy(h => h.Date).Select(h => new HolidayResponse(h.Date, h.Name)).ToArrayAsync(ct));
    }

    /// <summary>A year's holidays with the Labour Code's proposals</summary>
    /// <remarks>
    /// Administrators only. Every configured holiday of the year and every day the Labour Code (art. 112) proposes for it —
    /// lunar days computed on the Vietnamese calendar — with whether it is configured and whether the government must confirm
    /// it. A year outside 1901–2199 is refused (400).
    /// </remarks>
    public static async Task<Results<Ok<HolidayDayResponse[]>, ValidationProblem>> GetYear(int year, HolidayCalendar calendar, CancellationToken ct)
    {
        if (year is < HolidayCalendar.FirstYear or > HolidayCalendar.LastYear)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["year"] = [$"The calendar is computed for {HolidayCalendar.FirstYear}–{HolidayCalendar.LastYear}."],
            });
        }
        var days = await calendar.YearAsync(year, ct);
        return TypedResults.Ok(days.Select(d => new HolidayDayResponse(d.Date, d.Name, d.Configured, d.Proposal?.Basis,
            d.Proposal?.NeedsConfirmation ?? false)).ToArray());
    }

    /// <summary>Add or rename a public holiday</summary>
    /// <remarks>
    /// Administrators only. Adds a public holiday or renames the one on that date, and counts again the case deadlines still
    /// running; audited.
    /// </remarks>
    public static async Task<Ok<HolidayChangeResponse>> PutHoliday(HolidayRequest request, HolidayCalendar calendar, CancellationToken ct)
    {
        var change = await calendar.PutAsync([(request.Date!.Value, request.Name)], ct);
        return TypedResults.Ok(new HolidayChangeResponse(change.DaysChanged, change.DeadlinesMoved));
    }

    /// <summary>Remove a public holiday</summary>
    /// <remarks>
    /// Administrators only. Removes the holiday on `date` (yyyy-MM-dd) and counts again the case deadlines still running;
    /// audited. A date that is not a configured holiday answers 404.
    /// </remarks>
    public static async Task<Results<Ok<HolidayChangeResponse>, NotFound<ProblemDetails>, ValidationProblem>> DeleteHoliday(
        string date, HolidayCalendar calendar, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var day))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["The date must be written yyyy-MM-dd."] });
        }
        var change = await calendar.RemoveAsync(day, ct);
        return change is null
            ? TypedResults.NotFound(Problems.NotFound("public holiday", date))
            : TypedResults.Ok(new HolidayChangeResponse(change.DaysChanged, change.DeadlinesMoved));
    }
}
