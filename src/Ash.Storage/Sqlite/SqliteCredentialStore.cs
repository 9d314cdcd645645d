using Ash.Core.Credentials;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteCredentialStore(SqliteDatabase database) : ICredentialStore
{
    private const string Columns = "id, tenant_id, type, label, sealed_key, base_url, active, created_at, last_used_at";

    public Task AddAsync(Credential credential, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO credentials ({Columns}) VALUES ($id, $tenant, $type, $label, $key, $url, $active, $created, NULL)";
            command.Parameters.AddWithValue("$id", credential.Id.ToString("D"));
            command.Parameters.AddWithValue("$tenant", credential.TenantId);
            command.Parameters.AddWithValue("$type", credential.Type);
            command.Parameters.AddWithValue("$label", credential.Label);
            command.Parameters.AddWithValue("$key", credential.SealedKey);
            command.Parameters.AddWithValue("$url", (object?)credential.BaseUrl ?? DBNull.Value);
            command.Parameters.AddWithValue("$active", credential.Active);
            command.Parameters.AddWithValue("$created", Timestamps.ToText(credential.CreatedAt));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<IReadOnlyList<Credential>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM credentials WHERE tenant_id = $tenant ORDER BY created_at DESC, id DESC";
        command.Parameters.AddWithValue("$tenant", tenantId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var credentials = new List<Credential>();
        while (await reader.ReadAsync(cancellationToken))
        {
            credentials.Add(Read(reader));
        }

        return credentials;
    }

    public async Task<Credential?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM credentials WHERE id = $id AND tenant_id = $tenant";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$tenant", tenantId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public Task<bool> DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM credentials WHERE id = $id AND tenant_id = $tenant";
            command.Parameters.AddWithValue("$id", id.ToString("D"));
            command.Parameters.AddWithValue("$tenant", tenantId);
            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    public Task MarkUsedAsync(string tenantId, Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE credentials SET last_used_at = $at WHERE id = $id AND tenant_id = $tenant";
            command.Parameters.AddWithValue("$id", id.ToString("D"));
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$at", Timestamps.ToText(at));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    private static Credential Read(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetBoolean(6),
        Timestamps.Parse(reader.GetString(7)),
        reader.IsDBNull(8) ? null : Timestamps.Parse(reader.GetString(8)));
}
