namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// Integrators generate a client from /openapi/v1.json and never read our code. This generates one with Kiota (the local
/// dotnet tool), compiles it with warnings as errors and runs the citizen and leader flows through it — no hand-written
/// HTTP, no hand-written models — so anything the document leaves out or gets wrong breaks here, not at an integrator's.
/// </summary>
[RunsLong(20)]
public sealed class GeneratedClientTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    /// <summary>The Kiota runtime the generator 1.38 targets; pinned so the test does not change under us.</summary>
    private const string KiotaRuntime = "2.1.6";

    [Fact]
    public async Task A_kiota_client_runs_the_citizen_and_leader_flows_with_typed_errors()
    {
        var server = app.StartLoopbackServer();
        var work = Directory.CreateTempSubdirectory("hailong-kiota-");
        try
        {
            using (var http = new HttpClient { BaseAddress = server })
            {
                await File.WriteAllTextAsync(Path.Combine(work.FullName, "openapi.json"), await http.GetStringAsync("/openapi/v1.json"));
            }

            // The README's test command is just `dotnet test`: restore the pinned Kiota here (a no-op once restored).
            var (restored, restore) = await RunAsync("dotnet", ["tool", "restore"], Repository.Root(), TimeSpan.FromMinutes(3));
            Assert.True(restored == 0, $"dotnet tool restore exited {restored}:\n{restore}");
            var (generated, generation) = await RunAsync("dotnet",
                ["tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", Path.Combine(work.FullName, "openapi.json"),
                    "--output", Path.Combine(work.FullName, "Generated"), "--class-name", "HaiLongClient", "--namespace-name", "HaiLong.Client",
                    "--exclude-backward-compatible", "--clean-output"],
                Repository.Root(), TimeSpan.FromMinutes(3));
            Assert.True(generated == 0, $"kiota generate exited {generated}:\n{generation}");

            WriteProject(work.FullName);
            var (exit, output) = await RunAsync("dotnet",
                ["run", "--property:WarningLevel=4", "--", server.ToString().TrimEnd('/'), Seeder.DemoPassword, DemoUsers.ServiceStaffA, DemoUsers.WardLeaderA],
                work.FullName, TimeSpan.FromMinutes(6));

            Assert.True(exit == 0, $"the generated client's flows exited {exit}:\n{output}");
            Assert.Contains("signed in: ok", output);
            Assert.Matches(@"officials: [1-9]\d*", output);
            Assert.Matches(@"procedures: [1-9]\d*", output);
            Assert.Matches(@"invitation: \d+ Transaction", output);
            Assert.Matches(@"form: Transaction Full, [1-9]\d* questions, overall Likert", output);
            Assert.Matches(@"submitted: (\d+)", output);
            var first = System.Text.RegularExpressions.Regex.Match(output, @"submitted: (\d+)").Groups[1].Value;
            Assert.Contains($"retried with the same key: {first}", output);
            Assert.Contains("without a key: 409", output);
            Assert.Matches(@"bad comment: 400 errors=\[[^\]]*comment", output);
            Assert.Matches(@"leader scorecard: .+ \(ScorecardPeriod\.Month\)", output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void WriteProject(string folder)
    {
        // Empty props files stop MSBuild from walking up into any other project's settings.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
        var packages = string.Join("\n", new[]
        {
            "Microsoft.Kiota.Abstractions", "Microsoft.Kiota.Http.HttpClientLibrary", "Microsoft.Kiota.Serialization.Json",
            "Microsoft.Kiota.Serialization.Text", "Microsoft.Kiota.Serialization.Form", "Microsoft.Kiota.Serialization.Multipart",
        }.Select(p => $"""    <PackageReference Include="{p}" Version="{KiotaRuntime}" />"""));
        File.WriteAllText(Path.Combine(folder, "FlowCheck.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
            {packages}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), FlowProgram);
    }

    /// <summary>What an integrator would write: only the generated client and Kiota's own runtime.</summary>
    private const string FlowProgram = """
        using HaiLong.Client;
        using HaiLong.Client.Models;
        using Microsoft.Kiota.Abstractions.Authentication;
        using Microsoft.Kiota.Http.HttpClientLibrary;

        var (baseUrl, password, staffUser, leaderUser) = (args[0], args[1], args[2], args[3]);

        HaiLongClient Client(IAuthenticationProvider auth) => new(new HttpClientRequestAdapter(auth) { BaseUrl = baseUrl });
        async Task<HaiLongClient> SignedInAsync(string user)
        {
            var token = await Client(new AnonymousAuthenticationProvider()).Api.Auth.Token.PostAsync(new TokenRequest { UserName = user, Password = password });
            return Client(new BaseBearerTokenAuthenticationProvider(new IssuedToken(token!.AccessToken!)));
        }

        var staff = await SignedInAsync(staffUser);
        Console.WriteLine("signed in: ok");
        var officials = await staff.Api.Officials.GetAsync() ?? [];
        Console.WriteLine($"officials: {officials.Count}");
        var procedures = await staff.Api.Procedures.GetAsync() ?? [];
        Console.WriteLine($"procedures: {procedures.Count}");

        var serving = officials.First(o => o.ActiveTo is null);
        var issued = await staff.Api.Invitations.PostAsync(new IssueInvitationRequest
        {
            Kind = InvitationKind.Transaction, OfficialId = serving.Id, ProcedureId = procedures[0].Id, DossierReference = "HS-KIOTA-0001",
        });
        Console.WriteLine($"invitation: {issued!.Id} {issued.Kind}");

        var citizen = Client(new AnonymousAuthenticationProvider());
        var form = await citizen.Api.Responses.Forms[issued.Token!].GetAsync();
        var overall = form!.Questions!.Single(q => q.Criterion == "overall.satisfaction");
        Console.WriteLine($"form: {form.Kind} {form.Mode}, {form.Questions!.Count} questions, overall {overall.Kind}");

        var answers = form.Questions!.Select(q => q.Kind switch
        {
            QuestionKind.Likert => new AnswerInput { QuestionId = q.Id, Score = q.Criterion == "overall.satisfaction" ? 5 : 4 },
            QuestionKind.YesNo => new AnswerInput { QuestionId = q.Id, Text = "no" },
            QuestionKind.SingleChoice => new AnswerInput { QuestionId = q.Id, Text = q.Choices![0].Value },
            _ => new AnswerInput { QuestionId = q.Id, Text = "Cảm ơn" },
        }).ToList();
        var submission = new SubmitResponseRequest { Token = issued.Token, Answers = answers, Language = SubmitResponseRequest_language.Vi };
        var key = Guid.NewGuid().ToString();
        var submitted = await citizen.Api.Responses.PostAsync(submission, c => c.Headers.Add("Idempotency-Key", key));
        Console.WriteLine($"submitted: {submitted!.ResponseId}");
        var retried = await citizen.Api.Responses.PostAsync(submission, c => c.Headers.Add("Idempotency-Key", key));
        Console.WriteLine($"retried with the same key: {retried!.ResponseId}");

        try
        {
            await citizen.Api.Responses.PostAsync(submission);
            Console.WriteLine("without a key: accepted twice");
            return 1;
        }
        catch (ProblemDetails problem)
        {
            Console.WriteLine($"without a key: {problem.Status} {problem.Detail} (trace {problem.TraceId})");
        }

        try
        {
            await citizen.Api.Responses.PostAsync(new SubmitResponseRequest { Token = issued.Token, Answers = answers, Comment = new string('x', 2001) });
            Console.WriteLine("bad comment: accepted");
            return 1;
        }
        catch (HttpValidationProblemDetails invalid)
        {
            var fields = invalid.Errors?.AdditionalData.Keys.Select(k => k.ToLowerInvariant()) ?? [];
            Console.WriteLine($"bad comment: {invalid.Status} errors=[{string.Join(",", fields)}]");
        }

        var leader = await SignedInAsync(leaderUser);
        var ward = (await leader.Api.Scorecards.Units.GetAsync())![0];
        var card = await leader.Api.Scorecards.Units[ward.Id!.Value]
            .GetAsync(c => c.QueryParameters.Period = HaiLong.Client.Api.Scorecards.Units.Item.GetPeriodQueryParameterType.Month);
        // The period is a generated enum read from the wire's "month": its type's name shows it is not a string.
        Console.WriteLine($"leader scorecard: {card!.UnitName} n={card.Overall!.N} ({card.Period?.GetType().Name}.{card.Period})");
        return 0;

        /// <summary>The bearer token from POST /api/auth/token (Kiota's own providers insist on https; the test host is plain loopback).</summary>
        sealed class IssuedToken(string token) : IAccessTokenProvider
        {
            public AllowedHostsValidator AllowedHostsValidator { get; } = new();

            public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? context = null, CancellationToken ct = default) =>
                Task.FromResult(token);
        }
        """;

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string folder, TimeSpan timeout)
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync(file, arguments, folder, timeout);
        return (exit, stdout + stderr);
    }
}
