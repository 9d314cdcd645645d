using Ash.Core.Queue;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

/// <summary>
/// The queue on PostgreSQL. A claim is one <c>UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)</c>:
/// replicas claiming at once each lock a different due row, and none waits on another's. Every write is
/// conditional on the row's status, so a retried write after a lost acknowledgement changes nothing twice.
/// </summary>
public sealed class PostgresQueueStore(PostgresDatabase database) : IQueueStore
{
    private const string Columns = "id, tenant_id, session_id, owns_session, agent_name, prompt, status, priority, retry_count, max_retries, error, result, created_at, started_at, completed_at, retry_after, lease_until";

    public Task InsertAsync(QueueItem item, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"""
                INSERT INTO queue_items ({Columns})
                VALUES (@id, @tenant, @session, @owns, @agent, @prompt, @status, @priority, @retries, @max, @error, @result, @created, @started, @completed, @retryAfter, @lease)
                ON CONFLICT (id) DO NOTHING
                """,
                connection,
                transaction);
            Bind(command, item);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<QueueItem?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM queue_items WHERE id = @id AND tenant_id = @tenant", command =>
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("tenant", tenantId);
        }, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<QueuePage> ListAsync(string tenantId, QueueQuery query, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            var filters = "tenant_id = @tenant";
            command.Parameters.AddWithValue("tenant", tenantId);
            if (query.Status is { } status)
            {
                filters += " AND status = @status";
                command.Parameters.AddWithValue("status", status.ToWire());
            }

            filters += PostgresNewestFirstPage.After(command, query.Cursor);
            command.CommandText = $"SELECT {Columns} FROM queue_items WHERE {filters} ORDER BY created_at DESC, id DESC LIMIT @limit";
            command.Parameters.AddWithValue("limit", query.Limit + 1);
            await using var reader = await command.ExecuteReaderAsync(token);
            var (items, next) = await PostgresNewestFirstPage.ReadAsync(reader, query.Limit, Read, item => (item.CreatedAt, item.Id), token);
            return new QueuePage(items, next);
        }, cancellationToken);

    public Task<QueueStats> GetStatsAsync(string tenantId, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT status, COUNT(*) FROM queue_items WHERE tenant_id = @tenant GROUP BY status", connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            await using var reader = await command.ExecuteReaderAsync(token);
            var counts = new Dictionary<string, long>();
            while (await reader.ReadAsync(token))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return QueueCounts.ToStats(counts);
        }, cancellationToken);

    public Task<QueueItem?> CancelAsync(string tenantId, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using (var update = new NpgsqlCommand(
                "UPDATE queue_items SET status = 'cancelled', completed_at = @now, retry_after = NULL WHERE id = @id AND tenant_id = @tenant AND status = 'pending'",
                connection,
                transaction))
            {
                update.Parameters.AddWithValue("id", id);
                update.Parameters.AddWithValue("tenant", tenantId);
                update.Parameters.AddWithValue("now", now.ToUniversalTime());
                await update.ExecuteNonQueryAsync(token);
            }

            await using var read = new NpgsqlCommand($"SELECT {Columns} FROM queue_items WHERE id = @id AND tenant_id = @tenant", connection, transaction);
            read.Parameters.AddWithValue("id", id);
            read.Parameters.AddWithValue("tenant", tenantId);
            await using var reader = await read.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? Read(reader) : null;
        }, cancellationToken);

    public Task<QueueItem?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"""
                UPDATE queue_items SET status = 'processing', started_at = @now, lease_until = @lease, retry_after = NULL
                WHERE id = (
                    SELECT q.id FROM queue_items q
                    WHERE q.status = 'pending' AND (q.retry_after IS NULL OR q.retry_after <= @now)
                    ORDER BY (SELECT MAX(s.started_at) FROM queue_items s WHERE s.tenant_id = q.tenant_id) ASC NULLS FIRST,
                        q.priority DESC, q.created_at ASC, q.id ASC
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                AND status = 'pending'
                RETURNING {Columns}
                """,
                connection,
                transaction);
            command.Parameters.AddWithValue("now", now.ToUniversalTime());
            command.Parameters.AddWithValue("lease", leaseUntil.ToUniversalTime());
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? Read(reader) : null;
        }, cancellationToken);

    public Task<bool> RenewLeaseAsync(Guid id, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand("UPDATE queue_items SET lease_until = @lease WHERE id = @id AND status = 'processing'", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("lease", leaseUntil.ToUniversalTime());
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public Task SetSessionAsync(Guid id, Guid sessionId, bool ownsSession, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand("UPDATE queue_items SET session_id = @session, owns_session = @owns WHERE id = @id", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("session", sessionId);
            command.Parameters.AddWithValue("owns", ownsSession);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<bool> FinishAttemptAsync(QueueItem finished, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                """
                UPDATE queue_items SET session_id = @session, owns_session = @owns, status = @status, retry_count = @retries,
                    error = @error, result = @result, completed_at = @completed, retry_after = @retryAfter, lease_until = NULL
                WHERE id = @id AND status = 'processing' AND started_at = @started
                """,
                connection,
                transaction);
            Bind(command, finished);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public Task<int> ReleaseExpiredAsync(DateTimeOffset now, string error, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                """
                UPDATE queue_items SET
                    status = CASE WHEN retry_count + 1 > max_retries THEN 'failed' ELSE 'pending' END,
                    completed_at = CASE WHEN retry_count + 1 > max_retries THEN @now ELSE NULL END,
                    retry_count = retry_count + 1, error = @error, retry_after = @now, lease_until = NULL
                WHERE status = 'processing' AND lease_until < @now
                """,
                connection,
                transaction);
            command.Parameters.AddWithValue("now", now.ToUniversalTime());
            command.Parameters.AddWithValue("error", error);
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task ExpireAllLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand("UPDATE queue_items SET lease_until = @past WHERE status = 'processing'", connection, transaction);
            command.Parameters.AddWithValue("past", now.AddTicks(-10).ToUniversalTime());
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    private Task<List<QueueItem>> QueryAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<QueueItem>();
            while (await reader.ReadAsync(token))
            {
                rows.Add(Read(reader));
            }

            return rows;
        }, cancellationToken);

    private static void Bind(NpgsqlCommand command, QueueItem item)
    {
        command.Parameters.AddWithValue("id", item.Id);
        command.Parameters.AddWithValue("tenant", item.TenantId);
        command.Parameters.AddWithValue("session", NpgsqlDbType.Uuid, (object?)item.SessionId ?? DBNull.Value);
        command.Parameters.AddWithValue("owns", item.OwnsSession);
        command.Parameters.AddWithValue("agent", item.AgentName);
        command.Parameters.AddWithValue("prompt", item.Prompt);
        command.Parameters.AddWithValue("status", item.Status.ToWire());
        command.Parameters.AddWithValue("priority", item.Priority);
        command.Parameters.AddWithValue("retries", item.RetryCount);
        command.Parameters.AddWithValue("max", item.MaxRetries);
        command.Parameters.AddWithValue("error", NpgsqlDbType.Text, (object?)item.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("result", NpgsqlDbType.Text, (object?)item.ResultJson ?? DBNull.Value);
        command.Parameters.AddWithValue("created", item.CreatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("started", NpgsqlDbType.TimestampTz, Time(item.StartedAt));
        command.Parameters.AddWithValue("completed", NpgsqlDbType.TimestampTz, Time(item.CompletedAt));
        command.Parameters.AddWithValue("retryAfter", NpgsqlDbType.TimestampTz, Time(item.RetryAfter));
        command.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, Time(item.LeaseUntil));
    }

    private static object Time(DateTimeOffset? value) => value is { } time ? time.ToUniversalTime() : DBNull.Value;

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static QueueItem Read(NpgsqlDataReader reader)
    {
        QueueStatusNames.TryParse(reader.GetString(6), out var status);
        return new QueueItem(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetGuid(2),
            reader.GetString(4),
            reader.GetString(5),
            status,
            reader.GetInt32(7),
            reader.GetInt32(8),
            reader.GetInt32(9),
            reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.GetFieldValue<DateTimeOffset>(12),
            Time(reader, 13),
            Time(reader, 14))
        {
            OwnsSession = reader.GetBoolean(3),
            ResultJson = reader.IsDBNull(11) ? null : reader.GetString(11),
            RetryAfter = Time(reader, 15),
            LeaseUntil = Time(reader, 16),
        };
    }
}
