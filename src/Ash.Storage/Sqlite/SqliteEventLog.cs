using Ash.Core.Events;
using Ash.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

/// <summary>The event log: one immediate transaction per batch, one prepared insert reused for each row.</summary>
public sealed class SqliteEventLog(SqliteDatabase database) : IEventLog
{
    public Task AppendAsync(IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction, token) => InsertAsync(connection, transaction, batch, token), cancellationToken);

    /// <summary>Inserts a batch inside the caller's transaction with one prepared statement.</summary>
    internal static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

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
            data.Value = (object?)StoredEventData.Of(item) ?? DBNull.Value;
            created.Value = Timestamps.ToText(item.CreatedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task<IReadOnlyList<SessionEvent>> ReadAsync(Guid sessionId, long after, int limit, string? type, CancellationToken cancellationToken) =>
        ReadCoreAsync(sessionId, after, limit, type is null ? null : [type], cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> ReadOfTypesAsync(Guid sessionId, long after, int limit, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(types.Count);
        return ReadCoreAsync(sessionId, after, limit, types, cancellationToken);
    }

    private async Task<IReadOnlyList<SessionEvent>> ReadCoreAsync(Guid sessionId, long after, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var typeFilter = string.Empty;
        if (types is not null)
        {
            var names = new string[types.Count];
            for (var i = 0; i < types.Count; i++)
            {
                names[i] = $"$type{i}";
                command.Parameters.AddWithValue(names[i], types[i]);
            }

            typeFilter = $"AND e.type IN ({string.Join(", ", names)})";
        }

        command.CommandText = $"""
            SELECT e.session_id, e.tenant_id, e.sequence, e.turn, e.type, e.data, e.created_at, n.data FROM events e
            {StoredEventData.NextEventJoin}
            WHERE e.session_id = $session AND e.sequence > $after {typeFilter}
            ORDER BY e.sequence LIMIT $limit
            """;
        command.Parameters.AddWithValue("$session", sessionId.ToString());
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);

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
                StoredEventData.Restore(reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(7) ? null : reader.GetString(7)),
                Timestamps.Parse(reader.GetString(6))));
        }

        return events;
    }

    public async Task<LogPosition> GetPositionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(sequence), 0), COALESCE(MAX(turn), 0) FROM events WHERE session_id = $session";
        command.Parameters.AddWithValue("$session", sessionId.ToString());
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LogPosition(reader.GetInt64(0), reader.GetInt64(1));
    }
}
