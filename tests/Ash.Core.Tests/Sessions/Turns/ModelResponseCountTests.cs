using Ash.Core.Sessions.Turns;

namespace Ash.Core.Tests.Sessions.Turns;

public sealed class ModelResponseCountTests
{
    [Fact]
    public void StopAt_ResponsesUpToTheLimit_LetThemRun()
    {
        var count = new ModelResponseCount(2);

        Assert.Null(count.StopAt("m1"));
        Assert.Null(count.StopAt("m1"));
        Assert.Null(count.StopAt(null));
        Assert.Null(count.StopAt("m2"));
        Assert.Null(count.StopAt("m2"));
    }

    [Fact]
    public void StopAt_OneResponsePastTheLimit_StopsWithMaxTurns()
    {
        var count = new ModelResponseCount(1);
        count.StopAt("m1");

        var stop = count.StopAt("m2");

        Assert.NotNull(stop);
        Assert.Equal(TurnStop.MaxTurnsCode, stop.Code);
        Assert.Contains("1 agent turns", stop.Message);
        Assert.Null(stop.TruncatedData);
    }

    [Fact]
    public void StopAt_WithoutLimit_NeverStops()
    {
        var count = new ModelResponseCount(null);

        Assert.All(Enumerable.Range(0, 50), i => Assert.Null(count.StopAt($"m{i}")));
    }
}
