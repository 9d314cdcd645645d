using System.Text.Json;
using Ash.Core.Agents;
using Ash.Storage.Columns;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

public sealed class PostgresAgentStore(PostgresDatabase database, TimeProvider time) : IAgentStore
{
    private const string Columns = "id, tenant_id, name, version, path, env, model, created_at, updated_at";

    public Task<Agent> UpsertAsync(string tenantId, string name, string path, IReadOnlyDictionary<string, string>? sealedEnv, string? model, CancellationToken cancellationToken)
    {
        // write_id marks this call: a retry after a lost acknowledgement finds its own write already
        // applied and leaves the version alone instead of bumping it twice.
        var writeId = Guid.NewGuid();
        var now = time.GetUtcNow().ToUniversalTime();
        var envJson = StoredColumns.Env(sealedEnv);
        return database.WriteAsync(async (connection, transaction, token) =>
        {
            await using (var upsert = new NpgsqlCommand(
                """
                INSERT INTO agents (id, tenant_id, name, version, path, env, model, created_at, updated_at, write_id, env_sealed)
                VALUES (@write, @tenant, @name, 1, @path, @env, @model, @now, @now, @write, true)
                ON CONFLICT (tenant_id, name) DO UPDATE SET
                    version = agents.version + 1,
                    path = excluded.path,
                    env = CASE WHEN @envGiven THEN excluded.env ELSE agents.env END,
                    env_sealed = CASE WHEN @envGiven THEN true ELSE agents.env_sealed END,
                    model = COALESCE(excluded.model, agents.model),
                    updated_at = excluded.updated_at,
                    write_id = excluded.write_id
                WHERE agents.write_id <> excluded.write_id
                """,
                connection,
                transaction))
            {
                upsert.Parameters.AddWithValue("write", writeId);
                upsert.Parameters.AddWithValue("tenant", tenantId);
                upsert.Parameters.AddWithValue("name", name);
                upsert.Parameters.AddWithValue("path", path);
                upsert.Parameters.AddWithValue("env", envJson);
                upsert.Parameters.AddWithValue("envGiven", sealedEnv is not null);
                upsert.Parameters.AddWithValue("model", NpgsqlDbType.Text, (object?)model ?? DBNull.Value);
                upsert.Parameters.AddWithValue("now", now);
                await upsert.ExecuteNonQueryAsync(token);
            }

            return (await SelectAsync(connection, transaction, tenantId, name, token))!;
        }, cancellationToken);
    }

    public Task<Agent?> GetAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, token) => SelectAsync(connection, null, tenantId, name, token), cancellationToken);

    public Task<IReadOnlyList<Agent>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Agent>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM agents WHERE tenant_id = @tenant ORDER BY name", connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            await using var reader = await command.ExecuteReaderAsync(token);
            var agents = new List<Agent>();
            while (await reader.ReadAsync(token))
            {
                agents.Add(Read(reader));
            }

            return agents;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM agents WHERE tenant_id = @tenant AND name = @name", connection, transaction);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("name", name);
            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    private static async Task<Agent?> SelectAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM agents WHERE tenant_id = @tenant AND name = @name", connection, transaction);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public Task<int> SealPlaintextEnvAsync(Func<string, string> seal, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var plaintext = new List<(Guid Id, string Env)>();
            await using (var select = new NpgsqlCommand("SELECT id, env FROM agents WHERE NOT env_sealed FOR UPDATE", connection, transaction))
            await using (var reader = await select.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    plaintext.Add((reader.GetGuid(0), reader.GetString(1)));
                }
            }

            foreach (var (id, env) in plaintext)
            {
                await using var update = new NpgsqlCommand("UPDATE agents SET env = @env, env_sealed = true WHERE id = @id", connection, transaction);
                update.Parameters.AddWithValue("id", id);
                update.Parameters.AddWithValue("env", StoredColumns.SealEnv(env, seal));
                await update.ExecuteNonQueryAsync(token);
            }

            return plaintext.Count;
        }, cancellationToken);

    private static Agent Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0).ToString(),
        reader.GetString(2),
        reader.GetString(1),
        reader.GetInt32(3),
        reader.GetString(4),
        StoredColumns.Env(reader.GetString(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.GetFieldValue<DateTimeOffset>(8));
}
