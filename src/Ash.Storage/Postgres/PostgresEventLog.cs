using Ash.Core.Events;
using Ash.Storage.Columns;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

/// <summary>
/// The event log: one transaction per batch, the whole batch sent as arrays in one statement. The text column of
/// data goes both ways as its UTF-8 bytes (Npgsql reads and writes text as <c>byte[]</c>), never as strings on this
/// side (issue 14).
/// </summary>
public sealed class PostgresEventLog(PostgresDatabase database) : IEventLog
{
    public Task AppendAsync(IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken) => AppendAsync(batch, null, cancellationToken);

    public Task AppendAsync(IReadOnlyList<SessionEvent> batch, long? ownerEpoch, CancellationToken cancellationToken) =>
        batch.Count == 0
            ? Task.CompletedTask
            : database.WriteAsync(async (connection, transaction, token) =>
            {
                await PostgresOwnerFence.CheckAsync(connection, transaction, batch[0].SessionId, ownerEpoch, token);
                await InsertAsync(connection, transaction, batch, token);
            }, cancellationToken);

    /// <summary>
    /// Inserts a batch inside the caller's transaction. A row already stored with the same key and the same
    /// content is the same event written by an earlier attempt whose acknowledgement was lost, and is
    /// skipped; a row stored with different content is a real conflict and fails the transaction.
    /// </summary>
    internal static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var sessions = new Guid[batch.Count];
        var sequences = new long[batch.Count];
        var turns = new long[batch.Count];
        var tenants = new string[batch.Count];
        var types = new string[batch.Count];
        var data = new byte[]?[batch.Count];
        var created = new DateTime[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            sessions[i] = item.SessionId;
            sequences[i] = item.Sequence;
            turns[i] = item.Turn;
            tenants[i] = item.TenantId;
            types[i] = item.Type;
            data[i] = StoredEventData.Of(item);
            created[i] = item.CreatedAt.UtcDateTime;
        }

        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO events (session_id, sequence, turn, tenant_id, type, data, created_at)
            SELECT * FROM unnest(@sessions::uuid[], @sequences::bigint[], @turns::bigint[], @tenants::text[], @types::text[], @data::text[], @created::timestamptz[])
            ON CONFLICT (session_id, sequence) DO NOTHING
            """,
            connection,
            transaction);
        insert.Parameters.AddWithValue("sessions", sessions);
        insert.Parameters.AddWithValue("sequences", sequences);
        insert.Parameters.AddWithValue("turns", turns);
        insert.Parameters.AddWithValue("tenants", tenants);
        insert.Parameters.AddWithValue("types", types);
        insert.Parameters.AddWithValue("data", NpgsqlDbType.Array | NpgsqlDbType.Text, data);
        insert.Parameters.AddWithValue("created", created);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == batch.Count)
        {
            return;
        }

        await EnsureStoredAsSentAsync(connection, transaction, batch, sessions, sequences, cancellationToken);
    }

    public Task<IReadOnlyList<SessionEvent>> ReadAsync(Guid sessionId, long after, int limit, string? type, CancellationToken cancellationToken) =>
        ReadCoreAsync(sessionId, after, limit, type is null ? null : [type], cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> ReadOfTypesAsync(Guid sessionId, long after, int limit, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(types.Count);
        return ReadCoreAsync(sessionId, after, limit, types, cancellationToken);
    }

    private Task<IReadOnlyList<SessionEvent>> ReadCoreAsync(Guid sessionId, long after, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<SessionEvent>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"""
                SELECT e.session_id, e.tenant_id, e.sequence, e.turn, e.type, e.data, e.created_at, n.data FROM events e
                {StoredEventData.NextEventJoin}
                WHERE e.session_id = @session AND e.sequence > @after {(types is null ? string.Empty : "AND e.type = ANY(@types)")}
                ORDER BY e.sequence LIMIT @limit
                """,
                connection);
            command.Parameters.AddWithValue("session", sessionId);
            command.Parameters.AddWithValue("after", after);
            command.Parameters.AddWithValue("limit", limit);
            if (types is not null)
            {
                command.Parameters.AddWithValue("types", types.ToArray());
            }

            await using var reader = await command.ExecuteReaderAsync(token);
            var events = new List<SessionEvent>();
            while (await reader.ReadAsync(token))
            {
                events.Add(new SessionEvent(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetInt64(2),
                    reader.GetInt64(3),
                    reader.GetString(4),
                    StoredEventData.Restore(reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5), reader.IsDBNull(7) ? null : reader.GetFieldValue<byte[]>(7)),
                    reader.GetFieldValue<DateTimeOffset>(6)));
            }

            return events;
        }, cancellationToken);

    public Task<LogPosition> GetPositionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT COALESCE(MAX(sequence), 0), COALESCE(MAX(turn), 0) FROM events WHERE session_id = @session",
                connection);
            command.Parameters.AddWithValue("session", sessionId);
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return new LogPosition(reader.GetInt64(0), reader.GetInt64(1));
        }, cancellationToken);

    private static async Task EnsureStoredAsSentAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<SessionEvent> batch,
        Guid[] sessions,
        long[] sequences,
        CancellationToken cancellationToken)
    {
        var stored = new Dictionary<(Guid, long), (long Turn, string Tenant, string Type, byte[]? Data)>(batch.Count);
        await using (var select = new NpgsqlCommand(
            """
            SELECT e.session_id, e.sequence, e.turn, e.tenant_id, e.type, e.data
            FROM events e JOIN unnest(@sessions::uuid[], @sequences::bigint[]) AS k (session_id, sequence)
                USING (session_id, sequence)
            """,
            connection,
            transaction))
        {
            select.Parameters.AddWithValue("sessions", sessions);
            select.Parameters.AddWithValue("sequences", sequences);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[(reader.GetGuid(0), reader.GetInt64(1))] =
                    (reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5));
            }
        }

        foreach (var item in batch)
        {
            if (!stored.TryGetValue((item.SessionId, item.Sequence), out var row)
                || row.Turn != item.Turn
                || row.Tenant != item.TenantId
                || row.Type != item.Type
                || !SameData(row.Data, StoredEventData.Of(item)))
            {
                throw new InvalidOperationException(
                    $"Event {item.Sequence} of session {item.SessionId} is already stored with different content.");
            }
        }
    }

    private static bool SameData(byte[]? stored, byte[]? sent) =>
        stored is null ? sent is null : sent is not null && stored.AsSpan().SequenceEqual(sent);
}
