using Ash.Core.Budgets;
using Npgsql;

namespace Ash.Storage.Postgres;

public sealed class PostgresBudgetStore(PostgresDatabase database) : IBudgetStore
{
    /// <summary>
    /// Each budget with its scope's cost. CASE evaluates only the matching sum, each one an indexed range
    /// (usage_events_cost for the tenant and an agent, usage_events_by_session for a session).
    /// </summary>
    private const string Select = """
        SELECT b.scope, b.target, b.limit_usd, b.created_at, b.updated_at,
            CASE b.scope
                WHEN 'tenant' THEN (SELECT COALESCE(SUM(u.value), 0) FROM usage_events u WHERE u.tenant_id = b.tenant_id AND u.event_type = 'cost_usd')
                WHEN 'agent' THEN (SELECT COALESCE(SUM(u.value), 0) FROM usage_events u WHERE u.tenant_id = b.tenant_id AND u.event_type = 'cost_usd' AND u.agent_name = b.target)
                ELSE (SELECT COALESCE(SUM(u.value), 0) FROM usage_events u WHERE u.session_id = b.target::uuid AND u.event_type = 'cost_usd' AND u.tenant_id = b.tenant_id)
            END
        FROM budgets b
        """;

    private const string Order = " ORDER BY CASE b.scope WHEN 'tenant' THEN 0 WHEN 'agent' THEN 1 ELSE 2 END, b.target";

    public Task<IReadOnlyList<BudgetStanding>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        ReadAsync(tenantId, $"{Select} WHERE b.tenant_id = @tenant{Order}", null, null, cancellationToken);

    public Task<IReadOnlyList<BudgetStanding>> ForSessionAsync(string tenantId, string agentName, Guid sessionId, CancellationToken cancellationToken) =>
        ReadAsync(
            tenantId,
            $"{Select} WHERE b.tenant_id = @tenant AND ((b.scope = 'tenant' AND b.target = '') OR (b.scope = 'agent' AND b.target = @agent) OR (b.scope = 'session' AND b.target = @session)){Order}",
            agentName,
            sessionId,
            cancellationToken);

    /// <remarks>An upsert: a retry after a lost acknowledgement sets the same limit again.</remarks>
    public Task<Budget> SetAsync(string tenantId, string scope, string? target, decimal limitUsd, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO budgets (tenant_id, scope, target, limit_usd, created_at, updated_at) VALUES (@tenant, @scope, @target, @limit, @at, @at)
                ON CONFLICT (tenant_id, scope, target) DO UPDATE SET limit_usd = excluded.limit_usd, updated_at = excluded.updated_at
                RETURNING created_at, updated_at
                """,
                connection,
                transaction);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("scope", scope);
            command.Parameters.AddWithValue("target", target ?? string.Empty);
            command.Parameters.AddWithValue("limit", limitUsd);
            command.Parameters.AddWithValue("at", at.ToUniversalTime());
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return new Budget(tenantId, scope, target, limitUsd, reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1));
        }, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, string scope, string? target, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM budgets WHERE tenant_id = @tenant AND scope = @scope AND target = @target", connection, transaction);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("scope", scope);
            command.Parameters.AddWithValue("target", target ?? string.Empty);
            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    private Task<IReadOnlyList<BudgetStanding>> ReadAsync(string tenantId, string sql, string? agentName, Guid? sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<BudgetStanding>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            if (agentName is not null)
            {
                command.Parameters.AddWithValue("agent", agentName);
                command.Parameters.AddWithValue("session", sessionId!.Value.ToString("D"));
            }

            await using var reader = await command.ExecuteReaderAsync(token);
            var standings = new List<BudgetStanding>();
            while (await reader.ReadAsync(token))
            {
                var scope = reader.GetString(0);
                var budget = new Budget(
                    tenantId,
                    scope,
                    scope == BudgetScopes.Tenant ? null : reader.GetString(1),
                    reader.GetDecimal(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetFieldValue<DateTimeOffset>(4));
                standings.Add(new BudgetStanding(budget, Math.Round((decimal)reader.GetDouble(5), 6)));
            }

            return standings;
        }, cancellationToken);
}
