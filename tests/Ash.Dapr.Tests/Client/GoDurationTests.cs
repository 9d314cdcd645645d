using Ash.Dapr.Client;

namespace Ash.Dapr.Tests.Client;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0s", 0)]
    [InlineData("0", 0)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2m3s4ms", 123_004)]
    [InlineData("1500us", 1.5)]
    public void TryParse_ReadsGoDurations(string text, double milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("5 s")]
    [InlineData("PT10S")]
    [InlineData("1d")]
    [InlineData("ms")]
    public void TryParse_RefusesWhatGoRefuses(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Fact]
    public void Format_WritesWholeMilliseconds_ThatParseBack()
    {
        var formatted = GoDuration.Format(TimeSpan.FromSeconds(90.25));

        Assert.Equal("90250ms", formatted);
        Assert.True(GoDuration.TryParse(formatted, out var back));
        Assert.Equal(TimeSpan.FromSeconds(90.25), back);
        Assert.Equal("0s", GoDuration.Format(TimeSpan.FromSeconds(-3)));
    }
}
