using HaiLong.Api.Features.Responses;

namespace HaiLong.UnitTests.Responses;

/// <summary>Runs of one source's answers, by hand: at least 5 answers within 10 minutes (the address default).</summary>
public sealed class BurstRunsTests
{
    private static readonly DateTimeOffset Eight = new(2026, 11, 9, 8, 0, 0, TimeSpan.FromHours(7));

    [Theory]
    // minutes after 08:00 → the runs, as the indexes of their answers
    [InlineData(new double[] { 0, 1, 2, 3 }, "")]
    [InlineData(new double[] { 0, 1, 2, 3, 4 }, "0-4")]
    [InlineData(new double[] { 0, 2.5, 5, 7.5, 10 }, "0-4")]
    [InlineData(new double[] { 0, 2.5, 5, 7.5, 10.01 }, "")]
    // A burst that keeps going is one run; the stragglers before and after it are not in it (no window of ten minutes holds
    // five answers with the one at 08:13: 08:03, 08:04, 08:09, 08:13).
    [InlineData(new double[] { 0, 1, 2, 3, 4, 6, 8, 10, 12 }, "0-8")]
    [InlineData(new double[] { -30, 0, 1, 2, 3, 4, 9, 13, 40 }, "1-6")]
    // Two bursts with quiet between them are two runs, even with no answer in between.
    [InlineData(new double[] { 0, 1, 2, 3, 4, 60, 61, 62, 63, 64 }, "0-4 5-9")]
    // Spread over the morning: never five in ten minutes.
    [InlineData(new double[] { 0, 15, 30, 45, 60, 75 }, "")]
    public void Answers_in_a_window_with_enough_of_them_form_runs_and_overlapping_windows_one_run(double[] minutes, string expected)
    {
        var answers = minutes.Select((m, i) => new BurstAnswer(i, Eight.AddMinutes(m))).ToList();

        var runs = BurstRuns.Find(answers, 5, TimeSpan.FromMinutes(10));

        Assert.Equal(expected, string.Join(' ', runs.Select(r => $"{r[0].Id}-{r[^1].Id}")));
        Assert.All(runs, r => Assert.Equal(Enumerable.Range((int)r[0].Id, r.Count).Select(i => (long)i), r.Select(a => a.Id)));
    }

    [Fact]
    public void The_dedup_key_names_the_signal_the_ward_and_the_first_answer_and_the_signal_is_read_back()
    {
        var key = BurstRuns.DedupKey(BurstSignal.Device, 12, 345);

        Assert.Equal("burst:Device:12:345", key);
        Assert.Equal(BurstSignal.Device, BurstRuns.SignalOf(key));
        Assert.Null(BurstRuns.SignalOf("alert:Official:3:2026-11"));
    }
}
