namespace Ash.Core.Attachments;

/// <summary>
/// The attachments, record and bytes, each visible only to its tenant. The bytes are kept in the database
/// beside the record (bounded per attachment and per session), so every replica of the API serves them.
/// </summary>
public interface IAttachmentStore
{
    Task AddAsync(Attachment attachment, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The attachment's bytes, or null when there is none with this id in this tenant.</summary>
    Task<byte[]?> GetContentAsync(string tenantId, Guid id, CancellationToken cancellationToken);

    /// <summary>The attachment, or null when there is none with this id in this tenant.</summary>
    Task<Attachment?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken);

    /// <summary>A session's attachments, oldest first.</summary>
    Task<IReadOnlyList<Attachment>> ListAsync(string tenantId, Guid sessionId, CancellationToken cancellationToken);

    /// <summary>How many attachments a session has and their total size.</summary>
    Task<(int Count, long Bytes)> TotalAsync(string tenantId, Guid sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the message of those of <paramref name="ids"/> in this tenant and session that have none yet (one that
    /// was uploaded for a message keeps it); returns how many it set.
    /// </summary>
    Task<int> LinkToMessageAsync(string tenantId, Guid sessionId, IReadOnlyList<Guid> ids, string messageId, CancellationToken cancellationToken);

    /// <summary>Removes the record; false when there was none in this tenant.</summary>
    Task<bool> DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken);
}
