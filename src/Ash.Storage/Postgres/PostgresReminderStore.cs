using Ash.Core.Reminders;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

/// <summary>
/// Durable reminders. Times are stored with PostgreSQL's microsecond precision; a <c>dueAt</c> passed to
/// <see cref="DeleteAsync"/> is truncated the same way when sent, so it matches the time it was set with.
/// </summary>
public sealed class PostgresReminderStore(PostgresDatabase database) : IReminderStore
{
    public Task SetAsync(Reminder reminder, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO reminders (actor_type, actor_id, name, due_at, data)
                VALUES (@type, @id, @name, @due, @data)
                ON CONFLICT (actor_type, actor_id, name) DO UPDATE SET due_at = excluded.due_at, data = excluded.data
                """,
                connection,
                transaction);
            command.Parameters.AddWithValue("type", reminder.ActorType);
            command.Parameters.AddWithValue("id", reminder.ActorId);
            command.Parameters.AddWithValue("name", reminder.Name);
            command.Parameters.AddWithValue("due", reminder.DueAt.ToUniversalTime());
            command.Parameters.AddWithValue("data", NpgsqlDbType.Text, (object?)reminder.Data ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<bool> DeleteAsync(string actorType, string actorId, string name, DateTimeOffset? dueAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                "DELETE FROM reminders WHERE actor_type = @type AND actor_id = @id AND name = @name" + (dueAt is null ? string.Empty : " AND due_at = @due"),
                connection,
                transaction);
            command.Parameters.AddWithValue("type", actorType);
            command.Parameters.AddWithValue("id", actorId);
            command.Parameters.AddWithValue("name", name);
            if (dueAt is { } due)
            {
                command.Parameters.AddWithValue("due", due.ToUniversalTime());
            }

            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    public Task<IReadOnlyList<Reminder>> ListDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Reminder>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT actor_type, actor_id, name, due_at, data FROM reminders
                WHERE due_at <= @until ORDER BY due_at, actor_type, actor_id, name LIMIT @limit
                """,
                connection);
            command.Parameters.AddWithValue("until", until.ToUniversalTime());
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(token);
            var due = new List<Reminder>();
            while (await reader.ReadAsync(token))
            {
                due.Add(new Reminder(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }

            return due;
        }, cancellationToken);

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT MIN(due_at) FROM reminders", connection);
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return reader.IsDBNull(0) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(0);
        }, cancellationToken);
}
