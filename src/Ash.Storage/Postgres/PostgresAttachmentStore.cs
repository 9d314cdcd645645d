using Ash.Core.Attachments;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

/// <summary>Attachment records; <c>created_at</c> keeps PostgreSQL's microsecond precision.</summary>
public sealed class PostgresAttachmentStore(PostgresDatabase database) : IAttachmentStore
{
    private const string Columns = "id, tenant_id, session_id, message_id, filename, mime_type, size, created_at";

    public Task AddAsync(Attachment attachment, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"INSERT INTO attachments ({Columns}, content) VALUES (@id, @tenant, @session, @message, @filename, @mime, @size, @created, @content)",
                connection,
                transaction);
            command.Parameters.AddWithValue("id", attachment.Id);
            command.Parameters.AddWithValue("tenant", attachment.TenantId);
            command.Parameters.AddWithValue("session", attachment.SessionId);
            command.Parameters.AddWithValue("message", NpgsqlDbType.Text, (object?)attachment.MessageId ?? DBNull.Value);
            command.Parameters.AddWithValue("filename", attachment.Filename);
            command.Parameters.AddWithValue("mime", attachment.MimeType);
            command.Parameters.AddWithValue("size", attachment.Size);
            command.Parameters.AddWithValue("created", attachment.CreatedAt.ToUniversalTime());
            command.Parameters.AddWithValue("content", NpgsqlDbType.Bytea, content.ToArray());
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<Attachment?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM attachments WHERE tenant_id = @tenant AND id = @id", connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? Read(reader) : null;
        }, cancellationToken);

    public Task<byte[]?> GetContentAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT content FROM attachments WHERE tenant_id = @tenant AND id = @id", connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("id", id);
            return await command.ExecuteScalarAsync(token) as byte[];
        }, cancellationToken);

    public Task<IReadOnlyList<Attachment>> ListAsync(string tenantId, Guid sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Attachment>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"SELECT {Columns} FROM attachments WHERE tenant_id = @tenant AND session_id = @session ORDER BY created_at, id",
                connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("session", sessionId);
            await using var reader = await command.ExecuteReaderAsync(token);
            var attachments = new List<Attachment>();
            while (await reader.ReadAsync(token))
            {
                attachments.Add(Read(reader));
            }

            return attachments;
        }, cancellationToken);

    public Task<(int Count, long Bytes)> TotalAsync(string tenantId, Guid sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT COUNT(*), COALESCE(SUM(size), 0)::bigint FROM attachments WHERE tenant_id = @tenant AND session_id = @session",
                connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("session", sessionId);
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return (checked((int)reader.GetInt64(0)), reader.GetInt64(1));
        }, cancellationToken);

    public Task<int> LinkToMessageAsync(string tenantId, Guid sessionId, IReadOnlyList<Guid> ids, string messageId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                "UPDATE attachments SET message_id = @message WHERE tenant_id = @tenant AND session_id = @session AND id = ANY(@ids) AND message_id IS NULL",
                connection,
                transaction);
            command.Parameters.AddWithValue("message", NpgsqlDbType.Text, messageId);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("session", sessionId);
            command.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids.ToArray());
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM attachments WHERE tenant_id = @tenant AND id = @id", connection, transaction);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("id", id);
            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    private static Attachment Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetGuid(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetInt64(6),
        reader.GetFieldValue<DateTimeOffset>(7));
}
