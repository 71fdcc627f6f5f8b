using HaiLong.Api.Features.Audit;
using HaiLong.Api.Features.Registry;
using HaiLong.Api.Features.Invitations;
using HaiLong.Api.Features.Responses;
using HaiLong.Api.Features.Surveys;
using HaiLong.Api.Features.Cases;
using HaiLong.Api.Features.Holidays;
using HaiLong.Api.Features.Disclosure;
using HaiLong.Api.Features.Scorecards;
using HaiLong.Api.Features.Evaluations;
using HaiLong.Api.Features.Consultations;
using HaiLong.Api.Features.Home;
using HaiLong.Api.Features.Demo;
using HaiLong.Api.Infrastructure.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpLogging;
using Scalar.AspNetCore;

// `admin …` (Features/Accounts/AdminCommand.cs): the first-run commands, which use the app's services and never serve.
var adminCommand = AdminCommand.FromArgs(ref args);
WebApplicationBuilder builder;
try
{
    builder = WebApplication.CreateBuilder(args);
    adminCommand?.Configure(builder);
    // Structured (JSON) logs where they are collected; readable text on a developer's console.
    if (!builder.Environment.IsDevelopment()) builder.Logging.AddJsonConsole();
    // One line per entry on a developer's console, so a request is one line and the demo sign-ins stay readable.
    else builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
    builder.AddHaiLongDatabase();
}
catch (DatabaseUnavailableException e)
{
    Console.Error.WriteLine($"HaiLong cannot start: {e.Message}");
    return 2;
}

var services = builder.Services;
services.AddSingleton(TimeProvider.System);
services.AddHttpContextAccessor();
// Registered before AddProblemDetails so that it is the writer the framework picks (see HaiLongProblemWriter).
services.AddSingleton<IProblemDetailsWriter, HaiLongProblemWriter>();
services.AddProblemDetails();
services.AddExceptionHandler<ProblemExceptionHandler>();
services.AddHaiLongJson();
services.AddHaiLongValidation();
services.AddHaiLongOpenApi();
services.AddHaiLongHealth();
services.AddHaiLongWebConventions();
services.AddHttpLogging(o =>
{
    o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
    o.CombineLogs = true;
});
services.AddCitizenAccessLog();
services.AddHaiLongAuthentication();
services.AddHaiLongAuthorization();
services.AddHaiLongRateLimits(builder.Configuration);
services.AddHaiLongAntiforgery();
builder.AddHaiLongRequestLimits();
builder.AddHaiLongHsts();
builder.AddHaiLongJobs();
services.AddDataProtection().PersistKeysToDbContext<HaiLongDbContext>().SetApplicationName("HaiLong");
// Pages are Razor components rendered on the server (static SSR) and returned by the minimal-API handlers.
services.AddRazorComponents();
// Vietnamese is written as itself, not as numeric entities: a third of the page weight, and unreadable source.
services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
services.AddSingleton<StyleSheets>();
// Citizen pages' words: Components/CitizenResources.resx (Vietnamese) and .en.resx, chosen by UseCitizenLanguage.
services.AddLocalization();
services.AddScoped<AuditLog>();
services.AddScoped<Seeder>();
services.AddSingleton<InstallationSecrets>();
services.AddAccounts();
services.AddRegistry();
services.AddSurveys();
services.AddInvitations();
services.AddResponses();
services.AddCases();
services.AddHolidays();
services.AddScorecards(builder.Configuration);
services.AddEvaluations();
services.AddConsultations();
services.AddAudit();
services.AddDemo();

var app = builder.Build();
if (adminCommand is not null) return await adminCommand.RunAsync(app);

app.UseHeadAsGet();
app.UseHaiLongCompression();
// Explicit, so that routing sees HEAD already turned into GET (the implicit one would run before everything above).
app.UseRouting();
// Citizen pages only (?lang=, else Accept-Language, else Vietnamese): staff pages, the API and exports keep one culture.
app.UseCitizenLanguage();
app.UseExceptionHandler();
app.UseProblemContentType();
app.UseStatusCodePages();
if (SecurityHeaders.RequiresHttps(app.Configuration, app.Environment))
{
    app.UseHsts();
    app.UseHttpsRedirection();
}
app.UseHaiLongAccessLog();
app.UseSecurityHeaders();
app.UseAuthentication();
app.UseAuthorization();
app.UsePasswordChangeGate();
app.UseRateLimiter();
app.UseInputBoundary();
app.UseAntiforgery();

app.MapOpenApi().AllowAnonymous();
app.MapStyleSheets();
// The reference page makes no request to an outside host (its default fonts come from one).
app.MapScalarApiReference(o => o.DefaultFonts = false).AllowAnonymous();
app.MapHealth();
app.MapWebConventions();
app.MapJobsDashboard();
app.MapAccounts();
app.MapRegistry();
app.MapSurveys();
app.MapInvitations();
app.MapResponses();
app.MapCases();
app.MapHolidays();
app.MapScorecards();
app.MapDisclosure();
app.MapEvaluations();
app.MapConsultations();
app.MapAudit();
app.MapHome();

await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the integration tests' WebApplicationFactory can reach it.</summary>
public partial class Program;
