using System.Globalization;
using Ash.Core.Auth;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteApiKeyStore(SqliteDatabase database, TimeProvider time) : IApiKeyStore
{
    /// <summary>A key authenticates while it exists and its tenant is not disabled.</summary>
    private const string LiveKey =
        "NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = k.tenant_id AND t.disabled_at IS NOT NULL)";

    public async Task<string?> FindTenantAsync(string keyHash, CancellationToken cancellationToken) =>
        (await FindAsync(keyHash, cancellationToken))?.TenantId;

    public async Task<ApiKeyOwner?> FindAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT k.id, k.tenant_id FROM api_keys k WHERE k.key_hash = $hash AND {LiveKey}";
        command.Parameters.AddWithValue("$hash", keyHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ApiKeyOwner(Guid.Parse(reader.GetString(0)), reader.GetString(1)) : null;
    }

    public Task AddAsync(string tenantId, string keyHash, string label, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var now = Timestamps.ToText(time.GetUtcNow());
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR IGNORE INTO tenants (id, label, created_at, disabled_at) VALUES ($tenant, '', $now, NULL);
                INSERT OR IGNORE INTO api_keys (id, key_hash, tenant_id, label, key_prefix, created_at) VALUES ($id, $hash, $tenant, $label, $prefix, $now);
                """;
            command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("D"));
            command.Parameters.AddWithValue("$hash", keyHash);
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$label", label);
            command.Parameters.AddWithValue("$prefix", ApiKeyHash.HiddenPrefix);
            command.Parameters.AddWithValue("$now", now);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<bool> CreateAsync(ApiKeyRecord key, string keyHash, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO api_keys (id, key_hash, tenant_id, label, key_prefix, created_at)
                SELECT $id, $hash, $tenant, $label, $prefix, $created
                WHERE EXISTS (SELECT 1 FROM tenants WHERE id = $tenant AND disabled_at IS NULL)
                """;
            Bind(command, key, keyHash);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, tenant_id, label, key_prefix, created_at FROM api_keys WHERE tenant_id = $tenant ORDER BY created_at, id";
        command.Parameters.AddWithValue("$tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKeyRecord(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3), Timestamps.Parse(reader.GetString(4))));
        }

        return keys;
    }

    public Task<KeyRevocation> RevokeAsync(string tenantId, Guid keyId, bool keepLastKey, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            // One immediate transaction: no other writer can delete the tenant's other key between the count and the delete.
            using var count = connection.CreateCommand();
            count.Transaction = transaction;
            count.CommandText = "SELECT COUNT(*), SUM(id = $id) FROM api_keys WHERE tenant_id = $tenant";
            count.Parameters.AddWithValue("$tenant", tenantId);
            count.Parameters.AddWithValue("$id", keyId.ToString("D"));
            long total;
            long matching;
            await using (var reader = await count.ExecuteReaderAsync(token))
            {
                await reader.ReadAsync(token);
                total = reader.GetInt64(0);
                matching = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
            }

            if (matching == 0)
            {
                return KeyRevocation.NotFound;
            }

            if (keepLastKey && total == 1)
            {
                return KeyRevocation.LastKey;
            }

            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM api_keys WHERE id = $id AND tenant_id = $tenant";
            delete.Parameters.AddWithValue("$tenant", tenantId);
            delete.Parameters.AddWithValue("$id", keyId.ToString("D"));
            await delete.ExecuteNonQueryAsync(token);
            return KeyRevocation.Revoked;
        }, cancellationToken);

    public async Task<IReadOnlySet<Guid>> LiveAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken)
    {
        var live = new HashSet<Guid>();
        if (keyIds.Count == 0)
        {
            return live;
        }

        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var names = new List<string>(keyIds.Count);
        foreach (var id in keyIds)
        {
            var name = "$k" + names.Count.ToString(CultureInfo.InvariantCulture);
            names.Add(name);
            command.Parameters.AddWithValue(name, id.ToString("D"));
        }

        command.CommandText = $"SELECT k.id FROM api_keys k WHERE k.id IN ({string.Join(", ", names)}) AND {LiveKey}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            live.Add(Guid.Parse(reader.GetString(0)));
        }

        return live;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM api_keys";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    internal static void Bind(SqliteCommand command, ApiKeyRecord key, string keyHash)
    {
        command.Parameters.AddWithValue("$id", key.Id.ToString("D"));
        command.Parameters.AddWithValue("$hash", keyHash);
        command.Parameters.AddWithValue("$tenant", key.TenantId);
        command.Parameters.AddWithValue("$label", key.Label);
        command.Parameters.AddWithValue("$prefix", key.KeyPrefix);
        command.Parameters.AddWithValue("$created", Timestamps.ToText(key.CreatedAt));
    }
}
