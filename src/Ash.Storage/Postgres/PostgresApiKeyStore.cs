using Ash.Core.Auth;
using Npgsql;

namespace Ash.Storage.Postgres;

public sealed class PostgresApiKeyStore(PostgresDatabase database, TimeProvider time) : IApiKeyStore
{
    public Task<string?> FindTenantAsync(string keyHash, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT tenant_id FROM api_keys WHERE key_hash = @hash", connection);
            command.Parameters.AddWithValue("hash", keyHash);
            return await command.ExecuteScalarAsync(token) as string;
        }, cancellationToken);

    public Task AddAsync(string tenantId, string keyHash, string label, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        return database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO api_keys (key_hash, tenant_id, label, created_at) VALUES (@hash, @tenant, @label, @now) ON CONFLICT (key_hash) DO NOTHING",
                connection,
                transaction);
            command.Parameters.AddWithValue("hash", keyHash);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("label", label);
            command.Parameters.AddWithValue("now", now);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM api_keys", connection);
            return checked((int)(long)(await command.ExecuteScalarAsync(token))!);
        }, cancellationToken);
}
