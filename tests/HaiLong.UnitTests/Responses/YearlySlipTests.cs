using HaiLong.Api.Features.Invitations;
using HaiLong.Api.Features.Responses;
using HaiLong.Data.Entities;

namespace HaiLong.UnitTests.Responses;

/// <summary>A yearly-survey slip (issue 18): its short code as typed, and its link state — single use within the year's window.</summary>
public sealed class YearlySlipTests
{
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset Until = new(2027, 2, 1, 0, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset Mid = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_codes_are_twelve_crockford_characters_that_the_token_check_accepts()
    {
        var codes = Enumerable.Range(0, 500).Select(_ => ShortCodes.New()).ToList();

        Assert.All(codes, c => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{12}$", c));
        Assert.All(codes, c => Assert.True(InvitationTokens.IsWellFormed(c)));
        Assert.Equal(500, codes.Distinct().Count());
        Assert.Equal("ABCD-EFGH-JKMN", ShortCodes.Grouped("ABCDEFGHJKMN"));
    }

    [Theory]
    [InlineData("ABCD-EFGH-JKMN", "ABCDEFGHJKMN")]
    [InlineData("abcd efgh jkmn", "ABCDEFGHJKMN")]
    [InlineData("  abcdefgh-jkmn ", "ABCDEFGHJKMN")]
    [InlineData("O1IL-0000-0000", "0111-0000-0000")]
    [InlineData("ABCD–EFGH–JKMN", "ABCDEFGHJKMN")]
    public void A_typed_code_is_read_forgiving_case_spaces_dashes_and_look_alike_letters(string typed, string expected) =>
        Assert.Equal(expected.Replace("-", ""), ShortCodes.Normalize(typed));

    [Theory]
    [InlineData("")]
    [InlineData("ABCD-EFGH-JKM")]
    [InlineData("ABCD-EFGH-JKMNP")]
    [InlineData("ABCD-EFGH-JKMU")]
    [InlineData("ABCD-EFGH-JK<>")]
    [InlineData("ÁBCD-EFGH-JKMN")]
    [InlineData(null)]
    public void What_cannot_be_a_code_is_refused(string? typed) => Assert.Null(ShortCodes.Normalize(typed));

    [Fact]
    public void A_lower_case_or_grouped_code_is_not_a_token_in_a_url() =>
        Assert.All(new[] { "abcdefghjkmn", "ABCD-EFGH-JKMN", "ABCDEFGHJKMU" }, c => Assert.False(InvitationTokens.IsWellFormed(c)));

    [Fact]
    public void A_slip_is_single_use_and_open_only_in_its_year_and_january_after()
    {
        LinkState At(DateTimeOffset now, DateTimeOffset? used = null, DateTimeOffset? revoked = null) =>
            LinkRules.StateOf(InvitationKind.AnnualSample, revoked, used, From, Until, now);

        Assert.True(LinkRules.IsSingleUse(InvitationKind.AnnualSample));
        Assert.False(LinkRules.IsSingleUse(InvitationKind.Annual));
        Assert.Equal(LinkState.Open, At(Mid));
        Assert.Equal(LinkState.Used, At(Mid, used: Mid.AddDays(-1)));
        Assert.Equal(LinkState.Revoked, At(Mid, used: Mid, revoked: Mid));
        Assert.Equal(LinkState.NotYetOpen, At(From.AddTicks(-1)));
        // Never the transaction's general fallback: after its window a slip is closed like the yearly QR.
        Assert.Equal(LinkState.Closed, At(Until));
        Assert.Equal(LinkState.Open, LinkRules.StateOf(InvitationKind.Annual, null, Mid, From, Until, Mid));
    }
}
