namespace Ash.Testing.DaprSidecar.Actors;

/// <summary>
/// One actor's turn: at most one call (method, reminder, timer, deactivation) at a time, waiters served
/// strictly first-in first-out (reference §1.5). A waiter whose caller gives up leaves the queue.
/// </summary>
internal sealed class TurnLock
{
    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource> waiters = new();
    private bool held;

    public bool IsHeld
    {
        get
        {
            lock (gate)
            {
                return held;
            }
        }
    }

    public async Task<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        LinkedListNode<TaskCompletionSource> node;
        lock (gate)
        {
            if (!held)
            {
                held = true;
                return new Turn(this);
            }

            node = waiters.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        await using (cancellationToken.Register(() => Abandon(node, cancellationToken)))
        {
            await node.Value.Task;
        }

        return new Turn(this);
    }

    private void Abandon(LinkedListNode<TaskCompletionSource> node, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // Once handed the turn, a waiter owns it and must release it; only queued waiters may leave.
            if (node.List is null)
            {
                return;
            }

            waiters.Remove(node);
        }

        node.Value.TrySetCanceled(cancellationToken);
    }

    private void Exit()
    {
        TaskCompletionSource? next;
        lock (gate)
        {
            next = waiters.First?.Value;
            if (next is null)
            {
                held = false;
                return;
            }

            waiters.RemoveFirst();
        }

        next.SetResult();
    }

    public sealed class Turn(TurnLock owner) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                owner.Exit();
            }
        }
    }
}
