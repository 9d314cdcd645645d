using Ash.Core.Reminders;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteReminderStore(SqliteDatabase database) : IReminderStore
{
    public Task SetAsync(Reminder reminder, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR REPLACE INTO reminders (actor_type, actor_id, name, due_at, data)
                VALUES ($type, $id, $name, $due, $data)
                """;
            command.Parameters.AddWithValue("$type", reminder.ActorType);
            command.Parameters.AddWithValue("$id", reminder.ActorId);
            command.Parameters.AddWithValue("$name", reminder.Name);
            command.Parameters.AddWithValue("$due", Timestamps.ToText(reminder.DueAt));
            command.Parameters.AddWithValue("$data", (object?)reminder.Data ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<bool> DeleteAsync(string actorType, string actorId, string name, DateTimeOffset? dueAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM reminders WHERE actor_type = $type AND actor_id = $id AND name = $name"
                + (dueAt is null ? string.Empty : " AND due_at = $due");
            command.Parameters.AddWithValue("$type", actorType);
            command.Parameters.AddWithValue("$id", actorId);
            command.Parameters.AddWithValue("$name", name);
            if (dueAt is { } due)
            {
                command.Parameters.AddWithValue("$due", Timestamps.ToText(due));
            }

            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    public async Task<IReadOnlyList<Reminder>> ListDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT actor_type, actor_id, name, due_at, data FROM reminders
            WHERE due_at <= $until ORDER BY due_at LIMIT $limit
            """;
        command.Parameters.AddWithValue("$until", Timestamps.ToText(until));
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<Reminder>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(Read(reader));
        }

        return due;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(due_at) FROM reminders";
        return await command.ExecuteScalarAsync(cancellationToken) is string text ? Timestamps.Parse(text) : null;
    }

    private static Reminder Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        Timestamps.Parse(reader.GetString(3)),
        reader.IsDBNull(4) ? null : reader.GetString(4));
}
