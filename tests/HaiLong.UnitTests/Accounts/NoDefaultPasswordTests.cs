using System.Text.Json;
using System.Text.RegularExpressions;
using HaiLong.TestSupport;

namespace HaiLong.UnitTests.Accounts;

/// <summary>
/// "No default password outside the demo world": the demo's published password is used only by the demo seed, an account is
/// created with a password in exactly the reviewed places, and nothing a production installation ships switches the demo on.
/// </summary>
public sealed partial class NoDefaultPasswordTests
{
    private static readonly string Src = Repository.Path("src");

    [Fact]
    public void The_demo_password_is_known_only_to_the_demo_seed()
    {
        var seeding = Path.Combine("Infrastructure", "Seeding") + Path.DirectorySeparatorChar;
        var offenders = SourceLines()
            .Where(l => l.Text.Contains("HaiLong@2026", StringComparison.Ordinal) || l.Text.Contains("DemoPassword", StringComparison.Ordinal))
            .Where(l => !l.File.Contains(seeding, StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}").ToList();
        Assert.True(offenders.Count == 0, "the demo password is named outside Infrastructure/Seeding:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Accounts_are_created_with_a_password_only_where_it_is_reviewed()
    {
        // The demo seed (demo only), the administrators' accounts service for the API and the pages (the password they typed,
        // or a one-time password that must be replaced), the first-run command (standard input or a one-time password that
        // must be replaced). A new place needs the same care: add it here once it has it.
        var creators = SourceLines().Where(l => CreateWithPassword().IsMatch(l.Text)).Select(l => l.File).Distinct().Order().ToList();
        Assert.Equal(
            [
                Path.Combine("HaiLong.Api", "Features", "Accounts", "AdminCommand.cs"),
                Path.Combine("HaiLong.Api", "Features", "Accounts", "StaffAccounts.cs"),
                Path.Combine("HaiLong.Api", "Infrastructure", "Seeding", "Seeder.cs"),
            ],
            creators);
    }

    [Fact]
    public void Nothing_shipped_for_production_switches_the_demo_on()
    {
        foreach (var settings in Repository.SourceFiles(Src, ".json").Where(f => Path.GetFileName(f).StartsWith("appsettings", StringComparison.Ordinal)))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(settings));
            Assert.False(json.RootElement.TryGetProperty("HaiLong", out var h) && h.TryGetProperty("SeedDemo", out _),
                $"{settings} sets HaiLong:SeedDemo");
            Assert.DoesNotContain("password", File.ReadAllText(settings), StringComparison.OrdinalIgnoreCase);
        }
        foreach (var file in new[] { "Dockerfile", "docker-compose.yml" })
        {
            Assert.DoesNotContain("SeedDemo", File.ReadAllText(Repository.Path(file)), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Production", File.ReadAllText(Repository.Path("Dockerfile")));
    }

    private static IEnumerable<(string File, int Line, string Text)> SourceLines() => Repository.SourceLines(Src, ".cs", ".razor", ".json");

    // UserManager.CreateAsync(user, password) and AddPasswordAsync: the two ways Identity stores a password for a new account
    // (the user manager is called `users` or `userManager` throughout).
    [GeneratedRegex(@"\b_?(users|userManager)\.CreateAsync\(\s*\w+\s*,|\.AddPasswordAsync\(")]
    private static partial Regex CreateWithPassword();
}
