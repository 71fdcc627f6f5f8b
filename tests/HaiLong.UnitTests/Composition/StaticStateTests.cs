using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace HaiLong.UnitTests.Composition;

/// <summary>
/// No static mutable state in the app's assemblies: test runs build several hosts at once in one process, and a
/// capability's contributions (staff links, OpenAPI tags) belong in DI, where each host has its own. A static field is
/// allowed only if it is readonly and its value is immutable (a string, a number, a frozen or read-only collection, an
/// object with no settable state); arrays are mutable, so a static list is an IReadOnlyList (a collection expression makes
/// it a read-only wrapper), a FrozenSet or a FrozenDictionary.
/// </summary>
public sealed class StaticStateTests
{
    // Each entry says why the field is harmless; a new one needs a reason as good.
    private static readonly IReadOnlyDictionary<string, string> Allowed = new Dictionary<string, string>
    {
        // ResXFileCodeGenerator's designer class: caches the ResourceManager and the culture override, which nothing sets.
        ["HaiLong.Api.Components.CitizenResources.resourceMan"] = "generated resource accessor",
        ["HaiLong.Api.Components.CitizenResources.resourceCulture"] = "generated resource accessor",
        // HaiLong.Data is being changed on another branch in this round (the squashed migrations); these two become
        // IReadOnlyList / FrozenDictionary there. Until then: never written by any code (grep), read only.
        ["HaiLong.Data.Entities.Criteria.LabelsVi"] = "pending: HaiLong.Data, written only by its initialiser",
        ["HaiLong.Data.Entities.Roles.All"] = "pending: HaiLong.Data, written only by its initialiser",
        // Staff pages whose labels move to resource files on another branch in this round, which rewrites these lines;
        // never written after their initialiser.
        ["HaiLong.Api.Features.Scorecards.PeriodNav.Kinds"] = "pending: staff page being rewritten (labels to resx)",
        ["HaiLong.Api.Features.Scorecards.ScorecardOverviewPage.Views"] = "pending: staff page being rewritten (labels to resx)",
        ["HaiLong.Api.Features.Scorecards.TrendChart.Ticks"] = "pending: staff page being rewritten",
    };

    public static TheoryData<string> Assemblies() => new() { "HaiLong.Api", "HaiLong.Data" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_static_field_holds_mutable_state(string assemblyName)
    {
        var assembly = typeof(HaiLong.Api.Infrastructure.Policies).Assembly.GetName().Name == assemblyName
            ? typeof(HaiLong.Api.Infrastructure.Policies).Assembly
            : typeof(HaiLong.Data.HaiLongDbContext).Assembly;

        var offenders = new List<string>();
        foreach (var type in assembly.GetTypes().Where(t => !IsGenerated(t)))
        {
            foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.IsLiteral || IsGenerated(field)) continue;
                var name = $"{type.FullName}.{field.Name}";
                if (Allowed.ContainsKey(name)) continue;
                if (!field.IsInitOnly)
                {
                    offenders.Add($"{name}: static and not readonly");
                    continue;
                }
                if (type.ContainsGenericParameters) continue;
                if (MutableCollection(field.FieldType, SafeValue(field)) is { } why) offenders.Add($"{name}: {why}");
            }
        }

        Assert.True(offenders.Count == 0, "Static mutable state:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_catches_what_it_is_for()
    {
        Assert.NotNull(MutableCollection(typeof(int[]), new[] { 1 }));
        Assert.NotNull(MutableCollection(typeof(List<int>), new List<int>()));
        Assert.NotNull(MutableCollection(typeof(IReadOnlyDictionary<int, int>), new Dictionary<int, int>()));
        Assert.NotNull(MutableCollection(typeof(ConcurrentDictionary<int, int>), new ConcurrentDictionary<int, int>()));
        IReadOnlyList<int> wrapped = [1, 2];
        Assert.Null(MutableCollection(typeof(IReadOnlyList<int>), wrapped));
        Assert.Null(MutableCollection(typeof(System.Collections.Frozen.FrozenSet<int>), System.Collections.Frozen.FrozenSet.Create(1)));
        Assert.Null(MutableCollection(typeof(string), "text"));
    }

    private static object? SafeValue(FieldInfo field)
    {
        try
        {
            return field.GetValue(null);
        }
        catch (Exception e) when (e is TargetInvocationException or TypeInitializationException or FieldAccessException)
        {
            return null;
        }
    }

    /// <summary>Why the field's type or value is a collection that can be changed, or null.</summary>
    private static string? MutableCollection(Type declared, object? value)
    {
        if (declared == typeof(string)) return null;
        var type = value?.GetType() ?? declared;
        if (type.IsArray || declared.IsArray) return "an array (its items can be replaced)";
        if (value is null && !typeof(IEnumerable).IsAssignableFrom(declared)) return null;
        if (value is null) return typeof(ICollection).IsAssignableFrom(declared) ? $"a {declared.Name}" : null;
        if (value is string) return null;
        var collection = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollection<>));
        if (collection is not null)
        {
            var isReadOnly = (bool)collection.GetProperty(nameof(ICollection<int>.IsReadOnly))!.GetValue(value)!;
            return isReadOnly ? null : $"a {type.Name}, which can be changed";
        }
        if (value is IList { IsReadOnly: false } or IDictionary { IsReadOnly: false }) return $"a {type.Name}, which can be changed";
        return null;
    }

    private static bool IsGenerated(MemberInfo member) =>
        member.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || member.Name.Contains('<')
        || (member is Type t && t.DeclaringType is { } outer && IsGenerated(outer));
}
