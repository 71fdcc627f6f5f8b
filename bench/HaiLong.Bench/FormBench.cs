using System.Globalization;
using System.Text.RegularExpressions;
using HaiLong.Api.Features.Invitations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HaiLong.Bench;

/// <summary>
/// The citizen form: wrk against GET /s/{token} of a standing counter QR vs wrk against a bare Kestrel endpoint (inside
/// this process) that returns the bytes and headers the app returned, same concurrency, same run.
/// </summary>
public sealed partial class FormBench(BenchDatabase db, Report report)
{
    public async Task<bool> RunAsync(int port, int clients, int seconds)
    {
        var token = await CounterTokenAsync();
        await using var app = await AppUnderTest.StartAsync(db.AppConnectionString, port);
        using var http = app.Client();
        using var captured = await http.GetAsync(InvitationTokens.SurveyPath(token));
        var body = await captured.Content.ReadAsByteArrayAsync();
        var html = System.Text.Encoding.UTF8.GetString(body);
        var formOk = captured.IsSuccessStatusCode && html.Contains("<form") && html.Contains(Seeder.ServiceCriteria[^1]);
        report.Line($"GET /s/{{counter token}}: {(int)captured.StatusCode}, {body.Length:N0} bytes of {captured.Content.Headers.ContentType}");

        var headers = captured.Headers.Concat(captured.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Content-Length" or "Transfer-Encoding" or "Set-Cookie" or "Server"))
            .ToDictionary(h => h.Key, h => h.Value.ToArray());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port + 1}");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        await using var bare = builder.Build();
        bare.MapGet("/s/{token}", async (HttpContext ctx) =>
        {
            foreach (var (k, v) in headers) ctx.Response.Headers[k] = v;
            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body);
        });
        await bare.StartAsync();
        try
        {
            var path = InvitationTokens.SurveyPath(token);
            var appRate = await WrkAsync($"{app.BaseUrl}{path}", clients, seconds, "app", app.Pid);
            var bareRate = await WrkAsync($"http://127.0.0.1:{port + 1}{path}", clients, seconds, "bare Kestrel, same bytes");
            report.Line($"RATIO form GET / bare endpoint = {appRate.Rate / bareRate.Rate:F2} (target ≥ 0.6)");
            var ok = formOk && appRate.Errors == 0 && bareRate.Errors == 0;
            report.Line($"CHECK the form renders (a <form> with the survey's questions) and every wrk response was 2xx: {(ok ? "PASS" : "FAIL")}");
            return ok;
        }
        finally
        {
            await bare.StopAsync();
        }
    }

    private async Task<(double Rate, long Errors)> WrkAsync(string url, int clients, int seconds, string label, int? appPid = null)
    {
        // Ten seconds: tiered compilation and PGO keep lowering the CPU of a request for tens of seconds after start (BENCHMARKS §2).
        await Report.RunAsync("wrk", $"-t2 -c{clients} -d10s {url}");
        var cpu = appPid is { } pid ? new CpuMeter(pid) : null;
        cpu?.Start();
        var (code, output) = await Report.RunAsync("wrk", $"-t2 -c{clients} -d{seconds}s --latency {url}", timeout: TimeSpan.FromSeconds(seconds + 60));
        var rate = RatePattern().Match(output);
        if (code != 0 || !rate.Success) throw new InvalidOperationException($"wrk failed:\n{output}");
        var errors = NonSuccessPattern().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;
        var p50 = Latency50Pattern().Match(output);
        var p99 = Latency99Pattern().Match(output);
        var value = double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture);
        report.Line($"wrk -t2 -c{clients} -d{seconds}s ({label}): {value:N0} requests/s, "
            + $"latency p50 {p50.Groups[1].Value}, p99 {p99.Groups[1].Value}, non-2xx {errors}");
        if (cpu is not null) report.Line(cpu.Per((long)(value * seconds), "view"));
        return (value, errors);
    }

    /// <summary>A service point with an official on shift and its standing counter QR (kept between runs).</summary>
    private async Task<string> CounterTokenAsync()
    {
        var world = await new Seeder(db.DataSource).EnsureWorldAsync();
        var (official, agency, ward) = world.Officials[5];
        var token = "benchFormCounterQr0001";
        await db.ExecuteAsync($"""
            INSERT INTO service_points (agency_id, code, name) SELECT {agency}, 'B-SP-FORM', 'Quầy số 1'
            WHERE NOT EXISTS (SELECT 1 FROM service_points WHERE code = 'B-SP-FORM');
            INSERT INTO service_point_shifts (service_point_id, official_id, starts_at)
                SELECT id, {official}, now() - interval '1 day' FROM service_points WHERE code = 'B-SP-FORM'
                AND NOT EXISTS (SELECT 1 FROM service_point_shifts s JOIN service_points p ON p.id = s.service_point_id WHERE p.code = 'B-SP-FORM');
            INSERT INTO invitations (token_hash, kind, survey_version_id, unit_id, agency_id, service_point_id, created_at)
                SELECT '\x{Convert.ToHexStringLower(InvitationTokens.Hash(token))}'::bytea, 'Counter', {world.Survey.VersionId}, {ward}, {agency}, p.id, now()
                FROM service_points p WHERE p.code = 'B-SP-FORM'
                ON CONFLICT (token_hash) DO NOTHING;
            """);
        return token;
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessPattern();

    [GeneratedRegex(@"50%\s+(\S+)")]
    private static partial Regex Latency50Pattern();

    [GeneratedRegex(@"99%\s+(\S+)")]
    private static partial Regex Latency99Pattern();
}
