using Ash.Storage.Postgres;
using Npgsql;

namespace Ash.Storage.Tests.Infrastructure;

/// <summary>SQL run on a test's PostgreSQL database outside the store, to leave it as an earlier version did.</summary>
public static class PostgresSql
{
    public static async Task ExecuteAsync(string url, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionString.Parse(url).ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
