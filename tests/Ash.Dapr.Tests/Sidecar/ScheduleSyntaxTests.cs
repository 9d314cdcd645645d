using Ash.Testing.DaprSidecar.Apps;
using Ash.Testing.DaprSidecar.Reminders;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Dapr's time syntaxes: Go durations, ISO-8601 durations with repeats, RFC3339 times.</summary>
public sealed class ScheduleSyntaxTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 31, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("15m", 900_000)]
    [InlineData("30s", 30_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    [InlineData("-2s", -2_000)]
    public void GoDuration_Valid_Parses(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("5d")]
    [InlineData("m")]
    public void GoDuration_Invalid_IsRejected(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void DueTime_AcceptsGoIsoAndRfc3339()
    {
        Assert.True(ScheduleSyntax.TryParseDueTime("10s", Now, out var go));
        Assert.True(ScheduleSyntax.TryParseDueTime("P1DT2H", Now, out var iso));
        Assert.True(ScheduleSyntax.TryParseDueTime("2025-02-01T00:00:00Z", Now, out var time));
        Assert.True(ScheduleSyntax.TryParseDueTime("", Now, out var empty));

        Assert.Equal(Now.AddSeconds(10), go);
        Assert.Equal(Now.AddDays(1).AddHours(2), iso);
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), time);
        Assert.Equal(Now, empty);
    }

    [Fact]
    public void Period_WithRepeatCount_ParsesCountAndInterval()
    {
        Assert.True(ScheduleSyntax.TryParsePeriod("R5/PT10S", out var interval, out var repetitions));

        Assert.Equal(5, repetitions);
        Assert.Equal(Now.AddSeconds(10), interval!.AddTo(Now));
    }

    [Fact]
    public void Period_IsoMonth_IsCalendarMonth()
    {
        Assert.True(ScheduleSyntax.TryParsePeriod("P1M", out var interval, out _));

        Assert.Equal(new DateTimeOffset(2025, 2, 28, 12, 0, 0, TimeSpan.Zero), interval!.AddTo(Now));
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("0s")]
    [InlineData("R0/PT1S")]
    [InlineData("R3/10s")]
    [InlineData("weekly")]
    public void Period_Invalid_IsRejected(string text) => Assert.False(ScheduleSyntax.TryParsePeriod(text, out _, out _));
}
