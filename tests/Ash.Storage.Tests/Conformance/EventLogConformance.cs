using Ash.Core.Events;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class EventLogConformance(StoreBackend backend) : StoreTest(backend)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReadAsync_AppendedBatch_ReturnsItInOrder()
    {
        var session = Guid.NewGuid();
        SessionEvent[] batch = [Event(session, 1, data: null), Event(session, 2), Event(session, 3, turn: 2)];

        await Stores.Events.AppendAsync(batch, Token);

        Assert.Equal(batch, await Stores.Events.ReadAsync(session, 0, 100, null, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReadAsync_AfterAndLimit_ReturnsTheWindow()
    {
        var session = Guid.NewGuid();
        await Stores.Events.AppendAsync([.. Enumerable.Range(1, 10).Select(sequence => Event(session, sequence))], Token);

        var window = await Stores.Events.ReadAsync(session, 4, 3, null, Token);

        Assert.Equal([5L, 6L, 7L], window.Select(item => item.Sequence));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReadAsync_TypeFilter_ReturnsOnlyThatType()
    {
        var session = Guid.NewGuid();
        await Stores.Events.AppendAsync(
            [Event(session, 1, type: EventTypes.Status), Event(session, 2), Event(session, 3, type: EventTypes.Status), Event(session, 4)],
            Token);

        var statuses = await Stores.Events.ReadAsync(session, 0, 100, EventTypes.Status, Token);

        Assert.Equal([1L, 3L], statuses.Select(item => item.Sequence));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReadOfTypesAsync_SeveralTypes_ReturnsThoseInOrderWithinTheWindow()
    {
        var session = Guid.NewGuid();
        await Stores.Events.AppendAsync(
            [
                Event(session, 1, type: EventTypes.Status), Event(session, 2, type: EventTypes.Lifecycle), Event(session, 3),
                Event(session, 4, type: EventTypes.Error), Event(session, 5, type: EventTypes.Lifecycle), Event(session, 6, type: EventTypes.Error),
            ],
            Token);

        var all = await Stores.Events.ReadOfTypesAsync(session, 0, 100, [EventTypes.Lifecycle, EventTypes.Error], Token);
        var window = await Stores.Events.ReadOfTypesAsync(session, 2, 2, [EventTypes.Lifecycle, EventTypes.Error], Token);
        var other = await Stores.Events.ReadOfTypesAsync(Guid.NewGuid(), 0, 100, [EventTypes.Lifecycle], Token);

        Assert.Equal([2L, 4L, 5L, 6L], all.Select(item => item.Sequence));
        Assert.Equal([4L, 5L], window.Select(item => item.Sequence));
        Assert.Empty(other);
    }

    /// <summary>A partial-message delta is stored once, inside its raw message, and read back exactly as it was made.</summary>
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReadAsync_DeltasStoredOnlyInTheirMessages_AreRebuiltExactly()
    {
        var session = Guid.NewGuid();
        var written = Translated(session, 1,
            """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hé \"quoted\" \u2603"}}}""",
            """{"type":"stream_event","event":{"type":"content_block_delta","index":1,"delta":{"type":"thinking_delta","thinking":"hmm"}}}""",
            """{"type":"stream_event","event":{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"a\":"}}}""",
            """{"type":"result","subtype":"success","is_error":false,"result":"ok","num_turns":1}""");
        Assert.Contains(written, e => e.DataInNextEvent);

        await Stores.Events.AppendAsync(written, Token);

        var read = await Stores.Events.ReadAsync(session, 0, 100, null, Token);
        Assert.Equal(written.Select(e => (e.Sequence, e.Type, e.DataText)), read.Select(e => (e.Sequence, e.Type, e.DataText)));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReadAsync_DeltasByTypeOrCutByThePage_AreStillRebuilt()
    {
        var session = Guid.NewGuid();
        var written = Translated(session, 1, [.. Enumerable.Range(0, 5).Select(i =>
            """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"part""" + i + "\"}}}")]);
        await Stores.Events.AppendAsync(written, Token);

        var deltas = await Stores.Events.ReadAsync(session, 0, 100, EventTypes.TextDelta, Token);
        var firstOnly = await Stores.Events.ReadAsync(session, 0, 1, null, Token);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $$$"""{"delta":"part{{{i}}}"}"""), deltas.Select(e => e.DataText));
        Assert.Equal("""{"delta":"part0"}""", Assert.Single(firstOnly).DataText);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReadAsync_OtherSession_ReturnsNothing()
    {
        await Stores.Events.AppendAsync([Event(Guid.NewGuid(), 1)], Token);

        Assert.Empty(await Stores.Events.ReadAsync(Guid.NewGuid(), 0, 100, null, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetPositionAsync_EmptyLog_ReturnsZeros()
    {
        Assert.Equal(new LogPosition(0, 0), await Stores.Events.GetPositionAsync(Guid.NewGuid(), Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetPositionAsync_AfterAppends_ReturnsLastSequenceAndHighestTurn()
    {
        var session = Guid.NewGuid();
        await Stores.Events.AppendAsync([Event(session, 1, turn: 1), Event(session, 2, turn: 3)], Token);
        await Stores.Events.AppendAsync([Event(session, 3, turn: 0)], Token);
        await Stores.Events.AppendAsync([Event(Guid.NewGuid(), 9, turn: 9)], Token);

        Assert.Equal(new LogPosition(3, 3), await Stores.Events.GetPositionAsync(session, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AppendAsync_EmptyBatch_StoresNothing()
    {
        var session = Guid.NewGuid();

        await Stores.Events.AppendAsync([], Token);

        Assert.Equal(new LogPosition(0, 0), await Stores.Events.GetPositionAsync(session, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AppendAsync_SequenceTakenByAnotherEvent_FailsWholeBatch()
    {
        var session = Guid.NewGuid();
        await Stores.Events.AppendAsync([Event(session, 1, data: """{"a":1}""")], Token);

        await Assert.ThrowsAnyAsync<Exception>(() => Stores.Events.AppendAsync([Event(session, 2), Event(session, 1, data: """{"b":2}""")], Token));

        var stored = await Stores.Events.ReadAsync(session, 0, 100, null, Token);
        Assert.Equal("""{"a":1}""", Assert.Single(stored).DataText);
    }

    /// <summary>The events the translator makes of <paramref name="lines"/>, numbered from <paramref name="first"/> as the writer numbers them.</summary>
    private static SessionEvent[] Translated(Guid session, long first, params string[] lines)
    {
        var pending = new List<PendingEvent>();
        foreach (var line in lines)
        {
            StreamJsonTranslator.Translate(System.Text.Encoding.UTF8.GetBytes(line), includePartialMessages: true, pending);
        }

        return [.. pending.Select((e, i) => new SessionEvent(session, "tenant", first + i, 1, e.Type, e.Data, T0) { DataInNextEvent = e.DataInNextEvent })];
    }
}
