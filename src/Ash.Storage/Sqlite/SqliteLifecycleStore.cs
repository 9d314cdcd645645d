using Ash.Core.Sessions.Lifecycle;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteLifecycleStore(SqliteDatabase database) : ILifecycleStore
{
    private const string Columns = "session_id, operation, step, attempt, data, started_at, updated_at, last_error";

    public Task SaveAsync(LifecycleProgress progress, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT OR REPLACE INTO session_operations ({Columns})
                VALUES ($session, $operation, $step, $attempt, $data, $started, $updated, $error)
                """;
            command.Parameters.AddWithValue("$session", progress.SessionId.ToString());
            command.Parameters.AddWithValue("$operation", progress.Operation);
            command.Parameters.AddWithValue("$step", progress.Step);
            command.Parameters.AddWithValue("$attempt", progress.Attempt);
            command.Parameters.AddWithValue("$data", (object?)progress.Data ?? DBNull.Value);
            command.Parameters.AddWithValue("$started", Timestamps.ToText(progress.StartedAt));
            command.Parameters.AddWithValue("$updated", Timestamps.ToText(progress.UpdatedAt));
            command.Parameters.AddWithValue("$error", (object?)progress.LastError ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<LifecycleProgress?> GetAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM session_operations WHERE session_id = $session", sessionId, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<LifecycleProgress>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM session_operations ORDER BY started_at", null, cancellationToken);

    private async Task<IReadOnlyList<LifecycleProgress>> QueryAsync(string sql, Guid? sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (sessionId is { } id)
        {
            command.Parameters.AddWithValue("$session", id.ToString());
        }

        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<LifecycleProgress>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    /// <summary>Nothing to do: the final status commit deleted the row in its own transaction.</summary>
    public Task ClearAsync(Guid sessionId, CancellationToken cancellationToken) => Task.CompletedTask;

    private static LifecycleProgress Read(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        Timestamps.Parse(reader.GetString(5)),
        Timestamps.Parse(reader.GetString(6)),
        reader.IsDBNull(7) ? null : reader.GetString(7));
}
