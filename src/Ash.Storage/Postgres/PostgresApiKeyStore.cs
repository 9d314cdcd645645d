using Ash.Core.Auth;
using Npgsql;

namespace Ash.Storage.Postgres;

public sealed class PostgresApiKeyStore(PostgresDatabase database, TimeProvider time) : IApiKeyStore
{
    /// <summary>A key authenticates while it exists and its tenant is not disabled.</summary>
    private const string LiveKey =
        "NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = k.tenant_id AND t.disabled_at IS NOT NULL)";

    public async Task<string?> FindTenantAsync(string keyHash, CancellationToken cancellationToken) =>
        (await FindAsync(keyHash, cancellationToken))?.TenantId;

    public Task<ApiKeyOwner?> FindAsync(string keyHash, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT k.id, k.tenant_id FROM api_keys k WHERE k.key_hash = @hash AND {LiveKey}", connection);
            command.Parameters.AddWithValue("hash", keyHash);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? new ApiKeyOwner(reader.GetGuid(0), reader.GetString(1)) : null;
        }, cancellationToken);

    public Task AddAsync(string tenantId, string keyHash, string label, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        var id = Guid.NewGuid();
        return database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("INSERT INTO tenants (id, label, created_at, disabled_at) VALUES (@tenant, '', @now, NULL) ON CONFLICT (id) DO NOTHING")
                    {
                        Parameters = { new("tenant", tenantId), new("now", now) },
                    },
                    new NpgsqlBatchCommand(
                        "INSERT INTO api_keys (id, key_hash, tenant_id, label, key_prefix, created_at) VALUES (@id, @hash, @tenant, @label, @prefix, @now) ON CONFLICT DO NOTHING")
                    {
                        Parameters =
                        {
                            new("id", id), new("hash", keyHash), new("tenant", tenantId), new("label", label),
                            new("prefix", ApiKeyHash.HiddenPrefix), new("now", now),
                        },
                    },
                },
            };
            await batch.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    public Task<bool> CreateAsync(ApiKeyRecord key, string keyHash, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            // FOR SHARE holds off a concurrent disable of the tenant until this key is committed (and then deleted with the rest).
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO api_keys (id, key_hash, tenant_id, label, key_prefix, created_at)
                SELECT @id, @hash, @tenant, @label, @prefix, @created
                WHERE EXISTS (SELECT 1 FROM tenants WHERE id = @tenant AND disabled_at IS NULL FOR SHARE)
                ON CONFLICT (id) DO NOTHING
                """,
                connection,
                transaction);
            Bind(command, key, keyHash);
            if (await command.ExecuteNonQueryAsync(token) == 1)
            {
                return true;
            }

            // A retry after a lost acknowledgement finds its own row: that is success too.
            await using var existing = new NpgsqlCommand("SELECT 1 FROM api_keys WHERE id = @id AND key_hash = @hash", connection, transaction);
            existing.Parameters.AddWithValue("id", key.Id);
            existing.Parameters.AddWithValue("hash", keyHash);
            return await existing.ExecuteScalarAsync(token) is not null;
        }, cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ApiKeyRecord>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT id, tenant_id, label, key_prefix, created_at FROM api_keys WHERE tenant_id = @tenant ORDER BY created_at, id", connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            await using var reader = await command.ExecuteReaderAsync(token);
            var keys = new List<ApiKeyRecord>();
            while (await reader.ReadAsync(token))
            {
                keys.Add(new ApiKeyRecord(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }

            return keys;
        }, cancellationToken);

    public Task<KeyRevocation> RevokeAsync(string tenantId, Guid keyId, bool keepLastKey, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            // Locking the tenant's keys serializes two revocations of its last two keys: the second sees one left.
            await using var locked = new NpgsqlCommand("SELECT id FROM api_keys WHERE tenant_id = @tenant FOR UPDATE", connection, transaction);
            locked.Parameters.AddWithValue("tenant", tenantId);
            var total = 0;
            var found = false;
            await using (var reader = await locked.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    total++;
                    found |= reader.GetGuid(0) == keyId;
                }
            }

            if (!found)
            {
                return KeyRevocation.NotFound;
            }

            if (keepLastKey && total == 1)
            {
                return KeyRevocation.LastKey;
            }

            await using var delete = new NpgsqlCommand("DELETE FROM api_keys WHERE id = @id AND tenant_id = @tenant", connection, transaction);
            delete.Parameters.AddWithValue("id", keyId);
            delete.Parameters.AddWithValue("tenant", tenantId);
            await delete.ExecuteNonQueryAsync(token);
            return KeyRevocation.Revoked;
        }, cancellationToken);

    public Task<IReadOnlySet<Guid>> LiveAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken)
    {
        if (keyIds.Count == 0)
        {
            return Task.FromResult<IReadOnlySet<Guid>>(new HashSet<Guid>());
        }

        var ids = keyIds.ToArray();
        return database.ReadAsync<IReadOnlySet<Guid>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT k.id FROM api_keys k WHERE k.id = ANY(@ids) AND {LiveKey}", connection);
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(token);
            var live = new HashSet<Guid>();
            while (await reader.ReadAsync(token))
            {
                live.Add(reader.GetGuid(0));
            }

            return live;
        }, cancellationToken);
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM api_keys", connection);
            return checked((int)(long)(await command.ExecuteScalarAsync(token))!);
        }, cancellationToken);

    internal static void Bind(NpgsqlCommand command, ApiKeyRecord key, string keyHash)
    {
        command.Parameters.AddWithValue("id", key.Id);
        command.Parameters.AddWithValue("hash", keyHash);
        command.Parameters.AddWithValue("tenant", key.TenantId);
        command.Parameters.AddWithValue("label", key.Label);
        command.Parameters.AddWithValue("prefix", key.KeyPrefix);
        command.Parameters.AddWithValue("created", key.CreatedAt.ToUniversalTime());
    }
}
