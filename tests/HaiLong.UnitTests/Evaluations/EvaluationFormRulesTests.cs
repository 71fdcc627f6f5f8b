using HaiLong.Api.Features.Evaluations;

namespace HaiLong.UnitTests.Evaluations;

public sealed class EvaluationFormRulesTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["Title"] = "Tên chỉ tiêu", ["TargetValue"] = "Giá trị mục tiêu" };

    [Fact]
    public void A_request_that_keeps_the_API_rules_has_no_violation() =>
        Assert.Null(EvaluationFormRules.FirstViolation(new TargetRequest(1, "Chỉ tiêu", 80, 40.5m, null), Labels));

    [Theory]
    [InlineData(" ", 80, "Tên chỉ tiêu: bắt buộc phải nhập.")]
    [InlineData("Chỉ tiêu", -1, "Giá trị mục tiêu: phải từ 0 đến 1.000.000.")]
    [InlineData("Chỉ tiêu", 1_000_001, "Giá trị mục tiêu: phải từ 0 đến 1.000.000.")]
    public void A_broken_rule_is_named_in_Vietnamese_with_the_field_label(string title, int targetValue, string expected) =>
        Assert.Equal(expected, EvaluationFormRules.FirstViolation(new TargetRequest(1, title, targetValue, null, null), Labels));

    [Fact]
    public void The_length_limit_comes_from_the_request_record() =>
        Assert.Equal("Ý kiến: dài tối đa 2000 ký tự.",
            EvaluationFormRules.FirstViolation(new NoteRequest(new string('a', 2001)), new Dictionary<string, string> { ["Note"] = "Ý kiến" }));

    [Theory]
    [InlineData("12,5", 12.5)]
    [InlineData("12.5", 12.5)]
    [InlineData(" 80 ", 80)]
    [InlineData("-3", -3)]
    public void Numbers_take_a_decimal_comma_or_point(string text, double expected)
    {
        Assert.True(EvaluationFormRules.TryNumber(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_number_is_null(string? text)
    {
        Assert.True(EvaluationFormRules.TryNumber(text, out var value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData("tám mươi")]
    [InlineData("1.000,5")]
    [InlineData("1e3")]
    public void Anything_else_is_not_a_number(string text) => Assert.False(EvaluationFormRules.TryNumber(text, out _));
}
