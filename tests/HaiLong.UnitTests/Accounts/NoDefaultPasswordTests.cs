using System.Text.Json;
using System.Text.RegularExpressions;

namespace HaiLong.UnitTests.Accounts;

/// <summary>
/// "No default password outside the demo world": the demo's published password is used only by the demo seed, an account is
/// created with a password in exactly the reviewed places, and nothing a production installation ships switches the demo on.
/// </summary>
public sealed partial class NoDefaultPasswordTests
{
    private static readonly string Src = Path.Combine(RepositoryRoot(), "src");

    [Fact]
    public void The_demo_password_is_known_only_to_the_demo_seed()
    {
        var seeding = Path.Combine("Infrastructure", "Seeding") + Path.DirectorySeparatorChar;
        var offenders = SourceLines()
            .Where(l => (l.Text.Contains("HaiLong@2026", StringComparison.Ordinal) || l.Text.Contains("DemoPassword", StringComparison.Ordinal))
                && !l.File.Contains(seeding, StringComparison.Ordinal))
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
            [Path.Combine("HaiLong.Api", "Features", "Accounts", "AdminCommand.cs"), Path.Combine("HaiLong.Api", "Features", "Accounts", "StaffAccounts.cs"),
             Path.Combine("HaiLong.Api", "Infrastructure", "Seeding", "Seeder.cs")],
            creators);
    }

    [Fact]
    public void Nothing_shipped_for_production_switches_the_demo_on()
    {
        foreach (var settings in Directory.EnumerateFiles(Src, "appsettings*.json", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(settings));
            Assert.False(json.RootElement.TryGetProperty("HaiLong", out var h) && h.TryGetProperty("SeedDemo", out _), $"{settings} sets HaiLong:SeedDemo");
            Assert.DoesNotContain("password", File.ReadAllText(settings), StringComparison.OrdinalIgnoreCase);
        }
        foreach (var file in new[] { "Dockerfile", "docker-compose.yml" })
        {
            Assert.DoesNotContain("SeedDemo", File.ReadAllText(Path.Combine(RepositoryRoot(), file)), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Production", File.ReadAllText(Path.Combine(RepositoryRoot(), "Dockerfile")));
    }

    private static IEnumerable<(string File, int Line, string Text)> SourceLines()
    {
        foreach (var file in Directory.EnumerateFiles(Src, "*.*", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
            if (!file.EndsWith(".cs", StringComparison.Ordinal) && !file.EndsWith(".razor", StringComparison.Ordinal) && !file.EndsWith(".json", StringComparison.Ordinal)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++) yield return (Path.GetRelativePath(Src, file), i + 1, lines[i]);
        }
    }

    // UserManager.CreateAsync(user, password) and AddPasswordAsync: the two ways Identity stores a password for a new account
    // (the user manager is called `users` or `userManager` throughout).
    [GeneratedRegex(@"\b_?(users|userManager)\.CreateAsync\(\s*\w+\s*,|\.AddPasswordAsync\(")]
    private static partial Regex CreateWithPassword();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaiLong.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("HaiLong.sln not found above the test binaries.");
    }
}
