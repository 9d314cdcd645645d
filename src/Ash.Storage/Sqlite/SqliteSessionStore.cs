using System.Globalization;
using System.Text.Json;
using Ash.Core.Sessions;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteSessionStore(SqliteDatabase database) : ISessionStore
{
    private const string Columns = "id, tenant_id, agent_name, sandbox_id, status, runner_id, parent_session_id, created_at, last_active_at, options";

    public Task InsertAsync(Session session, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO sessions ({Columns}) VALUES ($id, $tenant, $agent, $sandbox, $status, $runner, $parent, $created, $active, $options)";
            command.Parameters.AddWithValue("$id", session.Id.ToString());
            command.Parameters.AddWithValue("$tenant", session.TenantId);
            command.Parameters.AddWithValue("$agent", session.AgentName);
            command.Parameters.AddWithValue("$sandbox", session.SandboxId);
            command.Parameters.AddWithValue("$status", session.Status.ToWire());
            command.Parameters.AddWithValue("$runner", (object?)session.RunnerId ?? DBNull.Value);
            command.Parameters.AddWithValue("$parent", (object?)session.ParentSessionId?.ToString() ?? DBNull.Value);
            command.Parameters.AddWithValue("$created", Timestamps.ToText(session.CreatedAt));
            command.Parameters.AddWithValue("$active", Timestamps.ToText(session.LastActiveAt));
            command.Parameters.AddWithValue("$options", SerializeOptions(session.Options));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<Session?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public Task UpdateStatusAsync(Guid id, SessionStatus status, DateTimeOffset lastActiveAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE sessions SET status = $status, last_active_at = $active WHERE id = $id";
            command.Parameters.AddWithValue("$id", id.ToString());
            command.Parameters.AddWithValue("$status", status.ToWire());
            command.Parameters.AddWithValue("$active", Timestamps.ToText(lastActiveAt));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task TouchAsync(Guid id, DateTimeOffset lastActiveAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE sessions SET last_active_at = $active WHERE id = $id";
            command.Parameters.AddWithValue("$id", id.ToString());
            command.Parameters.AddWithValue("$active", Timestamps.ToText(lastActiveAt));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<SessionPage> ListAsync(string tenantId, SessionQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var filters = "tenant_id = $tenant";
        command.Parameters.AddWithValue("$tenant", tenantId);
        if (query.AgentName is not null)
        {
            filters += " AND agent_name = $agent";
            command.Parameters.AddWithValue("$agent", query.AgentName);
        }

        if (query.Status is { } status)
        {
            filters += " AND status = $status";
            command.Parameters.AddWithValue("$status", status.ToWire());
        }

        if (query.Cursor is not null && SessionCursor.TryDecode(query.Cursor, out var cursorCreated, out var cursorId))
        {
            filters += " AND (created_at, id) < ($cursorCreated, $cursorId)";
            command.Parameters.AddWithValue("$cursorCreated", cursorCreated);
            command.Parameters.AddWithValue("$cursorId", cursorId);
        }

        command.CommandText = $"SELECT {Columns} FROM sessions WHERE {filters} ORDER BY created_at DESC, id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<Session>(query.Limit);
        string? next = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (sessions.Count == query.Limit)
            {
                var last = sessions[^1];
                next = SessionCursor.Encode(Timestamps.ToText(last.CreatedAt), last.Id.ToString());
                break;
            }

            sessions.Add(Read(reader));
        }

        return new SessionPage(sessions, next);
    }

    public async Task<IReadOnlyList<Session>> ListLiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sessions WHERE status IN ('starting', 'active', 'paused')";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<Session>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(Read(reader));
        }

        return sessions;
    }

    public async Task<int> CountByStatusAsync(SessionStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sessions WHERE status = $status";
        command.Parameters.AddWithValue("$status", status.ToWire());
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static string SerializeOptions(SessionOptions options) => JsonSerializer.Serialize(
        new StoredSessionOptions(
            options.Model,
            options.SystemPrompt,
            options.McpServersJson,
            options.PermissionMode,
            options.AllowedTools?.ToList(),
            options.DisallowedTools?.ToList(),
            options.ExtraEnv is null ? null : new Dictionary<string, string>(options.ExtraEnv)),
        StorageJsonContext.Default.StoredSessionOptions);

    private static SessionOptions DeserializeOptions(string json)
    {
        var stored = JsonSerializer.Deserialize(json, StorageJsonContext.Default.StoredSessionOptions);
        return stored is null
            ? SessionOptions.Empty
            : new SessionOptions
            {
                Model = stored.Model,
                SystemPrompt = stored.SystemPrompt,
                McpServersJson = stored.McpServersJson,
                PermissionMode = stored.PermissionMode,
                AllowedTools = stored.AllowedTools,
                DisallowedTools = stored.DisallowedTools,
                ExtraEnv = stored.ExtraEnv,
            };
    }

    private static Session Read(SqliteDataReader reader)
    {
        SessionStatusNames.TryParse(reader.GetString(4), out var status);
        return new Session(
            Guid.Parse(reader.GetString(0)),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            status,
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : Guid.Parse(reader.GetString(6)),
            Timestamps.Parse(reader.GetString(7)),
            Timestamps.Parse(reader.GetString(8)),
            DeserializeOptions(reader.GetString(9)));
    }
}
