using System.Globalization;
using Ash.Core.Attachments;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteAttachmentStore(SqliteDatabase database) : IAttachmentStore
{
    private const string Columns = "id, tenant_id, session_id, message_id, filename, mime_type, size, created_at";

    public Task AddAsync(Attachment attachment, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO attachments ({Columns}, content) VALUES ($id, $tenant, $session, $message, $filename, $mime, $size, $created, $content)";
            command.Parameters.AddWithValue("$id", attachment.Id.ToString("D"));
            command.Parameters.AddWithValue("$tenant", attachment.TenantId);
            command.Parameters.AddWithValue("$session", attachment.SessionId.ToString("D"));
            command.Parameters.AddWithValue("$message", (object?)attachment.MessageId ?? DBNull.Value);
            command.Parameters.AddWithValue("$filename", attachment.Filename);
            command.Parameters.AddWithValue("$mime", attachment.MimeType);
            command.Parameters.AddWithValue("$size", attachment.Size);
            command.Parameters.AddWithValue("$created", Timestamps.ToText(attachment.CreatedAt));
            command.Parameters.Add("$content", SqliteType.Blob).Value = content.ToArray();
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<Attachment?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM attachments WHERE tenant_id = $tenant AND id = $id";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<byte[]?> GetContentAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT content FROM attachments WHERE tenant_id = $tenant AND id = $id";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<IReadOnlyList<Attachment>> ListAsync(string tenantId, Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM attachments WHERE tenant_id = $tenant AND session_id = $session ORDER BY created_at, id";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$session", sessionId.ToString("D"));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var attachments = new List<Attachment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attachments.Add(Read(reader));
        }

        return attachments;
    }

    public async Task<(int Count, long Bytes)> TotalAsync(string tenantId, Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM attachments WHERE tenant_id = $tenant AND session_id = $session";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$session", sessionId.ToString("D"));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt64(1));
    }

    public Task<int> LinkToMessageAsync(string tenantId, Guid sessionId, IReadOnlyList<Guid> ids, string messageId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var linked = 0;
            foreach (var id in ids)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText =
                    "UPDATE attachments SET message_id = $message WHERE tenant_id = $tenant AND session_id = $session AND id = $id AND message_id IS NULL";
                command.Parameters.AddWithValue("$message", messageId);
                command.Parameters.AddWithValue("$tenant", tenantId);
                command.Parameters.AddWithValue("$session", sessionId.ToString("D"));
                command.Parameters.AddWithValue("$id", id.ToString("D"));
                linked += await command.ExecuteNonQueryAsync(token);
            }

            return linked;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM attachments WHERE tenant_id = $tenant AND id = $id";
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$id", id.ToString("D"));
            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    private static Attachment Read(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        Guid.Parse(reader.GetString(2)),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetInt64(6),
        Timestamps.Parse(reader.GetString(7)));
}
