using Ash.Core.Agents;
using Ash.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

/// <summary>
/// Agents and their versions. The <c>agents</c> row keeps the active version's number and a copy of its content path,
/// env and model; reads take them from the version row itself.
/// </summary>
public sealed class SqliteAgentStore(SqliteDatabase database, TimeProvider time) : IAgentStore
{
    private const string AgentColumns =
        "a.id, a.name, a.tenant_id, v.version_number, v.path, v.env, v.model, a.created_at, a.updated_at, v.system_prompt, v.id, v.config";

    private const string ActiveAgent =
        $"SELECT {AgentColumns} FROM agents a JOIN agent_versions v ON v.tenant_id = a.tenant_id AND v.agent_name = a.name AND v.version_number = a.version";

    private const string VersionColumns =
        "v.id, v.tenant_id, v.agent_name, v.version_number, v.name, v.system_prompt, v.release_notes, a.version = v.version_number, v.knowledge_files, v.created_by, v.created_at, v.updated_at, v.path, v.env, v.model, v.config";

    private const string Versions =
        $"SELECT {VersionColumns} FROM agent_versions v JOIN agents a ON a.tenant_id = v.tenant_id AND a.name = v.agent_name";

    public Task<Agent> UpsertAsync(string tenantId, string name, string path, AgentConfig config, IReadOnlyDictionary<string, string>? sealedEnv, string? model, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var now = Timestamps.ToText(time.GetUtcNow());
            var active = await ActiveAsync(connection, transaction, tenantId, name, token);
            if (active is null)
            {
                var versionId = Guid.NewGuid().ToString();
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO agents (id, tenant_id, name, version, path, env, model, created_at, updated_at)
                    VALUES ($id, $tenant, $name, 1, $path, $env, $model, $now, $now);
                    INSERT INTO agent_versions (id, tenant_id, agent_name, version_number, name, path, env, model, config, created_at, updated_at)
                    VALUES ($version, $tenant, $name, 1, 'v1', $path, $env, $model, $config, $now, $now)
                    """, token,
                    ("$id", Guid.NewGuid().ToString()), ("$version", versionId), ("$tenant", tenantId), ("$name", name), ("$path", path),
                    ("$env", StoredColumns.Env(sealedEnv)), ("$model", model), ("$config", StoredColumns.Config(config)), ("$now", now));
                return (await ActiveAsync(connection, transaction, tenantId, name, token))!;
            }

            return await ChangeActiveAsync(connection, transaction, active, path, config, sealedEnv ?? active.Env, model ?? active.Model, now, token);
        }, cancellationToken);

    public Task<Agent?> ReviseAsync(string tenantId, string name, int basedOn, string path, AgentConfig? config, IReadOnlyDictionary<string, string> sealedEnv, CancellationToken cancellationToken) =>
        database.WriteAsync<Agent?>(async (connection, transaction, token) =>
        {
            var active = await ActiveAsync(connection, transaction, tenantId, name, token);
            return active is null || active.Version != basedOn
                ? null
                : await ChangeActiveAsync(connection, transaction, active, path, config, sealedEnv, active.Model, Timestamps.ToText(time.GetUtcNow()), token);
        }, cancellationToken);

    public async Task<Agent?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        return await ActiveAsync(connection, null, tenantId, name, cancellationToken);
    }

    public async Task<Agent?> GetAtVersionAsync(string tenantId, string name, string? versionId, CancellationToken cancellationToken)
    {
        if (versionId is null)
        {
            return await GetAsync(tenantId, name, cancellationToken);
        }

        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = Command(connection, null, $"""
            SELECT {AgentColumns} FROM agents a JOIN agent_versions v ON v.tenant_id = a.tenant_id AND v.agent_name = a.name
            WHERE a.tenant_id = $tenant AND a.name = $name AND v.id = $version
            """, ("$tenant", tenantId), ("$name", name), ("$version", versionId));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAgent(reader) : null;
    }

    public async Task<IReadOnlyList<Agent>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = Command(connection, null, $"{ActiveAgent} WHERE a.tenant_id = $tenant ORDER BY a.name", ("$tenant", tenantId));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var agents = new List<Agent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            agents.Add(ReadAgent(reader));
        }

        return agents;
    }

    public Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM agent_versions WHERE tenant_id = $tenant AND agent_name = $name", token, ("$tenant", tenantId), ("$name", name));
            return await ExecuteAsync(connection, transaction, "DELETE FROM agents WHERE tenant_id = $tenant AND name = $name", token, ("$tenant", tenantId), ("$name", name)) > 0;
        }, cancellationToken);

    public async Task<IReadOnlyList<AgentVersion>> ListVersionsAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = Command(connection, null, $"""
            {Versions} WHERE v.tenant_id = $tenant AND v.agent_name = $name AND v.deleted = 0 ORDER BY v.version_number DESC
            """, ("$tenant", tenantId), ("$name", name));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<AgentVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(ReadVersion(reader));
        }

        return versions;
    }

    public async Task<AgentVersion?> FindVersionAsync(string tenantId, string name, int number, Guid? id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        return await FindAsync(connection, null, tenantId, name, number, id, cancellationToken);
    }

    public Task<AgentVersion?> AddVersionAsync(string tenantId, string name, int source, bool cloneNotes, AgentVersionNotes notes, string? createdBy, CancellationToken cancellationToken) =>
        database.WriteAsync<AgentVersion?>(async (connection, transaction, token) =>
        {
            var active = await ActiveAsync(connection, transaction, tenantId, name, token);
            var from = active is null ? null : await FindAsync(connection, transaction, tenantId, name, source == 0 ? active.Version : source, null, token);
            if (from is null)
            {
                return null;
            }

            var number = await NextNumberAsync(connection, transaction, tenantId, name, token);
            var id = Guid.NewGuid();
            var now = Timestamps.ToText(time.GetUtcNow());
            await ExecuteAsync(connection, transaction, """
                INSERT INTO agent_versions (id, tenant_id, agent_name, version_number, name, system_prompt, release_notes, knowledge_files, created_by, path, env, model, config, created_at, updated_at)
                VALUES ($id, $tenant, $name, $number, $label, $prompt, $notes, $files, $by, $path, $env, $model, $config, $now, $now)
                """, token,
                ("$id", id.ToString()), ("$tenant", tenantId), ("$name", name), ("$number", number), ("$label", notes.Name ?? $"v{number}"),
                ("$prompt", notes.SystemPrompt ?? (cloneNotes ? from.SystemPrompt : null)), ("$notes", notes.ReleaseNotes),
                ("$files", StoredColumns.Names(notes.KnowledgeFiles ?? (cloneNotes ? from.KnowledgeFiles : null))), ("$by", createdBy),
                ("$path", from.Path), ("$env", StoredColumns.Env(from.Env)), ("$model", from.Model), ("$config", StoredColumns.Config(from.Config)), ("$now", now));
            return await FindAsync(connection, transaction, tenantId, name, number, null, token);
        }, cancellationToken);

    public Task<AgentVersion?> EditVersionAsync(string tenantId, string name, int number, AgentVersionNotes notes, CancellationToken cancellationToken) =>
        database.WriteAsync<AgentVersion?>(async (connection, transaction, token) =>
        {
            var changed = await ExecuteAsync(connection, transaction, """
                UPDATE agent_versions SET
                    name = COALESCE($label, name),
                    system_prompt = COALESCE($prompt, system_prompt),
                    release_notes = COALESCE($notes, release_notes),
                    knowledge_files = COALESCE($files, knowledge_files),
                    updated_at = $now
                WHERE tenant_id = $tenant AND agent_name = $name AND version_number = $number AND deleted = 0
                """, token,
                ("$label", notes.Name), ("$prompt", notes.SystemPrompt), ("$notes", notes.ReleaseNotes), ("$files", StoredColumns.Names(notes.KnowledgeFiles)),
                ("$now", Timestamps.ToText(time.GetUtcNow())), ("$tenant", tenantId), ("$name", name), ("$number", number));
            return changed == 0 ? null : await FindAsync(connection, transaction, tenantId, name, number, null, token);
        }, cancellationToken);

    public Task<VersionRemoval> DeleteVersionAsync(string tenantId, string name, int number, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
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
                UPDATE agent_versions SET deleted = 1, updated_at = $now WHERE tenant_id = $tenant AND agent_name = $name AND version_number = $number
                """, token, ("$now", Timestamps.ToText(time.GetUtcNow())), ("$tenant", tenantId), ("$name", name), ("$number", number));
            return VersionRemoval.Removed;
        }, cancellationToken);

    public Task<Agent?> ActivateVersionAsync(string tenantId, string name, int number, CancellationToken cancellationToken) =>
        database.WriteAsync<Agent?>(async (connection, transaction, token) =>
        {
            var version = await FindAsync(connection, transaction, tenantId, name, number, null, token);
            if (version is null)
            {
                return null;
            }

            await PointAtAsync(connection, transaction, tenantId, name, number, version.Path, version.Env, version.Model, Timestamps.ToText(time.GetUtcNow()), token);
            return await ActiveAsync(connection, transaction, tenantId, name, token);
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> ListContentPathsAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = Command(connection, null, "SELECT DISTINCT path FROM agent_versions WHERE tenant_id = $tenant AND agent_name = $name", ("$tenant", tenantId), ("$name", name));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var paths = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            paths.Add(reader.GetString(0));
        }

        return paths;
    }

    /// <summary>The active version when nothing changes; else a new version with these settings (prompt and knowledge files carried over), made active.</summary>
    private static async Task<Agent> ChangeActiveAsync(
        SqliteConnection connection, SqliteTransaction transaction, Agent active, string path, AgentConfig? config, IReadOnlyDictionary<string, string> env, string? model, string now, CancellationToken cancellationToken)
    {
        if (path == active.Path && StoredColumns.SameEnv(env, active.Env) && model == active.Model)
        {
            return active;
        }

        var number = await NextNumberAsync(connection, transaction, active.TenantId, active.Name, cancellationToken);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO agent_versions (id, tenant_id, agent_name, version_number, name, system_prompt, knowledge_files, path, env, model, config, created_at, updated_at)
            SELECT $id, tenant_id, agent_name, $number, $label, system_prompt, knowledge_files, $path, $env, $model, $config, $now, $now
            FROM agent_versions WHERE tenant_id = $tenant AND agent_name = $name AND version_number = $active
            """, cancellationToken,
            ("$id", Guid.NewGuid().ToString()), ("$number", number), ("$label", $"v{number}"), ("$path", path), ("$env", StoredColumns.Env(env)),
            ("$model", model), ("$config", StoredColumns.Config(config)), ("$now", now), ("$tenant", active.TenantId), ("$name", active.Name), ("$active", active.Version));
        await PointAtAsync(connection, transaction, active.TenantId, active.Name, number, path, env, model, now, cancellationToken);
        return (await ActiveAsync(connection, transaction, active.TenantId, active.Name, cancellationToken))!;
    }

    private static Task<int> PointAtAsync(
        SqliteConnection connection, SqliteTransaction transaction, string tenantId, string name, int number, string path, IReadOnlyDictionary<string, string> env, string? model, string now, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            UPDATE agents SET version = $number, path = $path, env = $env, model = $model, updated_at = $now WHERE tenant_id = $tenant AND name = $name
            """, cancellationToken,
            ("$number", number), ("$path", path), ("$env", StoredColumns.Env(env)), ("$model", model), ("$now", now), ("$tenant", tenantId), ("$name", name));

    /// <summary>One past the highest number the agent ever used, deleted versions included: a number never names two versions.</summary>
    private static async Task<int> NextNumberAsync(SqliteConnection connection, SqliteTransaction transaction, string tenantId, string name, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, "SELECT COALESCE(MAX(version_number), 0) + 1 FROM agent_versions WHERE tenant_id = $tenant AND agent_name = $name", ("$tenant", tenantId), ("$name", name));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Agent?> ActiveAsync(SqliteConnection connection, SqliteTransaction? transaction, string tenantId, string name, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, $"{ActiveAgent} WHERE a.tenant_id = $tenant AND a.name = $name", ("$tenant", tenantId), ("$name", name));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAgent(reader) : null;
    }

    private static async Task<AgentVersion?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, string tenantId, string name, int number, Guid? id, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, $"""
            {Versions} WHERE v.tenant_id = $tenant AND v.agent_name = $name AND v.deleted = 0 AND {(id is null ? "v.version_number = $number" : "v.id = $id")}
            """, ("$tenant", tenantId), ("$name", name), ("$number", number), ("$id", id?.ToString()));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadVersion(reader) : null;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (parameter, value) in parameters)
        {
            command.Parameters.AddWithValue(parameter, value ?? DBNull.Value);
        }

        return command;
    }

    public Task<int> SealPlaintextEnvAsync(Func<string, string> seal, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var changed = 0;
            foreach (var table in (string[])["agents", "agent_versions"])
            {
                var plaintext = new List<(string Id, string Env)>();
                using (var select = Command(connection, transaction, $"SELECT id, env FROM {table} WHERE env_sealed = 0"))
                using (var reader = await select.ExecuteReaderAsync(token))
                {
                    while (await reader.ReadAsync(token))
                    {
                        plaintext.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }

                foreach (var (id, env) in plaintext)
                {
                    changed += await ExecuteAsync(connection, transaction, $"UPDATE {table} SET env = $env, env_sealed = 1 WHERE id = $id", token,
                        ("$id", id), ("$env", StoredColumns.SealEnv(env, seal)));
                }
            }

            return changed;
        }, cancellationToken);

    public Task<int> FillMissingConfigAsync(Func<string, AgentConfig?> readFolder, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var missing = new List<(string Id, string Path)>();
            using (var select = Command(connection, transaction, "SELECT id, path FROM agent_versions WHERE config IS NULL"))
            using (var reader = await select.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    missing.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            var changed = 0;
            foreach (var (id, path) in missing)
            {
                if (readFolder(path) is { } config)
                {
                    changed += await ExecuteAsync(connection, transaction, "UPDATE agent_versions SET config = $config WHERE id = $id AND config IS NULL", token,
                        ("$id", id), ("$config", StoredColumns.Config(config)));
                }
            }

            return changed;
        }, cancellationToken);

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Agent ReadAgent(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        StoredColumns.Env(reader.GetString(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        Timestamps.Parse(reader.GetString(7)),
        Timestamps.Parse(reader.GetString(8)))
    {
        SystemPrompt = reader.IsDBNull(9) ? null : reader.GetString(9),
        VersionId = reader.GetString(10),
        Config = StoredColumns.Config(reader.IsDBNull(11) ? null : reader.GetString(11)),
    };

    private static AgentVersion ReadVersion(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetBoolean(7),
        StoredColumns.Names(reader.IsDBNull(8) ? null : reader.GetString(8)),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        Timestamps.Parse(reader.GetString(10)),
        Timestamps.Parse(reader.GetString(11)),
        reader.GetString(12),
        StoredColumns.Env(reader.GetString(13)),
        reader.IsDBNull(14) ? null : reader.GetString(14))
    {
        Config = StoredColumns.Config(reader.IsDBNull(15) ? null : reader.GetString(15)),
    };
}
