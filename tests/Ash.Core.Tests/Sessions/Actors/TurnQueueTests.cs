using Ash.Core.Sessions.Actors;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>The turn queue alone: numbering after the log's last turn, one turn at a time in arrival order, and the drained signal.</summary>
public sealed class TurnQueueTests
{
    [Fact]
    public async Task Turns_AreNumberedAfterTheLog_AndRunOneAtATime_InTheOrderAdded()
    {
        var running = 0;
        var overlapped = false;
        var ran = new List<long>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new TurnQueue(lastTurn: 7, async request =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            await release.Task;
            lock (ran)
            {
                ran.Add(request.Turn);
            }

            Interlocked.Decrement(ref running);
        }, () => Task.CompletedTask);

        var numbers = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var turn = queue.NextTurn();
            numbers.Add(turn);
            queue.Add(turn, Input());
        }

        Assert.Equal([8, 9, 10], numbers);
        Assert.Equal(3, queue.Count);
        release.SetResult();
        await Eventually.TrueAsync(() => queue.Count == 0, "the queue to run its turns");
        queue.Complete();
        await queue.Completion;

        Assert.Equal([8, 9, 10], ran);
        Assert.False(overlapped);
    }

    [Fact]
    public async Task Drained_RunsOnce_WhenTheLastAcceptedTurnHasFinished()
    {
        var drained = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new TurnQueue(0, _ => gate.Task, () =>
        {
            Interlocked.Increment(ref drained);
            return Task.CompletedTask;
        });

        queue.Add(queue.NextTurn(), Input());
        queue.Add(queue.NextTurn(), Input());
        gate.SetResult();
        queue.Complete();
        await queue.Completion;

        Assert.Equal(1, drained);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void IsFull_AtCapacity()
    {
        var never = new TaskCompletionSource();
        var queue = new TurnQueue(0, _ => never.Task, () => Task.CompletedTask);
        for (var i = 0; i < TurnQueue.Capacity - 1; i++)
        {
            queue.Add(queue.NextTurn(), Input());
        }

        Assert.False(queue.IsFull);
        queue.Add(queue.NextTurn(), Input());
        Assert.True(queue.IsFull);
    }

    private static TurnInput Input() => new("\"hello\"", IncludePartialMessages: false);
}
