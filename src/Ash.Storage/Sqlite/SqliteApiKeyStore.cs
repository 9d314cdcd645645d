using System.Globalization;
using Ash.Core.Auth;

namespace Ash.Storage.Sqlite;

public sealed class SqliteApiKeyStore(SqliteDatabase database, TimeProvider time) : IApiKeyStore
{
    public async Task<string?> FindTenantAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant_id FROM api_keys WHERE key_hash = $hash";
        command.Parameters.AddWithValue("$hash", keyHash);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task AddAsync(string tenantId, string keyHash, string label, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR IGNORE INTO api_keys (key_hash, tenant_id, label, created_at) VALUES ($hash, $tenant, $label, $now)";
            command.Parameters.AddWithValue("$hash", keyHash);
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$label", label);
            command.Parameters.AddWithValue("$now", Timestamps.ToText(time.GetUtcNow()));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM api_keys";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
