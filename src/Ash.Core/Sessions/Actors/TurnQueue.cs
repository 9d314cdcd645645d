using System.Diagnostics;
using System.Threading.Channels;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// A session's turns in arrival order: numbered as they are accepted, run one at a time by one loop, at most
/// <see cref="Capacity"/> waiting or running. Turns are added under the actor's gate, which makes the numbering and the
/// count exact; the loop runs beside it.
/// </summary>
internal sealed class TurnQueue
{
    /// <summary>How many turns may wait or run at once; one more is refused with a capacity error.</summary>
    public const int Capacity = 32;

    private readonly Channel<TurnRequest> _requests = Channel.CreateUnbounded<TurnRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<TurnRequest, Task> _run;
    private readonly Func<Task> _drained;
    private readonly Task _loop;
    private long _lastTurn;
    private int _count;

    /// <param name="lastTurn">The last turn the session's log holds (0 for none): the next is numbered after it.</param>
    /// <param name="run">Runs or closes one turn; never throws.</param>
    /// <param name="drained">Runs whenever the last turn accepted has finished.</param>
    public TurnQueue(long lastTurn, Func<TurnRequest, Task> run, Func<Task> drained)
    {
        _lastTurn = lastTurn;
        _run = run;
        _drained = drained;
        _loop = Task.Run(RunLoopAsync);
    }

    /// <summary>Turns waiting or running.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool IsFull => Count >= Capacity;

    /// <summary>Numbers the next turn; <see cref="Add"/> queues it (the caller subscribes to it in between).</summary>
    public long NextTurn() => ++_lastTurn;

    /// <summary>Queues the turn numbered last by <see cref="NextTurn"/>.</summary>
    public void Add(long turn, TurnInput input)
    {
        Interlocked.Increment(ref _count);
        _requests.Writer.TryWrite(new TurnRequest(turn, input, Activity.Current?.Context ?? default));
    }

    /// <summary>Accepts no more turns; the loop closes those still queued and ends (<see cref="Completion"/>).</summary>
    public void Complete() => _requests.Writer.TryComplete();

    public Task Completion => _loop;

    private async Task RunLoopAsync()
    {
        // The loop is the actor's own work, not part of the request that happened to create the actor: each turn
        // runs in its own span, a child of the request that sent its message.
        Activity.Current = null;
        var reader = _requests.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var request))
            {
                await _run(request);
                if (Interlocked.Decrement(ref _count) == 0)
                {
                    await _drained();
                }
            }
        }
    }
}
