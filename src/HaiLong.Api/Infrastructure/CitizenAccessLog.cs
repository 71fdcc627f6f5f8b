namespace HaiLong.Api.Infrastructure;

/// <summary>
/// The access log of the citizen hot paths (the form and its POST under /s, the ballot under /h, the submission API) as
/// counts instead of a line per request. One JSON line per request went through the console logger's queue lock: the
/// biggest contended lock in the submission profile and 10–15 % of its rate (BENCHMARKS.md §2). Here a request adds one to
/// a counter (no lock); <see cref="Summary"/> writes one line a minute with the counts by status class, and a server error
/// is still written at once. The lines no longer carry survey tokens and ballot codes, which sit in those paths.
/// Every other path keeps its line per request. The citizen paths do not enter the HTTP logging middleware at all
/// (<see cref="CitizenAccessLogSetup.UseHaiLongAccessLog"/>): with nothing to write it still built its logging context and
/// called its interceptors on every submission (BENCHMARKS.md §2, profiles of 7 Dec).
/// </summary>
/// <remarks>
/// A QR issued through the API (<c>POST /api/invitations</c> answered 2xx, what a counter does all day) is counted the same
/// way, on its own counter (<see cref="TakeIssues"/>, "QR codes issued through the API in the last …"): its line was 10–13 %
/// of an issue's CPU, mostly that same lock (BENCHMARKS.md §4). Staff actions stay individually recorded where the record
/// is kept: each issue writes its <c>Invitation.created</c> audit entry (who, when, which invitation) in the statement that
/// stores it, so the log line only repeated it. An issue that is refused or fails still gets a line of its own — it has
/// no audit entry.
/// </remarks>
public sealed class CitizenAccessLog(ILogger<CitizenAccessLog> logger)
{
    private readonly long[] _byStatusClass = new long[6];
    private long _issued;

    public static bool IsCitizenHotPath(PathString path) =>
        path.StartsWithSegments("/s") || path.StartsWithSegments("/h") || path.StartsWithSegments("/api/responses");

    /// <summary>A staff member issuing one QR through the API (not the batches, not the staff page: they keep their line).</summary>
    public static bool IsIssue(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value is "/api/invitations" or "/api/invitations/";

    /// <summary>Where the request's line goes: counted (a citizen hot path, an issue) or written by the HTTP logging middleware.</summary>
    public static bool IsCounted(HttpRequest request) => IsCitizenHotPath(request.Path) || IsIssue(request);

    /// <summary>Counts an issue that succeeds; writes a line for one that does not.</summary>
    private void CountIssue(HttpContext http)
    {
        var status = http.Response.StatusCode;
        if (status is >= 200 and < 300) Interlocked.Increment(ref _issued);
        else logger.LogInformation("QR issue answered {StatusCode}: {Method} {Path}", status, http.Request.Method, http.Request.Path);
    }

    /// <summary>Issues counted since the last call, and the counter reset.</summary>
    public long TakeIssues() => Interlocked.Exchange(ref _issued, 0);

    /// <summary>Counts a citizen request's status, or an issue (<see cref="IsIssue"/>), once its response starts.</summary>
    public void Watch(HttpContext http) =>
        // At the start of the response its status is final, and the client cannot have read it yet.
        http.Response.OnStarting(static state =>
        {
            var (log, context) = ((CitizenAccessLog, HttpContext))state;
            if (IsIssue(context.Request)) log.CountIssue(context);
            else log.Count(context);
            return Task.CompletedTask;
        }, (this, http));

    /// <summary>Requests counted since the last call, by status class (index 2 = 2xx … 5 = 5xx), and the counters reset.</summary>
    public long[] Take() => [.. Enumerable.Range(0, _byStatusClass.Length).Select(i => Interlocked.Exchange(ref _byStatusClass[i], 0))];

    private void Count(HttpContext http)
    {
        var status = http.Response.StatusCode;
        Interlocked.Increment(ref _byStatusClass[Math.Clamp(status / 100, 0, 5)]);
        if (status >= 500)
        {
            // The first segment only: the rest of a citizen path is a token or a ballot code.
            var segment = http.Request.Path.Value?.Split('/', 3, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            logger.LogWarning("Citizen request failed: {Method} /{Segment}/… {StatusCode}", http.Request.Method, segment, status);
        }
    }

    /// <summary>Writes the minute's counts, when there were any.</summary>
    public sealed class Summary(CitizenAccessLog log, ILogger<CitizenAccessLog> logger, TimeProvider clock) : BackgroundService
    {
        public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(Interval, clock);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken)) Write();
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
            Write();
        }

        private void Write()
        {
            var c = log.Take();
            if (c.Sum() > 0)
            {
                logger.LogInformation("Citizen requests in the last {Interval}: {Ok} 2xx, {Redirect} 3xx, {ClientError} 4xx, {ServerError} 5xx",
                    Interval, c[2] + c[1] + c[0], c[3], c[4], c[5]);
            }
            if (log.TakeIssues() is > 0 and var issued)
            {
                logger.LogInformation("QR codes issued through the API in the last {Interval}: {Issued}", Interval, issued);
            }
        }
    }
}

public static class CitizenAccessLogSetup
{
    public static IServiceCollection AddCitizenAccessLog(this IServiceCollection services)
    {
        services.AddSingleton<CitizenAccessLog>();
        services.AddHostedService<CitizenAccessLog.Summary>();
        return services;
    }

    /// <summary>Where the HTTP log line used to be: the citizen hot paths and API issues are counted, every other path gets its line.</summary>
    public static IApplicationBuilder UseHaiLongAccessLog(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<CitizenAccessLog>();
        return app
            .Use((http, next) =>
            {
                if (CitizenAccessLog.IsCounted(http.Request)) log.Watch(http);
                return next(http);
            })
            .UseWhen(http => !CitizenAccessLog.IsCounted(http.Request), branch => branch.UseHttpLogging());
    }
}
