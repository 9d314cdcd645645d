using Ash.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Tests.Infrastructure;

/// <summary>A SQLite database file of one test, opened again and changed by hand as an earlier version left it; removed at the end.</summary>
public sealed class SqliteScratchFile(string prefix) : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory(prefix);

    public string File => Path.Combine(_directory.FullName, "ash.db");

    public Task<SqliteDatabase> OpenAsync(CancellationToken cancellationToken) =>
        SqliteDatabase.OpenAsync(File, fullSync: false, TimeSpan.FromSeconds(5), cancellationToken);

    /// <summary>Runs SQL on the file outside the store (no pooled connection is left behind).</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={File};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
