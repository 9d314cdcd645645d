using Ash.Core.Messages;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteMessageStore(SqliteDatabase database, TimeProvider time) : IMessageStore
{
    public Task<Message> AppendAsync(Guid sessionId, string tenantId, string role, string content, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var id = Guid.NewGuid();
            var now = time.GetUtcNow();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO messages (id, session_id, tenant_id, role, content, sequence, created_at)
                SELECT $id, $session, $tenant, $role, $content, COALESCE(MAX(sequence), 0) + 1, $now
                FROM messages WHERE session_id = $session
                RETURNING sequence
                """;
            command.Parameters.AddWithValue("$id", id.ToString());
            command.Parameters.AddWithValue("$session", sessionId.ToString());
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$role", role);
            command.Parameters.AddWithValue("$content", content);
            command.Parameters.AddWithValue("$now", Timestamps.ToText(now));
            var sequence = (long)(await command.ExecuteScalarAsync(token))!;
            return new Message(id, sessionId, tenantId, role, content, sequence, now);
        }, cancellationToken);

    public async Task<IReadOnlyList<Message>> ListAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, session_id, tenant_id, role, content, sequence, created_at FROM messages
            WHERE session_id = $session AND sequence > $after ORDER BY sequence LIMIT $limit
            """;
        command.Parameters.AddWithValue("$session", sessionId.ToString());
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<Message>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(Read(reader));
        }

        return messages;
    }

    public Task<int> CopyAsync(Guid fromSessionId, Guid toSessionId, string tenantId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var clear = connection.CreateCommand();
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM messages WHERE session_id = $to";
            clear.Parameters.AddWithValue("$to", toSessionId.ToString());
            await clear.ExecuteNonQueryAsync(token);

            // New ids are random blobs rendered as text; the (session, sequence) pair keeps the order.
            using var copy = connection.CreateCommand();
            copy.Transaction = transaction;
            copy.CommandText = """
                INSERT INTO messages (id, session_id, tenant_id, role, content, sequence, created_at)
                SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
                             substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
                       $to, $tenant, role, content, sequence, created_at
                FROM messages WHERE session_id = $from ORDER BY sequence
                """;
            copy.Parameters.AddWithValue("$from", fromSessionId.ToString());
            copy.Parameters.AddWithValue("$to", toSessionId.ToString());
            copy.Parameters.AddWithValue("$tenant", tenantId);
            return await copy.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    private static Message Read(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        Guid.Parse(reader.GetString(1)),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetInt64(5),
        Timestamps.Parse(reader.GetString(6)));
}
