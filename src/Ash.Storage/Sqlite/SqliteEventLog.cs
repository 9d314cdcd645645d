using System.Runtime.CompilerServices;
using Ash.Core.Events;
using Ash.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

/// <summary>
/// The event log: one immediate transaction per batch, one insert statement prepared once per writer connection and
/// reused for every row of every batch (issue 14: preparing it again for each batch was part of every event's latency).
/// Data is bound as its UTF-8 bytes and stored as text (<c>CAST … AS TEXT</c> takes the bytes as they are).
/// </summary>
public sealed class SqliteEventLog(SqliteDatabase database) : IEventLog
{
    private static readonly ConditionalWeakTable<SqliteConnection, EventInsert> Inserts = new();

    public Task AppendAsync(IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken) => AppendAsync(batch, null, cancellationToken);

    public Task AppendAsync(IReadOnlyList<SessionEvent> batch, long? ownerEpoch, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            if (batch.Count > 0)
            {
                await SqliteOwnerFence.CheckAsync(connection, transaction, batch[0].SessionId, ownerEpoch, token);
            }

            await InsertAsync(connection, transaction, batch, token);
        }, cancellationToken);

    /// <summary>Inserts a batch inside the caller's transaction (on the writer connection, whose writes take turns).</summary>
    internal static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var insert = Inserts.GetValue(connection, static c => new EventInsert(c));
        insert.Command.Transaction = transaction;
        for (var i = 0; i < batch.Count; i++)
        {
            insert.Bind(batch[i]);
            await insert.Command.ExecuteNonQueryAsync(cancellationToken);
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
                StoredEventData.Restore(Utf8OrNull(reader, 5), Utf8OrNull(reader, 7)),
                Timestamps.Parse(reader.GetString(6))));
        }

        return events;
    }

    /// <summary>A text column's bytes as SQLite holds them (UTF-8), with no string made of them.</summary>
    private static byte[]? Utf8OrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

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

    /// <summary>The prepared insert of one connection and its parameters, bound anew for each row.</summary>
    private sealed class EventInsert
    {
        private readonly SqliteParameter _session;
        private readonly SqliteParameter _sequence;
        private readonly SqliteParameter _turn;
        private readonly SqliteParameter _tenant;
        private readonly SqliteParameter _type;
        private readonly SqliteParameter _data;
        private readonly SqliteParameter _created;
        private Guid _boundSession;
        private DateTimeOffset _boundCreated;

        public EventInsert(SqliteConnection connection)
        {
            Command = connection.CreateCommand();
            Command.CommandText = """
                INSERT INTO events (session_id, sequence, turn, tenant_id, type, data, created_at)
                VALUES ($session, $sequence, $turn, $tenant, $type, CAST($data AS TEXT), $created)
                """;
            _session = Command.Parameters.Add("$session", SqliteType.Text);
            _sequence = Command.Parameters.Add("$sequence", SqliteType.Integer);
            _turn = Command.Parameters.Add("$turn", SqliteType.Integer);
            _tenant = Command.Parameters.Add("$tenant", SqliteType.Text);
            _type = Command.Parameters.Add("$type", SqliteType.Text);
            _data = Command.Parameters.Add("$data", SqliteType.Blob);
            _created = Command.Parameters.Add("$created", SqliteType.Text);
        }

        public SqliteCommand Command { get; }

        public void Bind(SessionEvent item)
        {
            // A batch's rows share their session and time: their text forms are made once.
            if (_session.Value is null || item.SessionId != _boundSession)
            {
                _session.Value = item.SessionId.ToString();
                _boundSession = item.SessionId;
            }

            if (_created.Value is null || item.CreatedAt != _boundCreated)
            {
                _created.Value = Timestamps.ToText(item.CreatedAt);
                _boundCreated = item.CreatedAt;
            }

            _sequence.Value = item.Sequence;
            _turn.Value = item.Turn;
            _tenant.Value = item.TenantId;
            _type.Value = item.Type;
            _data.Value = (object?)StoredEventData.Of(item) ?? DBNull.Value;
        }
    }
}
