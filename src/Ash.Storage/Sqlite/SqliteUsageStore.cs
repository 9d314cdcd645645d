using System.Globalization;
using Ash.Core.Usage;
using Ash.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteUsageStore(SqliteDatabase database) : IUsageStore
{
    private const string Columns = "id, tenant_id, session_id, agent_name, event_type, value, model, created_at";

    public Task AddAsync(IReadOnlyList<ModelUsage> usages, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO usage_events ({Columns}) VALUES ($id, $tenant, $session, $agent, $type, $value, $model, $at)";
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var tenant = command.Parameters.Add("$tenant", SqliteType.Text);
            var session = command.Parameters.Add("$session", SqliteType.Text);
            var agent = command.Parameters.Add("$agent", SqliteType.Text);
            var type = command.Parameters.Add("$type", SqliteType.Text);
            var value = command.Parameters.Add("$value", SqliteType.Real);
            var model = command.Parameters.Add("$model", SqliteType.Text);
            var at = command.Parameters.Add("$at", SqliteType.Text);
            foreach (var usage in usages)
            {
                foreach (var (eventType, amount) in UsageRows.Of(usage))
                {
                    id.Value = Guid.NewGuid().ToString("D");
                    tenant.Value = usage.TenantId;
                    session.Value = usage.SessionId.ToString("D");
                    agent.Value = usage.AgentName;
                    type.Value = eventType;
                    value.Value = amount;
                    model.Value = usage.Model;
                    at.Value = Timestamps.ToText(usage.At);
                    await command.ExecuteNonQueryAsync(token);
                }
            }
        }, cancellationToken);

    public async Task<UsagePage> ListAsync(string tenantId, UsageQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var where = Where(command, tenantId, query.Filter);
        if (query.Cursor is { } cursor)
        {
            where += " AND (created_at < $cursorAt OR (created_at = $cursorAt AND id < $cursorId))";
            command.Parameters.AddWithValue("$cursorAt", Timestamps.ToText(cursor.CreatedAt));
            command.Parameters.AddWithValue("$cursorId", cursor.Id.ToString("D"));
        }

        command.CommandText = $"SELECT {Columns} FROM usage_events WHERE {where} ORDER BY created_at DESC, id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<UsageEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new UsageEvent(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                Guid.Parse(reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                Timestamps.Parse(reader.GetString(7))));
        }

        return UsageRows.Page(events, query.Limit);
    }

    public async Task<IReadOnlyDictionary<string, double>> SumAsync(string tenantId, UsageFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT event_type, SUM(value) FROM usage_events WHERE {Where(command, tenantId, filter)} GROUP BY event_type";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            sums[reader.GetString(0)] = reader.GetDouble(1);
        }

        return sums;
    }

    public async Task<(int Agents, IReadOnlyDictionary<string, int> SessionsByStatus)> CountTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM sessions WHERE tenant_id = $tenant GROUP BY status";
        command.Parameters.AddWithValue("$tenant", tenantId);
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byStatus[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        using var agents = connection.CreateCommand();
        agents.CommandText = "SELECT COUNT(*) FROM agents WHERE tenant_id = $tenant";
        agents.Parameters.AddWithValue("$tenant", tenantId);
        return (Convert.ToInt32(await agents.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture), byStatus);
    }

    private static string Where(SqliteCommand command, string tenantId, UsageFilter filter)
    {
        var where = "tenant_id = $tenant";
        command.Parameters.AddWithValue("$tenant", tenantId);
        if (filter.SessionId is { } session)
        {
            where += " AND session_id = $session";
            command.Parameters.AddWithValue("$session", session.ToString("D"));
        }

        if (filter.AgentName is { } agent)
        {
            where += " AND agent_name = $agent";
            command.Parameters.AddWithValue("$agent", agent);
        }

        if (filter.After is { } after)
        {
            where += " AND created_at > $after";
            command.Parameters.AddWithValue("$after", Timestamps.ToText(after));
        }

        if (filter.Before is { } before)
        {
            where += " AND created_at < $before";
            command.Parameters.AddWithValue("$before", Timestamps.ToText(before));
        }

        return where;
    }
}
