using Ash.Core.Queue;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

/// <summary>
/// The queue on SQLite. Claims run inside the single writer's immediate transaction, so a job read as due
/// cannot be taken by another claim before it is marked processing; other processes that share the file
/// wait for the write lock.
/// </summary>
public sealed class SqliteQueueStore(SqliteDatabase database) : IQueueStore
{
    private const string Columns = "id, tenant_id, session_id, owns_session, agent_name, prompt, status, priority, retry_count, max_retries, error, result, created_at, started_at, completed_at, retry_after, lease_until";

    public Task InsertAsync(QueueItem item, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT INTO queue_items ({Columns})
                VALUES ($id, $tenant, $session, $owns, $agent, $prompt, $status, $priority, $retries, $max, $error, $result, $created, $started, $completed, $retryAfter, $lease)
                """;
            Bind(command, item);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<QueueItem?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM queue_items WHERE id = $id AND tenant_id = $tenant";
        command.Parameters.AddWithValue("$id", id.ToString());
        command.Parameters.AddWithValue("$tenant", tenantId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<QueuePage> ListAsync(string tenantId, QueueQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var filters = "tenant_id = $tenant";
        command.Parameters.AddWithValue("$tenant", tenantId);
        if (query.Status is { } status)
        {
            filters += " AND status = $status";
            command.Parameters.AddWithValue("$status", status.ToWire());
        }

        filters += NewestFirstPage.After(command, query.Cursor);
        command.CommandText = $"SELECT {Columns} FROM queue_items WHERE {filters} ORDER BY created_at DESC, id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (items, next) = await NewestFirstPage.ReadAsync(reader, query.Limit, Read, item => (item.CreatedAt, item.Id), cancellationToken);
        return new QueuePage(items, next);
    }

    public async Task<QueueStats> GetStatsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM queue_items WHERE tenant_id = $tenant GROUP BY status";
        command.Parameters.AddWithValue("$tenant", tenantId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return QueueCounts.ToStats(counts);
    }

    public Task<QueueItem?> CancelAsync(string tenantId, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using (var update = connection.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = "UPDATE queue_items SET status = 'cancelled', completed_at = $now, retry_after = NULL WHERE id = $id AND tenant_id = $tenant AND status = 'pending'";
                update.Parameters.AddWithValue("$id", id.ToString());
                update.Parameters.AddWithValue("$tenant", tenantId);
                update.Parameters.AddWithValue("$now", Timestamps.ToText(now));
                await update.ExecuteNonQueryAsync(token);
            }

            return await ReadOneAsync(connection, transaction, "id = $id AND tenant_id = $tenant", command =>
            {
                command.Parameters.AddWithValue("$id", id.ToString());
                command.Parameters.AddWithValue("$tenant", tenantId);
            }, token);
        }, cancellationToken);

    public Task<QueueItem?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            string? id;
            using (var pick = connection.CreateCommand())
            {
                pick.Transaction = transaction;
                pick.CommandText = """
                    SELECT q.id FROM queue_items q
                    WHERE q.status = 'pending' AND (q.retry_after IS NULL OR q.retry_after <= $now)
                    ORDER BY (SELECT MAX(s.started_at) FROM queue_items s WHERE s.tenant_id = q.tenant_id) ASC NULLS FIRST,
                        q.priority DESC, q.created_at ASC, q.id ASC
                    LIMIT 1
                    """;
                pick.Parameters.AddWithValue("$now", Timestamps.ToText(now));
                id = (string?)await pick.ExecuteScalarAsync(token);
            }

            if (id is null)
            {
                return null;
            }

            using (var claim = connection.CreateCommand())
            {
                claim.Transaction = transaction;
                claim.CommandText = "UPDATE queue_items SET status = 'processing', started_at = $now, lease_until = $lease, retry_after = NULL WHERE id = $id AND status = 'pending'";
                claim.Parameters.AddWithValue("$id", id);
                claim.Parameters.AddWithValue("$now", Timestamps.ToText(now));
                claim.Parameters.AddWithValue("$lease", Timestamps.ToText(leaseUntil));
                await claim.ExecuteNonQueryAsync(token);
            }

            return await ReadOneAsync(connection, transaction, "id = $id", command => command.Parameters.AddWithValue("$id", id), token);
        }, cancellationToken);

    public Task<bool> RenewLeaseAsync(Guid id, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE queue_items SET lease_until = $lease WHERE id = $id AND status = 'processing'";
            command.Parameters.AddWithValue("$id", id.ToString());
            command.Parameters.AddWithValue("$lease", Timestamps.ToText(leaseUntil));
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public Task SetSessionAsync(Guid id, Guid sessionId, bool ownsSession, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE queue_items SET session_id = $session, owns_session = $owns WHERE id = $id";
            command.Parameters.AddWithValue("$id", id.ToString());
            command.Parameters.AddWithValue("$session", sessionId.ToString());
            command.Parameters.AddWithValue("$owns", ownsSession ? 1 : 0);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<bool> FinishAttemptAsync(QueueItem finished, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE queue_items SET session_id = $session, owns_session = $owns, status = $status, retry_count = $retries,
                    error = $error, result = $result, completed_at = $completed, retry_after = $retryAfter, lease_until = NULL
                WHERE id = $id AND status = 'processing' AND started_at = $started
                """;
            Bind(command, finished);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public Task<int> ReleaseExpiredAsync(DateTimeOffset now, string error, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE queue_items SET
                    status = CASE WHEN retry_count + 1 > max_retries THEN 'failed' ELSE 'pending' END,
                    completed_at = CASE WHEN retry_count + 1 > max_retries THEN $now ELSE NULL END,
                    retry_count = retry_count + 1, error = $error, retry_after = $now, lease_until = NULL
                WHERE status = 'processing' AND lease_until < $now
                """;
            command.Parameters.AddWithValue("$now", Timestamps.ToText(now));
            command.Parameters.AddWithValue("$error", error);
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task ExpireAllLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE queue_items SET lease_until = $past WHERE status = 'processing'";
            command.Parameters.AddWithValue("$past", Timestamps.ToText(now.AddTicks(-1)));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    private static async Task<QueueItem?> ReadOneAsync(SqliteConnection connection, SqliteTransaction transaction, string filter, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM queue_items WHERE {filter}";
        bind(command);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static void Bind(SqliteCommand command, QueueItem item)
    {
        command.Parameters.AddWithValue("$id", item.Id.ToString());
        command.Parameters.AddWithValue("$tenant", item.TenantId);
        command.Parameters.AddWithValue("$session", (object?)item.SessionId?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$owns", item.OwnsSession ? 1 : 0);
        command.Parameters.AddWithValue("$agent", item.AgentName);
        command.Parameters.AddWithValue("$prompt", item.Prompt);
        command.Parameters.AddWithValue("$status", item.Status.ToWire());
        command.Parameters.AddWithValue("$priority", item.Priority);
        command.Parameters.AddWithValue("$retries", item.RetryCount);
        command.Parameters.AddWithValue("$max", item.MaxRetries);
        command.Parameters.AddWithValue("$error", (object?)item.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$result", (object?)item.ResultJson ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", Timestamps.ToText(item.CreatedAt));
        command.Parameters.AddWithValue("$started", Text(item.StartedAt));
        command.Parameters.AddWithValue("$completed", Text(item.CompletedAt));
        command.Parameters.AddWithValue("$retryAfter", Text(item.RetryAfter));
        command.Parameters.AddWithValue("$lease", Text(item.LeaseUntil));
    }

    private static object Text(DateTimeOffset? value) => value is { } time ? Timestamps.ToText(time) : DBNull.Value;

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Timestamps.Parse(reader.GetString(ordinal));

    private static QueueItem Read(SqliteDataReader reader)
    {
        QueueStatusNames.TryParse(reader.GetString(6), out var status);
        return new QueueItem(
            Guid.Parse(reader.GetString(0)),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : Guid.Parse(reader.GetString(2)),
            reader.GetString(4),
            reader.GetString(5),
            status,
            reader.GetInt32(7),
            reader.GetInt32(8),
            reader.GetInt32(9),
            reader.IsDBNull(10) ? null : reader.GetString(10),
            Timestamps.Parse(reader.GetString(12)),
            Time(reader, 13),
            Time(reader, 14))
        {
            OwnsSession = reader.GetInt64(3) != 0,
            ResultJson = reader.IsDBNull(11) ? null : reader.GetString(11),
            RetryAfter = Time(reader, 15),
            LeaseUntil = Time(reader, 16),
        };
    }
}
