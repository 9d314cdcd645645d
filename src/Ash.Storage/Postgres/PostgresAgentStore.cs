using Ash.Core.Agents;
using Ash.Storage.Columns;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

/// <summary>
/// Agents and their versions, as <c>Sqlite/SqliteAgentStore.cs</c>. A write may run again after its acknowledgement
/// was lost: a deploy or revision that finds its settings already active changes nothing, and a created version is
/// found again by its <c>write_id</c>, so a retry never makes a second version.
/// </summary>
public sealed class PostgresAgentStore(PostgresDatabase database, TimeProvider time) : IAgentStore
{
    private const string AgentColumns =
        "a.id, a.name, a.tenant_id, v.version_number, v.path, v.env, v.model, a.created_at, a.updated_at, v.system_prompt, v.id, v.config";

    private const string ActiveAgent =
        $"SELECT {AgentColumns} FROM agents a JOIN agent_versions v ON v.tenant_id = a.tenant_id AND v.agent_name = a.name AND v.version_number = a.version";

    private const string VersionColumns =
        "v.id, v.tenant_id, v.agent_name, v.version_number, v.name, v.system_prompt, v.release_notes, a.version = v.version_number, v.knowledge_files, v.created_by, v.created_at, v.updated_at, v.path, v.env, v.model, v.config";

    private const string Versions =
        $"SELECT {VersionColumns} FROM agent_versions v JOIN agents a ON a.tenant_id = v.tenant_id AND a.name = v.agent_name";

