using System.Text.Json;
using Ash.Core.Sessions.Turns;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Core.Tests.Sessions.Turns;

public sealed class TurnGuardTests
{
    private static readonly TurnLimits Limits = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), MaxOutputBytes: 1000, MaxOutputEvents: 10);

    private readonly FakeTimeProvider _time = new();

    private TurnGuard Guard(long logBytesLeft = long.MaxValue) => new(Limits, logBytesLeft, 5000, _time);

    [Fact]
    public void TimeLeft_IsTheSilenceUntilTheWallClockIsNearer()
    {
        var guard = Guard();
        Assert.Equal(TimeSpan.FromSeconds(10), guard.TimeLeft());

        _time.Advance(TimeSpan.FromSeconds(8));
        guard.Heard();
        Assert.Equal(TimeSpan.FromSeconds(10), guard.TimeLeft());

        _time.Advance(TimeSpan.FromSeconds(45));
        guard.Heard();
        Assert.Equal(TimeSpan.FromSeconds(7), guard.TimeLeft());
    }

    [Fact]
    public void TimeStop_SaysWhichLimitFellDue()
    {
        var silent = Guard();
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Contains("wrote nothing for 10 s", silent.TimeStop().Message);

        var talkative = Guard();
        for (var i = 0; i < 12; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            talkative.Heard();
        }

        var stop = talkative.TimeStop();
        Assert.Equal(TurnStop.TimeoutCode, stop.Code);
        Assert.Contains("whole time limit (60 s)", stop.Message);
        Assert.Null(stop.TruncatedData);
    }

    [Fact]
    public void TimeLeft_NeverBelowAMillisecond()
    {
        var guard = Guard();
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromMilliseconds(1), guard.TimeLeft());
    }

    [Fact]
    public void TryAdd_OverTheBytes_StopsWithoutCountingTheLine()
    {
        var guard = Guard();
        Assert.Null(guard.TryAdd(600, 2));

        var stop = guard.TryAdd(401, 2);

        Assert.NotNull(stop);
        Assert.Equal(TurnStop.OutputLimitCode, stop.Code);
        Assert.Equal((600L, 2), (guard.OutputBytes, guard.OutputEvents));
        var truncated = JsonDocument.Parse(stop.TruncatedData!).RootElement;
        Assert.Equal("output_bytes", truncated.GetProperty("reason").GetString());
        Assert.Equal(1000, truncated.GetProperty("limit").GetInt64());
    }

    [Fact]
    public void TryAdd_OverTheEvents_Stops()
    {
        var guard = Guard();
        Assert.Null(guard.TryAdd(1, 10));

        Assert.Equal("output_events", Reason(guard.TryAdd(1, 1)));
    }

    [Fact]
    public void TryAdd_PastTheSessionsLogQuota_StopsWithItsOwnCode()
    {
        var guard = Guard(logBytesLeft: 100);

        var stop = guard.TryAdd(101, 1);

        Assert.Equal(TurnStop.EventLogFullCode, stop!.Code);
        Assert.Equal("event_log", Reason(stop));
    }

    private static string? Reason(TurnStop? stop) =>
        stop?.TruncatedData is { } data ? JsonDocument.Parse(data).RootElement.GetProperty("reason").GetString() : null;
}
