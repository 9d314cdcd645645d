using Ash.Core.Auth;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteTenantStore(SqliteDatabase database) : ITenantStore
{
    public Task<TenantCreation> CreateAsync(TenantRecord tenant, ApiKeyRecord firstKey, string keyHash, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO tenants (id, label, created_at, disabled_at) VALUES ($tenant, $tenantLabel, $created, NULL)";
            insert.Parameters.AddWithValue("$tenant", tenant.Id);
            insert.Parameters.AddWithValue("$tenantLabel", tenant.Label);
            insert.Parameters.AddWithValue("$created", Timestamps.ToText(tenant.CreatedAt));
            if (await insert.ExecuteNonQueryAsync(token) == 0)
            {
                return TenantCreation.Exists;
            }

            using var key = connection.CreateCommand();
            key.Transaction = transaction;
            key.CommandText = "INSERT INTO api_keys (id, key_hash, tenant_id, label, key_prefix, created_at) VALUES ($id, $hash, $tenant, $label, $prefix, $created)";
            SqliteApiKeyStore.Bind(key, firstKey, keyHash);
            await key.ExecuteNonQueryAsync(token);
            return TenantCreation.Created;
        }, cancellationToken);

    public async Task<TenantRecord?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, label, created_at, disabled_at FROM tenants WHERE id = $tenant";
        command.Parameters.AddWithValue("$tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, label, created_at, disabled_at FROM tenants ORDER BY created_at, id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tenants = new List<TenantRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(Read(reader));
        }

        return tenants;
    }

    public Task<IReadOnlyList<Guid>?> DisableAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<Guid>?>(async (connection, transaction, token) =>
        {
            using var mark = connection.CreateCommand();
            mark.Transaction = transaction;
            mark.CommandText = "UPDATE tenants SET disabled_at = COALESCE(disabled_at, $at) WHERE id = $tenant";
            mark.Parameters.AddWithValue("$tenant", tenantId);
            mark.Parameters.AddWithValue("$at", Timestamps.ToText(at));
            if (await mark.ExecuteNonQueryAsync(token) == 0)
            {
                return null;
            }

            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM api_keys WHERE tenant_id = $tenant RETURNING id";
            delete.Parameters.AddWithValue("$tenant", tenantId);
            var deleted = new List<Guid>();
            await using var reader = await delete.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                deleted.Add(Guid.Parse(reader.GetString(0)));
            }

            return deleted;
        }, cancellationToken);

    private static TenantRecord Read(SqliteDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            Timestamps.Parse(reader.GetString(2)),
            reader.IsDBNull(3) ? null : Timestamps.Parse(reader.GetString(3)));
}
