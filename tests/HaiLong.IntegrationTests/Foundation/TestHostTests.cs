namespace HaiLong.IntegrationTests.Foundation;

/// <summary>The test host itself: its clock is the world's fake clock, and a late setting is refused rather than ignored.</summary>
public sealed class TestHostTests
{
    [Fact]
    public async Task The_host_reads_the_worlds_clock_and_refuses_settings_once_it_is_built()
    {
        await using var app = await HaiLongApp.StartAtAsync(HaiLongApp.YearEnd);
        app.With("HaiLong:Surveys:DeviceWindowHours", "0");

        Assert.Same(app.Clock, app.Service<TimeProvider>());
        Assert.Equal(HaiLongApp.YearEnd, app.Service<TimeProvider>().GetUtcNow(), TimeSpan.FromSeconds(1));
        // The same value again is what a test class's constructor does before each test: allowed.
        app.With("HaiLong:Surveys:DeviceWindowHours", "0");
        Assert.Throws<InvalidOperationException>(() => app.With("HaiLong:Surveys:DeviceWindowHours", "24"));
        Assert.Throws<InvalidOperationException>(() => app.With("HaiLong:RateLimits:CitizenBurst", "5"));
        Assert.Throws<InvalidOperationException>(() => app.StartingAt(HaiLongApp.YearEnd.AddDays(1)));
    }
}
