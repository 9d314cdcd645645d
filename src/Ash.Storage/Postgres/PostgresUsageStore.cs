using Ash.Core.Usage;
using Ash.Storage.Columns;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

public sealed class PostgresUsageStore(PostgresDatabase database) : IUsageStore
{
    private const string Columns = "id, tenant_id, session_id, agent_name, event_type, value, model, created_at";

    /// <remarks>Each row's id is chosen before the write, so a retry after a lost acknowledgement adds nothing twice (ON CONFLICT DO NOTHING).</remarks>
    public Task AddAsync(IReadOnlyList<ModelUsage> usages, CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, ModelUsage Usage, string Type, double Value)>();
        foreach (var usage in usages)
        {
            foreach (var (type, value) in UsageRows.Of(usage))
            {
                rows.Add((Guid.NewGuid(), usage, type, value));
            }
        }

        return database.WriteAsync(async (connection, transaction, token) =>
        {
            var batch = new NpgsqlBatch(connection, transaction);
            await using (batch)
            {
                foreach (var (id, usage, type, value) in rows)
                {
                    var command = new NpgsqlBatchCommand($"INSERT INTO usage_events ({Columns}) VALUES (@id, @tenant, @session, @agent, @type, @value, @model, @at) ON CONFLICT (id) DO NOTHING");
                    command.Parameters.AddWithValue("id", id);
                    command.Parameters.AddWithValue("tenant", usage.TenantId);
                    command.Parameters.AddWithValue("session", usage.SessionId);
                    command.Parameters.AddWithValue("agent", usage.AgentName);
                    command.Parameters.AddWithValue("type", type);
                    command.Parameters.AddWithValue("value", value);
                    command.Parameters.AddWithValue("model", NpgsqlDbType.Text, usage.Model);
                    command.Parameters.AddWithValue("at", usage.At.ToUniversalTime());
                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(token);
            }
        }, cancellationToken);
    }

    public Task<UsagePage> ListAsync(string tenantId, UsageQuery query, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            var where = Where(command, tenantId, query.Filter);
            if (query.Cursor is { } cursor)
            {
                where += " AND (created_at, id) < (@cursorAt, @cursorId)";
                command.Parameters.AddWithValue("cursorAt", cursor.CreatedAt.ToUniversalTime());
                command.Parameters.AddWithValue("cursorId", cursor.Id);
            }

            command.CommandText = $"SELECT {Columns} FROM usage_events WHERE {where} ORDER BY created_at DESC, id DESC LIMIT @limit";
            command.Parameters.AddWithValue("limit", query.Limit + 1);
            await using var reader = await command.ExecuteReaderAsync(token);
            var events = new List<UsageEvent>();
            while (await reader.ReadAsync(token))
            {
                events.Add(new UsageEvent(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetGuid(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetDouble(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetFieldValue<DateTimeOffset>(7)));
            }

            return UsageRows.Page(events, query.Limit);
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, double>> SumAsync(string tenantId, UsageFilter filter, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, double>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            command.CommandText = $"SELECT event_type, SUM(value) FROM usage_events WHERE {Where(command, tenantId, filter)} GROUP BY event_type";
            await using var reader = await command.ExecuteReaderAsync(token);
            var sums = new Dictionary<string, double>(StringComparer.Ordinal);
            while (await reader.ReadAsync(token))
            {
                sums[reader.GetString(0)] = reader.GetDouble(1);
            }

            return sums;
        }, cancellationToken);

    public Task<(int Agents, IReadOnlyDictionary<string, int> SessionsByStatus)> CountTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        database.ReadAsync<(int, IReadOnlyDictionary<string, int>)>(async (connection, token) =>
        {
            var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
            await using (var command = new NpgsqlCommand("SELECT status, COUNT(*) FROM sessions WHERE tenant_id = @tenant GROUP BY status", connection))
            {
                command.Parameters.AddWithValue("tenant", tenantId);
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    byStatus[reader.GetString(0)] = checked((int)reader.GetInt64(1));
                }
            }

            await using var agents = new NpgsqlCommand("SELECT COUNT(*) FROM agents WHERE tenant_id = @tenant", connection);
            agents.Parameters.AddWithValue("tenant", tenantId);
            return (checked((int)(long)(await agents.ExecuteScalarAsync(token))!), byStatus);
        }, cancellationToken);

    private static string Where(NpgsqlCommand command, string tenantId, UsageFilter filter)
    {
        var where = "tenant_id = @tenant";
        command.Parameters.AddWithValue("tenant", tenantId);
        if (filter.SessionId is { } session)
        {
            where += " AND session_id = @session";
            command.Parameters.AddWithValue("session", session);
        }

        if (filter.AgentName is { } agent)
        {
            where += " AND agent_name = @agent";
            command.Parameters.AddWithValue("agent", agent);
        }

        if (filter.After is { } after)
        {
            where += " AND created_at > @after";
            command.Parameters.AddWithValue("after", after.ToUniversalTime());
        }

        if (filter.Before is { } before)
        {
            where += " AND created_at < @before";
            command.Parameters.AddWithValue("before", before.ToUniversalTime());
        }

        return where;
    }
}
