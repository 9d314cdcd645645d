namespace Ash.Core.Messages;

public interface IMessageStore
{
    /// <summary>Appends with the next per-session sequence and returns the stored message.</summary>
    Task<Message> AppendAsync(Guid sessionId, string tenantId, string role, string content, CancellationToken cancellationToken);

    Task<IReadOnlyList<Message>> ListAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Copies every message of <paramref name="fromSessionId"/> to <paramref name="toSessionId"/> (new ids,
    /// same roles, contents, sequences and times), replacing whatever the target had, in one
    /// transaction; so a retried fork step copies exactly once. Returns the number copied.
    /// </summary>
    Task<int> CopyAsync(Guid fromSessionId, Guid toSessionId, string tenantId, CancellationToken cancellationToken);
}
