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

            // Same rows under the child, each with a new id in the same text form as every other id.
            var rows = new List<(string Role, string Content, long Sequence, string CreatedAt)>();
            using (var read = connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = "SELECT role, content, sequence, created_at FROM messages WHERE session_id = $from ORDER BY sequence";
                read.Parameters.AddWithValue("$from", fromSessionId.ToString());
                using var reader = await read.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
                }
            }

            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO messages (id, session_id, tenant_id, role, content, sequence, created_at)
                VALUES ($id, $to, $tenant, $role, $content, $sequence, $created)
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            insert.Parameters.AddWithValue("$to", toSessionId.ToString());
            insert.Parameters.AddWithValue("$tenant", tenantId);
            var role = insert.Parameters.Add("$role", SqliteType.Text);
            var content = insert.Parameters.Add("$content", SqliteType.Text);
            var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
            var created = insert.Parameters.Add("$created", SqliteType.Text);
            foreach (var row in rows)
            {
                id.Value = Guid.NewGuid().ToString();
                role.Value = row.Role;
                content.Value = row.Content;
                sequence.Value = row.Sequence;
                created.Value = row.CreatedAt;
                await insert.ExecuteNonQueryAsync(token);
            }

            return rows.Count;
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
