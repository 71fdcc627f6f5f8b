namespace HaiLong.IntegrationTests.Foundation;

/// <summary>
/// Docker cannot run here, so the compose files are checked the next best way: dclint validates them against the compose
/// specification's JSON schema and applies its rules (.dclintrc.yaml says which are off and why). A schema error fails.
/// </summary>
public sealed class ComposeFileTests
{
    /// <summary>Pinned: a newer linter may add rules; upgrading is a deliberate change.</summary>
    private const string Dclint = "dclint@3.1.0";

    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData("docker-compose.ha.yml")]
    public async Task The_compose_file_passes_the_compose_schema_and_the_linter(string file)
    {
        var (exitCode, output) = await LintAsync(Repository.Root(), file);

        Assert.True(exitCode == 0, $"dclint exited {exitCode} on {file}:\n{output}");
    }

    [Fact]
    public async Task A_compose_file_with_a_misspelt_key_fails()
    {
        var folder = Directory.CreateTempSubdirectory("hailong-compose-").FullName;
        try
        {
            var good = await File.ReadAllTextAsync(Repository.Path("docker-compose.ha.yml"));
            var broken = good.Replace("  restart: unless-stopped", "  restrat: unless-stopped", StringComparison.Ordinal);
            Assert.NotEqual(good, broken);
            await File.WriteAllTextAsync(Path.Combine(folder, "docker-compose.ha.yml"), broken);

            var (exitCode, output) = await LintAsync(folder, "docker-compose.ha.yml");

            Assert.True(exitCode != 0, $"dclint accepted a service with an unknown key:\n{output}");
            Assert.Contains("invalid-schema", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> LintAsync(string folder, string file)
    {
        var (exit, output, errors) = await ExternalTool.RunAsync("npx",
            ["--yes", Dclint, file, "--config", Repository.Path(".dclintrc.yaml"), "--no-color"], folder, TimeSpan.FromMinutes(5));
        return (exit, output + errors);
    }
}
