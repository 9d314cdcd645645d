namespace Ash.Core.Messages;

public interface IMessageStore
{
    /// <summary>Appends with the next per-session sequence and returns the stored message.</summary>
    Task<Message> AppendAsync(Guid sessionId, string tenantId, string role, string content, CancellationToken cancellationToken);

    Task<IReadOnlyList<Message>> ListAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken);
}
