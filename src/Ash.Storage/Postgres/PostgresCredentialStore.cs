using Ash.Core.Credentials;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

public sealed class PostgresCredentialStore(PostgresDatabase database) : ICredentialStore
{
    private const string Columns = "id, tenant_id, type, label, sealed_key, base_url, active, created_at, last_used_at";

    /// <remarks>ON CONFLICT DO NOTHING: a retry after a lost acknowledgement finds its own row already there.</remarks>
    public Task AddAsync(Credential credential, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"INSERT INTO credentials ({Columns}) VALUES (@id, @tenant, @type, @label, @key, @url, @active, @created, NULL) ON CONFLICT (id) DO NOTHING",
                connection,
                transaction);
            command.Parameters.AddWithValue("id", credential.Id);
            command.Parameters.AddWithValue("tenant", credential.TenantId);
            command.Parameters.AddWithValue("type", credential.Type);
            command.Parameters.AddWithValue("label", credential.Label);
            command.Parameters.AddWithValue("key", credential.SealedKey);
            command.Parameters.AddWithValue("url", NpgsqlDbType.Text, (object?)credential.BaseUrl ?? DBNull.Value);
            command.Parameters.AddWithValue("active", credential.Active);
            command.Parameters.AddWithValue("created", credential.CreatedAt.ToUniversalTime());
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public Task<IReadOnlyList<Credential>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Credential>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM credentials WHERE tenant_id = @tenant ORDER BY created_at DESC, id DESC", connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            await using var reader = await command.ExecuteReaderAsync(token);
            var credentials = new List<Credential>();
            while (await reader.ReadAsync(token))
            {
                credentials.Add(Read(reader));
            }

            return credentials;
        }, cancellationToken);

    public Task<Credential?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM credentials WHERE id = @id AND tenant_id = @tenant", connection);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("tenant", tenantId);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? Read(reader) : null;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM credentials WHERE id = @id AND tenant_id = @tenant", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("tenant", tenantId);
            return await command.ExecuteNonQueryAsync(token) > 0;
        }, cancellationToken);

    public Task MarkUsedAsync(string tenantId, Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand("UPDATE credentials SET last_used_at = @at WHERE id = @id AND tenant_id = @tenant", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("at", at.ToUniversalTime());
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    private static Credential Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetBoolean(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));
}
