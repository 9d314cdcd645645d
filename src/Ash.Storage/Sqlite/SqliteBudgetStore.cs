using Ash.Core.Budgets;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteBudgetStore(SqliteDatabase database) : IBudgetStore
{
    /// <summary>
    /// Each budget with its scope's cost. CASE evaluates only the matching sum, each one an indexed range
    /// (usage_events_cost for the tenant and an agent, usage_events_by_session for a session).
    /// </summary>
    private const string Select = """
        SELECT b.scope, b.target, b.limit_usd, b.created_at, b.updated_at,
            CASE b.scope
                WHEN 'tenant' THEN (SELECT TOTAL(u.value) FROM usage_events u WHERE u.tenant_id = b.tenant_id AND u.event_type = 'cost_usd')
                WHEN 'agent' THEN (SELECT TOTAL(u.value) FROM usage_events u WHERE u.tenant_id = b.tenant_id AND u.event_type = 'cost_usd' AND u.agent_name = b.target)
                ELSE (SELECT TOTAL(u.value) FROM usage_events u WHERE u.session_id = b.target AND u.event_type = 'cost_usd' AND u.tenant_id = b.tenant_id)
            END
        FROM budgets b
        """;

    private const string Order = " ORDER BY CASE b.scope WHEN 'tenant' THEN 0 WHEN 'agent' THEN 1 ELSE 2 END, b.target";

    public Task<IReadOnlyList<BudgetStanding>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        ReadAsync(tenantId, $"{Select} WHERE b.tenant_id = $tenant{Order}", null, null, cancellationToken);

    public Task<IReadOnlyList<BudgetStanding>> ForSessionAsync(string tenantId, string agentName, Guid sessionId, CancellationToken cancellationToken) =>
        ReadAsync(
            tenantId,
            $"{Select} WHERE b.tenant_id = $tenant AND ((b.scope = 'tenant' AND b.target = '') OR (b.scope = 'agent' AND b.target = $agent) OR (b.scope = 'session' AND b.target = $session)){Order}",
            agentName,
            sessionId,
            cancellationToken);

    public Task<Budget> SetAsync(string tenantId, string scope, string? target, decimal limitUsd, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO budgets (tenant_id, scope, target, limit_usd, created_at, updated_at) VALUES ($tenant, $scope, $target, $limit, $at, $at)
                ON CONFLICT (tenant_id, scope, target) DO UPDATE SET limit_usd = excluded.limit_usd, updated_at = excluded.updated_at
                RETURNING created_at
                """;
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$scope", scope);
            command.Parameters.AddWithValue("$target", target ?? string.Empty);
            command.Parameters.AddWithValue("$limit", (double)limitUsd);
            command.Parameters.AddWithValue("$at", Timestamps.ToText(at));
            var created = (string)(await command.ExecuteScalarAsync(token))!;
            return new Budget(tenantId, scope, target, limitUsd, Timestamps.Parse(created), Timestamps.Parse(Timestamps.ToText(at)));
        }, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, string scope, string? target, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM budgets WHERE tenant_id = $tenant AND scope = $scope AND target = $target";
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$scope", scope);
            command.Parameters.AddWithValue("$target", target ?? string.Empty);
            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    private async Task<IReadOnlyList<BudgetStanding>> ReadAsync(string tenantId, string sql, string? agentName, Guid? sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", tenantId);
        if (agentName is not null)
        {
            command.Parameters.AddWithValue("$agent", agentName);
            command.Parameters.AddWithValue("$session", sessionId!.Value.ToString("D"));
        }

        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var standings = new List<BudgetStanding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            standings.Add(Read(tenantId, reader));
        }

        return standings;
    }

    private static BudgetStanding Read(string tenantId, SqliteDataReader reader)
    {
        var scope = reader.GetString(0);
        var target = reader.GetString(1);
        var budget = new Budget(
            tenantId,
            scope,
            scope == BudgetScopes.Tenant ? null : target,
            (decimal)reader.GetDouble(2),
            Timestamps.Parse(reader.GetString(3)),
            Timestamps.Parse(reader.GetString(4)));
        return new BudgetStanding(budget, Math.Round((decimal)reader.GetDouble(5), 6));
    }
}
