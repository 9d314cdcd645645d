namespace Ash.Dapr.App;

/// <summary>
/// An actor type this app hosts for Dapr. daprd serialises calls per actor id (its turn lock), so an
/// implementation need not lock per id, but must be safe across ids. There is no activation call:
/// an actor activates on its first method or reminder.
/// </summary>
public interface IDaprActorType
{
    string Name { get; }

    /// <summary>Runs a method; the result is the response body. Throw <see cref="DaprActorMethodNotFoundException"/> for an unknown method.</summary>
    Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary>A reminder fired. Returns true when it is done with (the reminder is then cancelled); throwing means "fire again".</summary>
    Task<bool> RemindAsync(string actorId, string reminderName, ReminderFiring firing, CancellationToken cancellationToken);

    /// <summary>daprd dropped the actor (idle, rebalancing, shutdown): release what it holds in memory.</summary>
    Task DeactivateAsync(string actorId, CancellationToken cancellationToken);
}
