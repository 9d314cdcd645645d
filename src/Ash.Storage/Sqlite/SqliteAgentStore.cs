using System.Text.Json;
using Ash.Core.Agents;
using Ash.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteAgentStore(SqliteDatabase database, TimeProvider time) : IAgentStore
{
    private const string Columns = "id, tenant_id, name, version, path, env, model, created_at, updated_at";

    public Task<Agent> UpsertAsync(string tenantId, string name, string path, IReadOnlyDictionary<string, string>? sealedEnv, string? model, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var now = Timestamps.ToText(time.GetUtcNow());
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT INTO agents ({Columns}, env_sealed) VALUES ($id, $tenant, $name, 1, $path, $env, $model, $now, $now, 1)
                ON CONFLICT (tenant_id, name) DO UPDATE SET
                    version = version + 1,
                    path = excluded.path,
                    env = CASE WHEN $envGiven THEN excluded.env ELSE agents.env END,
                    env_sealed = CASE WHEN $envGiven THEN 1 ELSE agents.env_sealed END,
                    model = COALESCE(excluded.model, agents.model),
                    updated_at = excluded.updated_at
                RETURNING {Columns}
                """;
            command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$path", path);
            command.Parameters.AddWithValue("$env", StoredColumns.Env(sealedEnv));
            command.Parameters.AddWithValue("$envGiven", sealedEnv is not null);
            command.Parameters.AddWithValue("$model", (object?)model ?? DBNull.Value);
            using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return Read(reader);
        }, cancellationToken);

    public async Task<Agent?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM agents WHERE tenant_id = $tenant AND name = $name";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$name", name);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Agent>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM agents WHERE tenant_id = $tenant ORDER BY name";
        command.Parameters.AddWithValue("$tenant", tenantId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var agents = new List<Agent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            agents.Add(Read(reader));
        }

        return agents;
    }

    public Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM agents WHERE tenant_id = $tenant AND name = $name";
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$name", name);
            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    public Task<int> SealPlaintextEnvAsync(Func<string, string> seal, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var plaintext = new List<(string Id, string Env)>();
            using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT id, env FROM agents WHERE env_sealed = 0";
                using var reader = await select.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    plaintext.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (id, env) in plaintext)
            {
                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = "UPDATE agents SET env = $env, env_sealed = 1 WHERE id = $id";
                update.Parameters.AddWithValue("$id", id);
                update.Parameters.AddWithValue("$env", StoredColumns.SealEnv(env, seal));
                await update.ExecuteNonQueryAsync(token);
            }

            return plaintext.Count;
        }, cancellationToken);

    private static Agent Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(2),
        reader.GetString(1),
        reader.GetInt32(3),
        reader.GetString(4),
        StoredColumns.Env(reader.GetString(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        Timestamps.Parse(reader.GetString(7)),
        Timestamps.Parse(reader.GetString(8)));
}
