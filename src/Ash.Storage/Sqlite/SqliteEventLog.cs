using System.Globalization;
using Ash.Core.Events;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

/// <summary>The event log: one immediate transaction per batch, one prepared insert reused for each row.</summary>
public sealed class SqliteEventLog(SqliteDatabase database) : IEventLog
{
    public Task AppendAsync(IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO events (session_id, sequence, turn, tenant_id, type, data, created_at)
                VALUES ($session, $sequence, $turn, $tenant, $type, $data, $created)
                """;
            var session = command.Parameters.Add("$session", SqliteType.Text);
            var sequence = command.Parameters.Add("$sequence", SqliteType.Integer);
            var turn = command.Parameters.Add("$turn", SqliteType.Integer);
            var tenant = command.Parameters.Add("$tenant", SqliteType.Text);
            var type = command.Parameters.Add("$type", SqliteType.Text);
            var data = command.Parameters.Add("$data", SqliteType.Text);
            var created = command.Parameters.Add("$created", SqliteType.Text);
            for (var i = 0; i < batch.Count; i++)
            {
                var item = batch[i];
                session.Value = item.SessionId.ToString();
                sequence.Value = item.Sequence;
                turn.Value = item.Turn;
                tenant.Value = item.TenantId;
                type.Value = item.Type;
                data.Value = (object?)item.Data ?? DBNull.Value;
                created.Value = Timestamps.ToText(item.CreatedAt);
                await command.ExecuteNonQueryAsync(token);
            }
        }, cancellationToken);

    public async Task<IReadOnlyList<SessionEvent>> ReadAsync(Guid sessionId, long after, int limit, string? type, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT session_id, tenant_id, sequence, turn, type, data, created_at FROM events
            WHERE session_id = $session AND sequence > $after {(type is null ? string.Empty : "AND type = $type")}
            ORDER BY sequence LIMIT $limit
            """;
        command.Parameters.AddWithValue("$session", sessionId.ToString());
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        if (type is not null)
        {
            command.Parameters.AddWithValue("$type", type);
        }

        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<SessionEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new SessionEvent(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                Timestamps.Parse(reader.GetString(6))));
        }

        return events;
    }

    public Task<long> LastSequenceAsync(Guid sessionId, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT COALESCE(MAX(sequence), 0) FROM events WHERE session_id = $session", sessionId, cancellationToken);

    public Task<long> LastTurnAsync(Guid sessionId, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT COALESCE(MAX(turn), 0) FROM events WHERE session_id = $session", sessionId, cancellationToken);

    private async Task<long> ScalarAsync(string sql, Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$session", sessionId.ToString());
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
