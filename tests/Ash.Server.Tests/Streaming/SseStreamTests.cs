using System.Text;
using Ash.Core.Events;
using Ash.Server.Streaming;
using Ash.Testing.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Server.Tests.Streaming;

/// <summary>The live part of an SSE stream, on fake time: frames as API.md has them, keep-alives only when the stream is idle.</summary>
public sealed class SseStreamTests
{
    private static readonly Guid Session = Guid.Parse("0b7c6a4e-2f1d-4e3b-8a9c-5d6e7f8a9b0c");
    private readonly FakeTimeProvider _time = new();
    private readonly InProcessEventBus _bus = new();
    private readonly DefaultHttpContext _context = new();
    private readonly MemoryStream _body = new();

    public SseStreamTests() => _context.Response.Body = _body;

    private static SessionEvent Event(long sequence, string type, string? data) =>
        new(Session, "t", sequence, 1, type, data is null ? null : Encoding.UTF8.GetBytes(data), DateTimeOffset.UnixEpoch);

    private string Written() => Encoding.UTF8.GetString(_body.ToArray());

    private Task<bool> Pump(IEventSubscription subscription, CancellationToken cancellationToken) =>
        SseStream.PumpAsync(_context.Response, subscription, 0, e => e.Type == EventTypes.Done, _time, cancellationToken);

    [Theory(Timeout = 10_000)]
    [InlineData(SubscriberWake.Inline)]
    [InlineData(SubscriberWake.Queued)]
    public async Task PumpAsync_Events_AreWrittenAsFramesUntilDone(SubscriberWake wake)
    {
        using var subscription = _bus.Subscribe(Session, 16, wake: wake);
        var pump = Pump(subscription, TestContext.Current.CancellationToken);

        _bus.Publish(Session, [Event(1, EventTypes.TextDelta, """{"delta":"Hé"}"""), Event(2, EventTypes.Message, """{"type":"x"}""")]);
        _bus.Publish(Session, [Event(3, EventTypes.Done, null), Event(4, EventTypes.Status, "{}")]);

        Assert.False(await pump);
        Assert.Equal(
            "id: 1\nevent: text_delta\ndata: {\"delta\":\"Hé\"}\n\nid: 2\nevent: message\ndata: {\"type\":\"x\"}\n\nid: 3\nevent: done\ndata: null\n\n",
            Written());
    }

    [Fact(Timeout = 10_000)]
    public async Task PumpAsync_IdleStream_GetsAKeepAliveEachInterval_CountedFromTheLastEvent()
    {
        using var subscription = _bus.Subscribe(Session, 16, wake: SubscriberWake.Inline);
        var pump = Pump(subscription, TestContext.Current.CancellationToken);

        await AdvanceAsync(TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => Count(": keepalive") == 1, "the first keep-alive");
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        _bus.Publish(Session, [Event(1, EventTypes.TextDelta, """{"delta":"a"}""")]);
        await Eventually.TrueAsync(() => Written().Contains("id: 1\n", StringComparison.Ordinal), "the event to be written");

        // 15 s after the first keep-alive, but only 5 s after the event: nothing yet.
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, Count(": keepalive"));

        await AdvanceAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => Count(": keepalive") == 2, "the second keep-alive");
        await AdvanceAsync(TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => Count(": keepalive") == 3, "the third keep-alive");

        _bus.Publish(Session, [Event(2, EventTypes.Done, "{}")]);
        Assert.False(await pump);
        Assert.EndsWith(": keepalive\n\nid: 2\nevent: done\ndata: {}\n\n", Written(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task PumpAsync_Cancelled_StopsWaiting()
    {
        using var subscription = _bus.Subscribe(Session, 16, wake: SubscriberWake.Inline);
        using var stop = new CancellationTokenSource();
        var pump = Pump(subscription, stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump);
        Assert.Equal(string.Empty, Written());
    }

    [Fact(Timeout = 10_000)]
    public async Task PumpAsync_SubscriberCutOff_EndsWithAnUnnumberedErrorNamingTheLastEventWritten()
    {
        using var subscription = _bus.Subscribe(Session, 1);
        _bus.Publish(Session, [Event(1, EventTypes.TextDelta, "{}"), Event(2, EventTypes.TextDelta, "{}")]);

        Assert.True(await Pump(subscription, TestContext.Current.CancellationToken));

        var written = Written();
        Assert.StartsWith("id: 1\nevent: text_delta\ndata: {}\n\nevent: error\ndata: {\"error\":", written, StringComparison.Ordinal);
        Assert.Contains("Last-Event-ID: 1", written, StringComparison.Ordinal);
        Assert.DoesNotContain("id: 2", written, StringComparison.Ordinal);
    }

    private int Count(string text)
    {
        var written = Written();
        var count = 0;
        for (var at = written.IndexOf(text, StringComparison.Ordinal); at >= 0; at = written.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Moves fake time on, then lets a queued continuation run: a woken pump may still be on its way to its next wait.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        await Task.Delay(20, TestContext.Current.CancellationToken);
    }
}
