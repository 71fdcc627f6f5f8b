using System.Text.RegularExpressions;
using System.Xml.Linq;
using HaiLong.Api.Features.Audit;
using HaiLong.TestSupport;

namespace HaiLong.UnitTests.Audit;

/// <summary>
/// The audit viewer's filter accepts only catalogued codes and shows a code without words as "Hành động chưa có tên": so every
/// code the source records must be in <see cref="AuditCatalogue"/>, and every catalogued code and object type must have words.
/// </summary>
public sealed partial class AuditCatalogueTests
{
    [Fact]
    public void Every_recorded_event_code_is_catalogued()
    {
        var recorded = Repository.SourceLines(Repository.Path("src"), ".cs").Select(l => l.Text)
            .Where(line => line.Contains("RecordAsync(") || line.Contains("RecordReadAsync("))
            .SelectMany(line => Code().Matches(line).Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.Contains("signin.failed", recorded);
        var missing = recorded.Except(AuditCatalogue.Events).Order().ToList();
        Assert.True(missing.Count == 0,
            "recorded but not in AuditCatalogue.Events (add them, and their words AuditEvent_* in StaffResources.resx): "
            + string.Join(", ", missing));
    }

    [Fact]
    public void Every_catalogued_code_and_object_type_has_words()
    {
        var keys = StaffResourceNames().ToHashSet();
        var missing = AuditCatalogue.Events.Select(e => "AuditEvent_" + e.Replace('.', '_').Replace('-', '_'))
            .Concat(AuditCatalogue.ObjectTypes.Select(t => "AuditObject_" + t))
            .Concat(AuditCatalogue.Verbs.Select(v => "AuditVerb_" + v))
            .Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"StaffResources.resx lacks: {string.Join(", ", missing)}");
    }

    [Fact]
    public void No_two_staff_resource_names_differ_only_in_case()
    {
        // Resgen keeps the first of two such names and only warns (MSB3568), so the second's words would silently be missing.
        var names = StaffResourceNames();
        var twice = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(twice.Count == 0, string.Join(", ", twice));
    }

    [Theory]
    [InlineData("PasswordHash", true)]
    [InlineData("SecurityStamp", true)]
    [InlineData("ConcurrencyStamp", true)]
    [InlineData("TokenHash", true)]
    [InlineData("FullName", false)]
    [InlineData("Status", false)]
    public void Secrets_are_recognised_by_name(string field, bool secret) => Assert.Equal(secret, AuditCatalogue.IsSecret(field));

    [GeneratedRegex("\"([a-z][a-z-]*(?:\\.[a-z][a-z-]*)+)\"")]
    private static partial Regex Code();

    private static List<string> StaffResourceNames() =>
        XDocument.Load(Repository.Path("src", "HaiLong.Api", "Components", "StaffResources.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
}
