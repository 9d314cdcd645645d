using Npgsql;

namespace Ash.Testing.Server;

/// <summary>How much disk a test server's database takes: the SQLite file (its write-ahead log checkpointed first), or PostgreSQL's own count.</summary>
public static class DatabaseSize
{
    public static async Task<long> OfAsync(TestServer server)
    {
        if (server.Database is { } url && TestDatabase.IsPostgres)
        {
            await using var connection = new NpgsqlConnection(Ash.Storage.Postgres.PostgresConnectionString.Parse(url).ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        // The write-ahead log holds pages on their way into the file: fold it in first, so nothing counts twice.
        var file = server.Database ?? Path.Combine(server.DataDirectory, "ash.db");
        await using (var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
        {
            await sqlite.OpenAsync();
            await using var checkpoint = sqlite.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        return new[] { file, file + "-wal" }.Where(File.Exists).Sum(path => new FileInfo(path).Length);
    }
}
