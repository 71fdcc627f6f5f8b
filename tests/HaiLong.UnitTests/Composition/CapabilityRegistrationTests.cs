using System.Reflection;
using HaiLong.Api.Components;
using HaiLong.Api.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HaiLong.UnitTests.Composition;

/// <summary>
/// Each capability registers its own contributions (staff links, OpenAPI tags) from its one Add method; these tests run
/// every capability's Add method on its own and fail when two of them claim the same staff page or describe the same tag.
/// </summary>
public sealed class CapabilityRegistrationTests
{
    private static readonly Assembly Api = typeof(Policies).Assembly;

    /// <summary>Every public <c>Add…(this IServiceCollection[, IConfiguration])</c> in Features/, one per capability.</summary>
    private static IReadOnlyList<MethodInfo> CapabilityAddMethods() =>
        [.. Api.GetTypes()
            .Where(t => t.Namespace?.StartsWith("HaiLong.Api.Features.", StringComparison.Ordinal) == true && t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.Name.StartsWith("Add", StringComparison.Ordinal) && m.ReturnType == typeof(IServiceCollection)
                && m.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute), inherit: false)
                && m.GetParameters() is [{ } first, ..] rest && first.ParameterType == typeof(IServiceCollection)
                && rest.Skip(1).All(p => p.ParameterType == typeof(IConfiguration)))];

    private static (string Capability, IServiceCollection Services) Run(MethodInfo add)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        object[] arguments = [.. add.GetParameters().Select(p => p.ParameterType == typeof(IServiceCollection) ? (object)services : configuration)];
        add.Invoke(null, arguments);
        return (add.Name, services);
    }

    [Fact]
    public void Every_capability_has_one_Add_method()
    {
        var names = CapabilityAddMethods().Select(m => m.Name).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Superset(new HashSet<string> { "AddAccounts", "AddRegistry", "AddSurveys", "AddInvitations", "AddResponses", "AddCases",
            "AddScorecards", "AddEvaluations" }, names.ToHashSet());
    }

    [Fact]
    public void No_two_capabilities_register_the_same_staff_link_or_api_tag()
    {
        var runs = CapabilityAddMethods().Select(Run).ToList();
        var links = runs.SelectMany(r => r.Services.Select(d => d.ImplementationInstance).OfType<StaffLink>().Select(l => (r.Capability, l.Href)))
            .ToList();
        var tags = runs.SelectMany(r => r.Services.Select(d => d.ImplementationInstance).OfType<ApiTag>().Select(t => (r.Capability, t.Name)))
            .ToList();

        Assert.NotEmpty(links);
        var claimedTwice = links.GroupBy(l => l.Href).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(l => l.Capability))}").ToList();
        Assert.True(claimedTwice.Count == 0, "Staff links registered twice:\n" + string.Join("\n", claimedTwice));
        var describedTwice = tags.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(describedTwice.Count == 0, "OpenAPI tags described twice: " + string.Join(", ", describedTwice));
    }

    [Fact]
    public void A_second_registration_of_a_staff_link_is_refused_at_start_up()
    {
        var services = new ServiceCollection().AddStaffLink("/staff/x", "X");
        Assert.Throws<InvalidOperationException>(() => services.AddStaffLink("/staff/x", "X again"));
    }
}
