using HaiLong.Api.Infrastructure;
using HaiLong.Api.Features.Cases;
using HaiLong.Data.Entities;

namespace HaiLong.UnitTests.Cases;

public sealed class WorkingCalendarTests
{
    private static readonly HashSet<DateOnly> NoHolidays = [];

    [Fact]
    public void Working_days_skip_weekends_and_do_not_count_the_day_of_receipt()
    {
        // Friday 27 November 2026 + 1 working day is Monday 30 November.
        Assert.Equal(new DateOnly(2026, 11, 30), WorkingCalendar.AddWorkingDays(new DateOnly(2026, 11, 27), 1, NoHolidays));
        Assert.Equal(new DateOnly(2026, 12, 16), WorkingCalendar.AddWorkingDays(new DateOnly(2026, 11, 25), 15, NoHolidays));
    }

    [Fact]
    public void Configured_holidays_are_skipped()
    {
        // 30 April and 1 May 2026 are a Thursday and a Friday.
        HashSet<DateOnly> holidays = [new(2026, 4, 30), new(2026, 5, 1)];
        Assert.Equal(new DateOnly(2026, 5, 4), WorkingCalendar.AddWorkingDays(new DateOnly(2026, 4, 29), 1, holidays));
        Assert.False(WorkingCalendar.IsWorkingDay(new DateOnly(2026, 4, 30), holidays));
        Assert.False(WorkingCalendar.IsWorkingDay(new DateOnly(2026, 5, 2), holidays));
    }
}

public sealed class CaseDeadlinesTests
{
    private static readonly CaseOptions Law = new();
    private static readonly HashSet<DateOnly> NoHolidays = [];
    private static readonly DateOnly Received = new(2026, 11, 25);

    [Theory]
    [InlineData(false, false, 30)]
    [InlineData(true, false, 45)]
    [InlineData(false, true, 45)]
    [InlineData(true, true, 60)]
    public void A_complaint_is_decided_within_30_45_or_60_days_of_acceptance(bool complex, bool remote, int days) =>
        Assert.Equal(Received.AddDays(days), CaseDeadlines.AnswerDue(CaseType.Complaint, Received, complex, remote, Law, NoHolidays));

    [Fact]
    public void A_complaint_is_accepted_or_refused_within_10_days_and_a_petition_has_no_separate_acceptance_deadline()
    {
        Assert.Equal(new DateOnly(2026, 12, 5), CaseDeadlines.AcceptDue(CaseType.Complaint, Received, Law, NoHolidays));
        Assert.Null(CaseDeadlines.AcceptDue(CaseType.Petition, Received, Law, NoHolidays));
        Assert.Null(CaseDeadlines.AcceptDue(CaseType.Reflection, Received, Law, NoHolidays));
    }

    [Fact]
    public void Petitions_and_reflections_are_answered_within_15_working_days_of_receipt()
    {
        Assert.True(CaseDeadlines.AnswerRunsFromFiling(CaseType.Reflection));
        Assert.False(CaseDeadlines.AnswerRunsFromFiling(CaseType.Complaint));
        Assert.Equal(new DateOnly(2026, 12, 16), CaseDeadlines.AnswerDue(CaseType.Reflection, Received, false, true, Law, NoHolidays));
    }

    [Fact]
    public void Configured_periods_replace_the_defaults()
    {
        var options = new CaseOptions { PetitionAnswerWorkingDays = 5, ComplaintDecideDays = 20 };
        Assert.Equal(new DateOnly(2026, 12, 2), CaseDeadlines.AnswerDue(CaseType.Petition, Received, false, false, options, NoHolidays));
        Assert.Equal(Received.AddDays(20), CaseDeadlines.AnswerDue(CaseType.Complaint, Received, false, false, options, NoHolidays));
    }

    [Fact]
    public void Vietnam_dates_turn_at_midnight_UTC_plus_7()
    {
        Assert.Equal(new DateOnly(2026, 11, 26), VietnamTime.DateOf(new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 25), VietnamTime.DateOf(new DateTimeOffset(2026, 11, 25, 16, 59, 0, TimeSpan.Zero)));
    }
}

public sealed class TrackingCodeTests
{
    [Fact]
    public void Codes_are_ten_characters_without_ambiguous_letters_and_differ()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => TrackingCodes.New()).ToList();
        Assert.All(codes, c => Assert.Matches("^[2-9A-HJ-NP-Z]{10}$", c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.DoesNotContain('0', TrackingCodes.Alphabet);
        Assert.DoesNotContain('O', TrackingCodes.Alphabet);
        Assert.DoesNotContain('1', TrackingCodes.Alphabet);
        Assert.DoesNotContain('I', TrackingCodes.Alphabet);
    }

    [Theory]
    [InlineData("abcd-efgh 23", "ABCDEFGH23")]
    [InlineData("ABCDEFGH23", "ABCDEFGH23")]
    [InlineData("ABCDEFGH2", null)]
    [InlineData("ABCDEFGH20", null)]
    [InlineData("new", null)]
    public void What_a_citizen_types_is_normalised_or_refused(string input, string? expected) =>
        Assert.Equal(expected, TrackingCodes.Normalize(input));
}

public sealed class AttachmentTypeTests
{
    [Fact]
    public void Images_and_pdf_are_recognised_by_their_first_bytes()
    {
        Assert.Equal("image/jpeg", AttachmentTypes.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]));
        Assert.Equal("image/png", AttachmentTypes.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]));
        Assert.Equal("image/webp", AttachmentTypes.Sniff("RIFF\x24\0\0\0WEBPVP8 "u8));
        Assert.Equal("application/pdf", AttachmentTypes.Sniff("%PDF-1.4\n"u8));
    }

    [Fact]
    public void An_executable_a_script_a_wav_or_an_empty_file_is_not_an_accepted_type()
    {
        Assert.Null(AttachmentTypes.Sniff([0x4D, 0x5A, 0x90, 0x00]));
        Assert.Null(AttachmentTypes.Sniff("<script>alert(1)</script>"u8));
        Assert.Null(AttachmentTypes.Sniff("RIFF\x24\0\0\0WAVEfmt "u8));
        Assert.Null(AttachmentTypes.Sniff([]));
    }
}

public sealed class CaseNumbersTests
{
    private static readonly DateTimeOffset Filed = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateOnly Due = new(2026, 3, 20);

    [Fact]
    public void Share_on_time_counts_answered_and_overdue_cases_and_the_median_is_of_answer_days()
    {
        CaseTiming[] cases =
        [
            new(Filed, Filed.AddDays(2), Due, false),
            new(Filed, Filed.AddDays(10), Due, false),
            new(Filed, Filed.AddDays(40), Due, false),
            new(Filed, null, Due, true),
            new(Filed, null, new DateOnly(2026, 12, 31), true),
        ];

        var numbers = CaseStatistics.Compute(cases, new DateOnly(2026, 6, 1));

        Assert.Equal(5, numbers.Filed);
        Assert.Equal(3, numbers.Answered);
        Assert.Equal(2, numbers.AnsweredOnTime);
        Assert.Equal(1, numbers.OverdueOpen);
        Assert.Equal(0.5, numbers.OnTimeShare);
        Assert.Equal(10.0, numbers.MedianDaysToAnswer);
    }

    [Fact]
    public void Nothing_due_yet_gives_no_share_and_no_median()
    {
        var numbers = CaseStatistics.Compute([new CaseTiming(Filed, null, Due, true)], new DateOnly(2026, 3, 3));
        Assert.Null(numbers.OnTimeShare);
        Assert.Null(numbers.MedianDaysToAnswer);
    }
}
