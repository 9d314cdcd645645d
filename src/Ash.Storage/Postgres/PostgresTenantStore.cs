using Ash.Core.Auth;
using Npgsql;

namespace Ash.Storage.Postgres;

public sealed class PostgresTenantStore(PostgresDatabase database) : ITenantStore
{
    public Task<TenantCreation> CreateAsync(TenantRecord tenant, ApiKeyRecord firstKey, string keyHash, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO tenants (id, label, created_at, disabled_at) VALUES (@tenant, @tenantLabel, @tenantCreated, NULL) ON CONFLICT (id) DO NOTHING",
                connection,
                transaction);
            insert.Parameters.AddWithValue("tenant", tenant.Id);
            insert.Parameters.AddWithValue("tenantLabel", tenant.Label);
            insert.Parameters.AddWithValue("tenantCreated", tenant.CreatedAt.ToUniversalTime());
            if (await insert.ExecuteNonQueryAsync(token) == 0)
            {
                // A retry after a lost acknowledgement finds its own first key: that is success too.
                await using var own = new NpgsqlCommand("SELECT 1 FROM api_keys WHERE id = @id AND key_hash = @hash", connection, transaction);
                own.Parameters.AddWithValue("id", firstKey.Id);
                own.Parameters.AddWithValue("hash", keyHash);
                return await own.ExecuteScalarAsync(token) is null ? TenantCreation.Exists : TenantCreation.Created;
            }

            await using var key = new NpgsqlCommand(
                "INSERT INTO api_keys (id, key_hash, tenant_id, label, key_prefix, created_at) VALUES (@id, @hash, @tenant, @label, @prefix, @created)",
                connection,
                transaction);
            PostgresApiKeyStore.Bind(key, firstKey, keyHash);
            await key.ExecuteNonQueryAsync(token);
            return TenantCreation.Created;
        }, cancellationToken);

    public Task<TenantRecord?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT id, label, created_at, disabled_at FROM tenants WHERE id = @tenant", connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? Read(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<TenantRecord>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT id, label, created_at, disabled_at FROM tenants ORDER BY created_at, id", connection);
            await using var reader = await command.ExecuteReaderAsync(token);
            var tenants = new List<TenantRecord>();
            while (await reader.ReadAsync(token))
            {
                tenants.Add(Read(reader));
            }

            return tenants;
        }, cancellationToken);

    public Task<IReadOnlyList<Guid>?> DisableAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<Guid>?>(async (connection, transaction, token) =>
        {
            // The row lock waits for a key being created under FOR SHARE, so that key is deleted here too.
            await using var mark = new NpgsqlCommand(
                "UPDATE tenants SET disabled_at = COALESCE(disabled_at, @at) WHERE id = @tenant",
                connection,
                transaction);
            mark.Parameters.AddWithValue("tenant", tenantId);
            mark.Parameters.AddWithValue("at", at.ToUniversalTime());
            if (await mark.ExecuteNonQueryAsync(token) == 0)
            {
                return null;
            }

            await using var delete = new NpgsqlCommand("DELETE FROM api_keys WHERE tenant_id = @tenant RETURNING id", connection, transaction);
            delete.Parameters.AddWithValue("tenant", tenantId);
            var deleted = new List<Guid>();
            await using var reader = await delete.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                deleted.Add(reader.GetGuid(0));
            }

            return deleted;
        }, cancellationToken);

    private static TenantRecord Read(NpgsqlDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3));
}
