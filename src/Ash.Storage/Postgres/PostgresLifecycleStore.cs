using Ash.Core.Sessions.Lifecycle;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

public sealed class PostgresLifecycleStore(PostgresDatabase database) : ILifecycleStore
{
    private const string Columns = "session_id, operation, step, attempt, data, started_at, updated_at, last_error";

    public Task SaveAsync(LifecycleProgress progress, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"""
                INSERT INTO session_operations ({Columns})
                VALUES (@session, @operation, @step, @attempt, @data, @started, @updated, @error)
                ON CONFLICT (session_id) DO UPDATE SET
                    operation = excluded.operation,
                    step = excluded.step,
                    attempt = excluded.attempt,
                    data = excluded.data,
                    started_at = excluded.started_at,
                    updated_at = excluded.updated_at,
                    last_error = excluded.last_error
                """,
                connection,
                transaction);
            command.Parameters.AddWithValue("session", progress.SessionId);
            command.Parameters.AddWithValue("operation", progress.Operation);
            command.Parameters.AddWithValue("step", progress.Step);
            command.Parameters.AddWithValue("attempt", progress.Attempt);
            command.Parameters.AddWithValue("data", NpgsqlDbType.Text, (object?)progress.Data ?? DBNull.Value);
            command.Parameters.AddWithValue("started", progress.StartedAt.ToUniversalTime());
            command.Parameters.AddWithValue("updated", progress.UpdatedAt.ToUniversalTime());
            command.Parameters.AddWithValue("error", NpgsqlDbType.Text, (object?)progress.LastError ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<LifecycleProgress?> GetAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM session_operations WHERE session_id = @session", sessionId, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<LifecycleProgress>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM session_operations ORDER BY started_at, session_id", null, cancellationToken);

    private Task<IReadOnlyList<LifecycleProgress>> QueryAsync(string sql, Guid? sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<LifecycleProgress>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if (sessionId is { } id)
            {
                command.Parameters.AddWithValue("session", id);
            }

            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<LifecycleProgress>();
            while (await reader.ReadAsync(token))
            {
                rows.Add(new LifecycleProgress(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetFieldValue<DateTimeOffset>(5),
                    reader.GetFieldValue<DateTimeOffset>(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }

            return rows;
        }, cancellationToken);

    /// <summary>Nothing to do: the final status commit deleted the row in its own transaction.</summary>
    public Task ClearAsync(Guid sessionId, CancellationToken cancellationToken) => Task.CompletedTask;
}
