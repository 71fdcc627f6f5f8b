using Xunit.Abstractions;

[assembly: TestCollectionOrderer("HaiLong.IntegrationTests.Infrastructure.LongClassesFirst", "HaiLong.IntegrationTests")]

namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// Marks a test class that runs far longer than most (a browser sweep over every page, real processes, a tool chain): the
/// suite starts it first, longest first. xunit otherwise starts classes in an order of its own, and a two-minute class
/// started last left one of the two threads idle for its whole run (docs/DEVELOPING.md, "Keeping the suite fast").
/// </summary>
/// <param name="seconds">Roughly what the class took on a quiet machine; only the order among marked classes uses it.</param>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLongAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>Starts the <see cref="RunsLongAttribute"/> classes first, longest first, then the rest in a fixed order.</summary>
public sealed class LongClassesFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderByDescending(Seconds).ThenBy(c => c.DisplayName, StringComparer.Ordinal).ToList();

    private static int Seconds(ITestCollection collection)
    {
        // Each class is its own collection, named "Test collection for <the class's full name>".
        const string prefix = "Test collection for ";
        if (!collection.DisplayName.StartsWith(prefix, StringComparison.Ordinal)) return 0;
        var name = collection.DisplayName[prefix.Length..].Split(' ')[0];
        var type = typeof(LongClassesFirst).Assembly.GetType(name);
        return type?.GetCustomAttributes(typeof(RunsLongAttribute), inherit: false).OfType<RunsLongAttribute>().FirstOrDefault()?.Seconds ?? 0;
    }
}