    public Task<Agent> UpsertAsync(string tenantId, string name, string path, AgentConfig config, IReadOnlyDictionary<string, string>? sealedEnv, string? model, CancellationToken cancellationToken)
    {
        var agentId = Guid.NewGuid();
        var versionId = Guid.NewGuid();
        var now = time.GetUtcNow().ToUniversalTime();
        return database.WriteAsync(async (connection, transaction, token) =>
        {
            // The first deploy of a name creates the row; one that finds it (a concurrent first deploy, or this one retried) goes on as a redeploy.
            var created = await ExecuteAsync(connection, transaction, """
                INSERT INTO agents (id, tenant_id, name, version, path, env, model, created_at, updated_at, write_id)
                VALUES (@id, @tenant, @name, 1, @path, @env, @model, @now, @now, @id)
                ON CONFLICT (tenant_id, name) DO NOTHING
                """, token,
                Value("id", agentId), Value("tenant", tenantId), Value("name", name), Value("path", path),
                Value("env", StoredColumns.Env(sealedEnv)), Text("model", model), Value("now", now));
            if (created > 0)
            {
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO agent_versions (id, tenant_id, agent_name, version_number, name, path, env, model, config, created_at, updated_at)
                    VALUES (@version, @tenant, @name, 1, 'v1', @path, @env, @model, @config, @now, @now)
                    """, token,
                    Value("version", versionId), Value("tenant", tenantId), Value("name", name), Value("path", path),
                    Value("env", StoredColumns.Env(sealedEnv)), Text("model", model), Text("config", StoredColumns.Config(config)), Value("now", now));
                return (await ActiveAsync(connection, transaction, tenantId, name, token))!;
            }

            await LockAsync(connection, transaction, tenantId, name, token);
            var active = (await ActiveAsync(connection, transaction, tenantId, name, token))!;
            return await ChangeActiveAsync(connection, transaction, active, path, config, sealedEnv ?? active.Env, model ?? active.Model, now, token);
        }, cancellationToken);
    }

    public Task<Agent?> ReviseAsync(string tenantId, string name, int basedOn, string path, AgentConfig? config, IReadOnlyDictionary<string, string> sealedEnv, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        return database.WriteAsync<Agent?>(async (connection, transaction, token) =>
        {
            await LockAsync(connection, transaction, tenantId, name, token);
            var active = await ActiveAsync(connection, transaction, tenantId, name, token);
            return active is null || active.Version != basedOn
                ? null
                : await ChangeActiveAsync(connection, transaction, active, path, config, sealedEnv, active.Model, now, token);
        }, cancellationToken);
    }

    public Task<Agent?> GetAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, token) => ActiveAsync(connection, null, tenantId, name, token), cancellationToken);

    public Task<Agent?> GetAtVersionAsync(string tenantId, string name, string? versionId, CancellationToken cancellationToken)
    {
        if (versionId is null)
        {
            return GetAsync(tenantId, name, cancellationToken);
        }

        if (!Guid.TryParse(versionId, out var id))
        {
            return Task.FromResult<Agent?>(null);
        }

        return database.ReadAsync<Agent?>(async (connection, token) =>
        {
            await using var command = Command(connection, null, $"""
                SELECT {AgentColumns} FROM agents a JOIN agent_versions v ON v.tenant_id = a.tenant_id AND v.agent_name = a.name
                WHERE a.tenant_id = @tenant AND a.name = @name AND v.id = @version
                """, Value("tenant", tenantId), Value("name", name), Value("version", id));
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ReadAgent(reader) : null;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Agent>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Agent>>(async (connection, token) =>
        {
            await using var command = Command(connection, null, $"{ActiveAgent} WHERE a.tenant_id = @tenant ORDER BY a.name", Value("tenant", tenantId));
            await using var reader = await command.ExecuteReaderAsync(token);
            var agents = new List<Agent>();
            while (await reader.ReadAsync(token))
            {
                agents.Add(ReadAgent(reader));
            }

            return agents;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM agent_versions WHERE tenant_id = @tenant AND agent_name = @name", token, Value("tenant", tenantId), Value("name", name));
            return await ExecuteAsync(connection, transaction, "DELETE FROM agents WHERE tenant_id = @tenant AND name = @name", token, Value("tenant", tenantId), Value("name", name)) > 0;
        }, cancellationToken);

    public Task<IReadOnlyList<AgentVersion>> ListVersionsAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<AgentVersion>>(async (connection, token) =>
        {
            await using var command = Command(connection, null, $"""
                {Versions} WHERE v.tenant_id = @tenant AND v.agent_name = @name AND NOT v.deleted ORDER BY v.version_number DESC
                """, Value("tenant", tenantId), Value("name", name));
            await using var reader = await command.ExecuteReaderAsync(token);
            var versions = new List<AgentVersion>();
            while (await reader.ReadAsync(token))
            {
                versions.Add(ReadVersion(reader));
            }

            return versions;
        }, cancellationToken);

    public Task<AgentVersion?> FindVersionAsync(string tenantId, string name, int number, Guid? id, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, token) => FindAsync(connection, null, tenantId, name, number, id, token), cancellationToken);

    public Task<AgentVersion?> AddVersionAsync(string tenantId, string name, int source, bool cloneNotes, AgentVersionNotes notes, string? createdBy, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var now = time.GetUtcNow().ToUniversalTime();
        return database.WriteAsync<AgentVersion?>(async (connection, transaction, token) =>
        {
            // A retry of a write that was committed: the version it made.
            if (await FindAsync(connection, transaction, tenantId, name, 0, id, token) is { } made)
            {
                return made;
            }

            await LockAsync(connection, transaction, tenantId, name, token);
            var active = await ActiveAsync(connection, transaction, tenantId, name, token);
            var from = active is null ? null : await FindAsync(connection, transaction, tenantId, name, source == 0 ? active.Version : source, null, token);
            if (from is null)
            {
                return null;
            }

            var number = await NextNumberAsync(connection, transaction, tenantId, name, token);
            await ExecuteAsync(connection, transaction, """
                INSERT INTO agent_versions (id, tenant_id, agent_name, version_number, name, system_prompt, release_notes, knowledge_files, created_by, path, env, model, config, created_at, updated_at)
                VALUES (@id, @tenant, @name, @number, @label, @prompt, @notes, @files, @by, @path, @env, @model, @config, @now, @now)
                """, token,
                Value("id", id), Value("tenant", tenantId), Value("name", name), Value("number", number), Value("label", notes.Name ?? $"v{number}"),
                Text("prompt", notes.SystemPrompt ?? (cloneNotes ? from.SystemPrompt : null)), Text("notes", notes.ReleaseNotes),
                Text("files", StoredColumns.Names(notes.KnowledgeFiles ?? (cloneNotes ? from.KnowledgeFiles : null))), Text("by", createdBy),
                Value("path", from.Path), Value("env", StoredColumns.Env(from.Env)), Text("model", from.Model),
                Text("config", StoredColumns.Config(from.Config)), Value("now", now));
            return await FindAsync(connection, transaction, tenantId, name, number, null, token);
        }, cancellationToken);
    }

    public Task<AgentVersion?> EditVersionAsync(string tenantId, string name, int number, AgentVersionNotes notes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        return database.WriteAsync<AgentVersion?>(async (connection, transaction, token) =>
        {
            var changed = await ExecuteAsync(connection, transaction, """
                UPDATE agent_versions SET
                    name = COALESCE(@label, name),
                    system_prompt = COALESCE(@prompt, system_prompt),
                    release_notes = COALESCE(@notes, release_notes),
                    knowledge_files = COALESCE(@files, knowledge_files),
                    updated_at = @now
                WHERE tenant_id = @tenant AND agent_name = @name AND version_number = @number AND NOT deleted
                """, token,
                Text("label", notes.Name), Text("prompt", notes.SystemPrompt), Text("notes", notes.ReleaseNotes), Text("files", StoredColumns.Names(notes.KnowledgeFiles)),
                Value("now", now), Value("tenant", tenantId), Value("name", name), Value("number", number));
            return changed == 0 ? null : await FindAsync(connection, transaction, tenantId, name, number, null, token);
        }, cancellationToken);
    }

    public Task<VersionRemoval> DeleteVersionAsync(string tenantId, string name, int number, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        return database.WriteAsync(async (connection, transaction, token) =>
        {
            var version = await FindAsync(connection, transaction, tenantId, name, number, null, token);
            if (version is null)
            {
                return VersionRemoval.NotFound;
            }

            if (version.IsActive)
            {
                return VersionRemoval.Active;
            }

            await ExecuteAsync(connection, transaction, """
                UPDATE agent_versions SET deleted = true, updated_at = @now WHERE tenant_id = @tenant AND agent_name = @name AND version_number = @number
                """, token, Value("now", now), Value("tenant", tenantId), Value("name", name), Value("number", number));
            return VersionRemoval.Removed;
        }, cancellationToken);
    }

    public Task<Agent?> ActivateVersionAsync(string tenantId, string name, int number, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        return database.WriteAsync<Agent?>(async (connection, transaction, token) =>
        {
            await LockAsync(connection, transaction, tenantId, name, token);
            var version = await FindAsync(connection, transaction, tenantId, name, number, null, token);
            if (version is null)
            {
                return null;
            }

            await PointAtAsync(connection, transaction, tenantId, name, number, version.Path, version.Env, version.Model, now, token);
            return await ActiveAsync(connection, transaction, tenantId, name, token);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListContentPathsAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<string>>(async (connection, token) =>
        {
            await using var command = Command(connection, null, "SELECT DISTINCT path FROM agent_versions WHERE tenant_id = @tenant AND agent_name = @name", Value("tenant", tenantId), Value("name", name));
            await using var reader = await command.ExecuteReaderAsync(token);
            var paths = new List<string>();
            while (await reader.ReadAsync(token))
            {
                paths.Add(reader.GetString(0));
            }

            return paths;
        }, cancellationToken);

    private static async Task<Agent> ChangeActiveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Agent active, string path, AgentConfig? config, IReadOnlyDictionary<string, string> env, string? model, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (path == active.Path && StoredColumns.SameEnv(env, active.Env) && model == active.Model)
        {
            return active;
        }

        var number = await NextNumberAsync(connection, transaction, active.TenantId, active.Name, cancellationToken);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO agent_versions (id, tenant_id, agent_name, version_number, name, system_prompt, knowledge_files, path, env, model, config, created_at, updated_at)
            SELECT @id, tenant_id, agent_name, @number, @label, system_prompt, knowledge_files, @path, @env, @model, @config, @now, @now
            FROM agent_versions WHERE tenant_id = @tenant AND agent_name = @name AND version_number = @active
            """, cancellationToken,
            Value("id", Guid.NewGuid()), Value("number", number), Value("label", $"v{number}"), Value("path", path), Value("env", StoredColumns.Env(env)),
            Text("model", model), Text("config", StoredColumns.Config(config)), Value("now", now), Value("tenant", active.TenantId), Value("name", active.Name), Value("active", active.Version));
        await PointAtAsync(connection, transaction, active.TenantId, active.Name, number, path, env, model, now, cancellationToken);
        return (await ActiveAsync(connection, transaction, active.TenantId, active.Name, cancellationToken))!;
    }

    private static Task<int> PointAtAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string name, int number, string path, IReadOnlyDictionary<string, string> env, string? model, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            UPDATE agents SET version = @number, path = @path, env = @env, model = @model, updated_at = @now WHERE tenant_id = @tenant AND name = @name
            """, cancellationToken,
            Value("number", number), Value("path", path), Value("env", StoredColumns.Env(env)), Text("model", model), Value("now", now), Value("tenant", tenantId), Value("name", name));

    /// <summary>Locks the agent's row: writers of one agent read its active version and take version numbers one after the other.</summary>
    private static Task<int> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string name, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "SELECT 1 FROM agents WHERE tenant_id = @tenant AND name = @name FOR UPDATE", cancellationToken, Value("tenant", tenantId), Value("name", name));

    private static async Task<int> NextNumberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT COALESCE(MAX(version_number), 0) + 1 FROM agent_versions WHERE tenant_id = @tenant AND agent_name = @name", Value("tenant", tenantId), Value("name", name));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Agent?> ActiveAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"{ActiveAgent} WHERE a.tenant_id = @tenant AND a.name = @name", Value("tenant", tenantId), Value("name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAgent(reader) : null;
    }

    private static async Task<AgentVersion?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenantId, string name, int number, Guid? id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"""
            {Versions} WHERE v.tenant_id = @tenant AND v.agent_name = @name AND NOT v.deleted AND {(id is null ? "v.version_number = @number" : "v.id = @id")}
            """, Value("tenant", tenantId), Value("name", name), Value("number", number), Value("id", id ?? Guid.Empty));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadVersion(reader) : null;
    }

    private static NpgsqlParameter Value(string name, object value) => new(name, value);

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public Task<int> SealPlaintextEnvAsync(Func<string, string> seal, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var changed = 0;
            foreach (var table in (string[])["agents", "agent_versions"])
            {
                var plaintext = new List<(Guid Id, string Env)>();
                await using (var select = Command(connection, transaction, $"SELECT id, env FROM {table} WHERE NOT env_sealed FOR UPDATE"))
                await using (var reader = await select.ExecuteReaderAsync(token))
                {
                    while (await reader.ReadAsync(token))
                    {
                        plaintext.Add((reader.GetGuid(0), reader.GetString(1)));
                    }
                }

                foreach (var (id, env) in plaintext)
                {
                    changed += await ExecuteAsync(connection, transaction, $"UPDATE {table} SET env = @env, env_sealed = true WHERE id = @id", token,
                        Value("id", id), Value("env", StoredColumns.SealEnv(env, seal)));
                }
            }

            return changed;
        }, cancellationToken);

    public Task<int> FillMissingConfigAsync(Func<string, AgentConfig?> readFolder, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var missing = new List<(Guid Id, string Path)>();
            await using (var select = Command(connection, transaction, "SELECT id, path FROM agent_versions WHERE config IS NULL FOR UPDATE"))
            await using (var reader = await select.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    missing.Add((reader.GetGuid(0), reader.GetString(1)));
                }
            }

            var changed = 0;
            foreach (var (id, path) in missing)
            {
                if (readFolder(path) is { } config)
                {
                    changed += await ExecuteAsync(connection, transaction, "UPDATE agent_versions SET config = @config WHERE id = @id AND config IS NULL", token,
                        Value("id", id), Text("config", StoredColumns.Config(config)));
                }
            }

            return changed;
        }, cancellationToken);

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Agent ReadAgent(NpgsqlDataReader reader) => new(
        reader.GetGuid(0).ToString(),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        StoredColumns.Env(reader.GetString(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.GetFieldValue<DateTimeOffset>(8))
    {
        SystemPrompt = reader.IsDBNull(9) ? null : reader.GetString(9),
        VersionId = reader.GetGuid(10).ToString(),
        Config = StoredColumns.Config(reader.IsDBNull(11) ? null : reader.GetString(11)),
    };

    private static AgentVersion ReadVersion(NpgsqlDataReader reader) => new(
        reader.GetGuid(0).ToString(),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetBoolean(7),
        StoredColumns.Names(reader.IsDBNull(8) ? null : reader.GetString(8)),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetFieldValue<DateTimeOffset>(10),
        reader.GetFieldValue<DateTimeOffset>(11),
        reader.GetString(12),
        StoredColumns.Env(reader.GetString(13)),
        reader.IsDBNull(14) ? null : reader.GetString(14))
    {
        Config = StoredColumns.Config(reader.IsDBNull(15) ? null : reader.GetString(15)),
    };
}
