using HaiLong.Api.Components;
using HaiLong.Api.Features.Evaluations;

namespace HaiLong.UnitTests.Evaluations;

public sealed class StaffFormsTests
{
    // The pages' localizer: the messages' words are in StaffResources.resx.
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer<HaiLong.Api.Components.StaffResources> L =
        new Microsoft.Extensions.Localization.StringLocalizer<HaiLong.Api.Components.StaffResources>(
            new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
                Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

    private static readonly Dictionary<string, (string Field, string Label)> Fields = new()
    {
        ["Title"] = ("title", "Tên chỉ tiêu"), ["TargetValue"] = ("targetValue", "Giá trị mục tiêu"),
    };

    [Fact]
    public void A_request_that_keeps_the_API_rules_has_no_message() =>
        Assert.Empty(StaffForms.Validate(new TargetRequest(1, "Chỉ tiêu", 80, 40.5m, null), Fields, [], L));

    [Theory]
    [InlineData(" ", 80, "title", "Tên chỉ tiêu: bắt buộc phải nhập.")]
    [InlineData("Chỉ tiêu", -1, "targetValue", "Giá trị mục tiêu: phải từ 0 đến 1.000.000.")]
    [InlineData("Chỉ tiêu", 1_000_001, "targetValue", "Giá trị mục tiêu: phải từ 0 đến 1.000.000.")]
    public void A_broken_rule_is_said_in_Vietnamese_beside_its_form_field(string title, int targetValue, string field, string expected)
    {
        var errors = StaffForms.Validate(new TargetRequest(1, title, targetValue, null, null), Fields, [], L);
        Assert.Equal(expected, Assert.Single(errors, e => e.Key == field).Value);
    }

    [Fact]
    public void Every_broken_rule_is_reported_and_a_field_that_could_not_be_read_keeps_its_own_message()
    {
        var errors = StaffForms.Validate(new TargetRequest(1, "", null, null, null), Fields,
            new() { ["targetValue"] = "Giá trị mục tiêu: hãy nhập một số." }, L);
        Assert.Equal("Tên chỉ tiêu: bắt buộc phải nhập.", errors["title"]);
        Assert.Equal("Giá trị mục tiêu: hãy nhập một số.", errors["targetValue"]);
    }

    [Fact]
    public void The_length_limit_comes_from_the_request_record() =>
        Assert.Equal("Ý kiến: dài tối đa 2000 ký tự.",
            StaffForms.Validate(new NoteRequest(new string('a', 2001)),
                new Dictionary<string, (string, string)> { ["Note"] = ("note", "Ý kiến") }, [], L)["note"]);

    [Theory]
    [InlineData("12,5", 12.5)]
    [InlineData("12.5", 12.5)]
    [InlineData(" 80 ", 80)]
    [InlineData("-3", -3)]
    public void Numbers_take_a_decimal_comma_or_point(string text, double expected)
    {
        Assert.True(StaffForms.TryNumber(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_number_is_null(string? text)
    {
        Assert.True(StaffForms.TryNumber(text, out var value));
        Assert.Null(value);
        Assert.True(StaffForms.TryWhole(text, out var whole));
        Assert.Null(whole);
    }

    [Theory]
    [InlineData("tám mươi")]
    [InlineData("1.000,5")]
    [InlineData("1e3")]
    public void Anything_else_is_not_a_number(string text) => Assert.False(StaffForms.TryNumber(text, out _));

    [Theory]
    [InlineData("12,5")]
    [InlineData("1.200")]
    [InlineData("một nghìn")]
    public void A_count_is_a_whole_number(string text) => Assert.False(StaffForms.TryWhole(text, out _));
}
