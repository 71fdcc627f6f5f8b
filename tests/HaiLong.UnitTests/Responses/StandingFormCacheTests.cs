using HaiLong.Api.Features.Responses;
using HaiLong.Data.Entities;
using Microsoft.Extensions.Time.Testing;

namespace HaiLong.UnitTests.Responses;

public sealed class StandingFormCacheTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static SurveyForm Form(InvitationKind kind, LinkState state = LinkState.Open, DateTimeOffset? changesAt = null) =>
        new(1, kind, state, 1, "Khảo sát", "Survey", 1, null, null, null, 5,
            new SurveySubject("Phường A", "Nguyễn Văn A", null, null, "Quầy 1", null, null), [], changesAt);

    [Fact]
    public void A_standing_form_is_served_for_its_lifetime_and_not_after()
    {
        var clock = new FakeTimeProvider(T0);
        var cache = new StandingFormCache(clock);
        var form = Form(InvitationKind.Counter);
        cache.Add("tok", form);

        clock.SetUtcNow(T0 + StandingFormCache.Lifetime - TimeSpan.FromMilliseconds(1));
        Assert.True(cache.TryGet("tok", out var hit));
        Assert.Same(form, hit);
        clock.SetUtcNow(T0 + StandingFormCache.Lifetime);
        Assert.False(cache.TryGet("tok", out _));
    }

    [Fact]
    public void An_entry_ends_when_the_link_would_close_even_within_the_lifetime()
    {
        var clock = new FakeTimeProvider(T0);
        var cache = new StandingFormCache(clock);
        cache.Add("meeting", Form(InvitationKind.Meeting, changesAt: T0.AddSeconds(2)));

        clock.SetUtcNow(T0.AddSeconds(1));
        Assert.True(cache.TryGet("meeting", out _));
        clock.SetUtcNow(T0.AddSeconds(2));
        Assert.False(cache.TryGet("meeting", out _));
    }

    [Theory]
    [InlineData(InvitationKind.Transaction, LinkState.Open)]
    [InlineData(InvitationKind.Transaction, LinkState.GeneralFallback)]
    [InlineData(InvitationKind.Counter, LinkState.Revoked)]
    [InlineData(InvitationKind.Meeting, LinkState.NotYetOpen)]
    [InlineData(InvitationKind.Annual, LinkState.Closed)]
    public void Single_use_links_and_links_that_are_not_open_are_never_kept(InvitationKind kind, LinkState state)
    {
        var cache = new StandingFormCache(new FakeTimeProvider(T0));
        cache.Add("tok", Form(kind, state));
        Assert.False(cache.TryGet("tok", out _));
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        var cache = new StandingFormCache(new FakeTimeProvider(T0));
        cache.Add("a", Form(InvitationKind.Counter));
        cache.Clear();
        Assert.False(cache.TryGet("a", out _));
    }
}
