using Ash.Core.Messages;
using Npgsql;

namespace Ash.Storage.Postgres;

public sealed class PostgresMessageStore(PostgresDatabase database, TimeProvider time) : IMessageStore
{
    private const string Columns = "id, session_id, tenant_id, role, content, sequence, created_at";

    // Second key space of pg_advisory_xact_lock(int, int): one lock per session's message list, so
    // concurrent appends and copies to one session take turns while other sessions proceed.
    private const int MessageLockSpace = 0x4153_4D53; // "ASMS"

    public Task<Message> AppendAsync(Guid sessionId, string tenantId, string role, string content, CancellationToken cancellationToken)
    {
        // Fixed before the first attempt: a retry finds the message by id instead of adding a second one.
        var id = Guid.NewGuid();
        var now = time.GetUtcNow().ToUniversalTime();
        return database.WriteAsync(async (connection, transaction, token) =>
        {
            await LockSessionAsync(connection, transaction, sessionId, token);
            await using (var insert = new NpgsqlCommand(
                $"""
                INSERT INTO messages ({Columns})
                SELECT @id, @session, @tenant, @role, @content, COALESCE(MAX(sequence), 0) + 1, @now
                FROM messages WHERE session_id = @session
                ON CONFLICT (id) DO NOTHING
                """,
                connection,
                transaction))
            {
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("session", sessionId);
                insert.Parameters.AddWithValue("tenant", tenantId);
                insert.Parameters.AddWithValue("role", role);
                insert.Parameters.AddWithValue("content", content);
                insert.Parameters.AddWithValue("now", now);
                await insert.ExecuteNonQueryAsync(token);
            }

            await using var select = new NpgsqlCommand($"SELECT {Columns} FROM messages WHERE id = @id", connection, transaction);
            select.Parameters.AddWithValue("id", id);
            await using var reader = await select.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return Read(reader);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Message>> ListAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Message>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"SELECT {Columns} FROM messages WHERE session_id = @session AND sequence > @after ORDER BY sequence LIMIT @limit",
                connection);
            command.Parameters.AddWithValue("session", sessionId);
            command.Parameters.AddWithValue("after", after);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(token);
            var messages = new List<Message>();
            while (await reader.ReadAsync(token))
            {
                messages.Add(Read(reader));
            }

            return messages;
        }, cancellationToken);

    public Task<int> CopyAsync(Guid fromSessionId, Guid toSessionId, string tenantId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            // Replacing the target makes the copy idempotent, retried or repeated.
            await LockSessionAsync(connection, transaction, toSessionId, token);
            await using (var clear = new NpgsqlCommand("DELETE FROM messages WHERE session_id = @to", connection, transaction))
            {
                clear.Parameters.AddWithValue("to", toSessionId);
                await clear.ExecuteNonQueryAsync(token);
            }

            await using var copy = new NpgsqlCommand(
                $"""
                INSERT INTO messages ({Columns})
                SELECT gen_random_uuid(), @to, @tenant, role, content, sequence, created_at
                FROM messages WHERE session_id = @from ORDER BY sequence
                """,
                connection,
                transaction);
            copy.Parameters.AddWithValue("from", fromSessionId);
            copy.Parameters.AddWithValue("to", toSessionId);
            copy.Parameters.AddWithValue("tenant", tenantId);
            return await copy.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    private static async Task LockSessionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid sessionId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@space, hashtext(@session::text))", connection, transaction);
        command.Parameters.AddWithValue("space", MessageLockSpace);
        command.Parameters.AddWithValue("session", sessionId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Message Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetInt64(5),
        reader.GetFieldValue<DateTimeOffset>(6));
}
