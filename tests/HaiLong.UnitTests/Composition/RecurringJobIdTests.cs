using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Common;
using HaiLong.Api.Infrastructure;

namespace HaiLong.UnitTests.Composition;

/// <summary>Recurring job ids share one style, and a renamed job's old id is removed so an existing storage stops running it.</summary>
public sealed class RecurringJobIdTests
{
    private sealed class Recorder : IRecurringJobManager
    {
        public List<string> Added { get; } = [];
        public List<string> Removed { get; } = [];

        public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) => Added.Add(recurringJobId);
        public void Trigger(string recurringJobId) { }
        public void RemoveIfExists(string recurringJobId) => Removed.Add(recurringJobId);
    }

    private static Recorder RegisterAll()
    {
        var recorder = new Recorder();
        var sources = typeof(IRecurringJobSource).Assembly.GetTypes()
            .Where(t => typeof(IRecurringJobSource).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract)
            .Select(t => (IRecurringJobSource)Activator.CreateInstance(t, nonPublic: true)!)
            .ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources) source.Register(recorder);
        return recorder;
    }

    [Fact]
    public void Every_recurring_job_id_is_capability_colon_kebab_case_and_unique()
    {
        var added = RegisterAll().Added;
        Assert.Contains("scorecards:rollups", added);
        Assert.Contains("cases:deadline-check", added);
        Assert.All(added, id => Assert.Matches(new Regex("^[a-z]+:[a-z]+(-[a-z]+)*$"), id));
        Assert.Equal(added.Count, added.Distinct().Count());
    }

    [Fact]
    public void The_case_jobs_old_dotted_ids_are_removed_before_the_new_ones_are_added()
    {
        var recorder = RegisterAll();
        Assert.Superset(new HashSet<string> { "cases.deadline-check", "cases.weekly-digest", "cases.contact-retention" }, recorder.Removed.ToHashSet());
        Assert.DoesNotContain(recorder.Removed, recorder.Added.Contains);
    }
}
