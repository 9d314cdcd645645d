namespace Ash.Core.Events;

/// <summary>The durable, append-only per-session event log. An append returns only once it is durable.</summary>
public interface IEventLog
{
    Task AppendAsync(IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken);

    Task<IReadOnlyList<SessionEvent>> ReadAsync(Guid sessionId, long after, int limit, string? type, CancellationToken cancellationToken);

    Task<long> LastSequenceAsync(Guid sessionId, CancellationToken cancellationToken);

    Task<long> LastTurnAsync(Guid sessionId, CancellationToken cancellationToken);
}
