using System.Text;
using Ash.Core.Events;
using Ash.Storage.Sqlite;
using Ash.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Tests.Sqlite;

/// <summary>What the SQLite event log really keeps on disk (issue 12): a delta's data once, inside its raw message.</summary>
public sealed class SqliteEventStorageTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ash-sqlite-storage-");
    private SqliteDatabase _database = null!;

    private string File => Path.Combine(_directory.FullName, "ash.db");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await SqliteDatabase.OpenAsync(File, fullSync: false, Token);

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Deltas_AreStoredWithoutData_AndTheirMessagesWithIt()
    {
        var session = Guid.NewGuid();
        var pending = new List<PendingEvent>();
        for (var i = 0; i < 50; i++)
        {
            StreamJsonTranslator.Translate(Encoding.UTF8.GetBytes(
                """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"some text"}}}"""), true, pending);
        }

        await new SqliteEventLog(_database).AppendAsync(
            [.. pending.Select((e, i) => new SessionEvent(session, "t", i + 1, 1, e.Type, e.Data, DateTimeOffset.UnixEpoch) { DataInNextEvent = e.DataInNextEvent })],
            Token);

        await using var raw = await OpenRawAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT type, COUNT(*), SUM(data IS NULL) FROM events GROUP BY type ORDER BY type";
        await using var reader = await command.ExecuteReaderAsync(Token);
        var rows = new List<(string Type, long Count, long WithoutData)>();
        while (await reader.ReadAsync(Token))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        Assert.Equal([(EventTypes.Message, 50L, 0L), (EventTypes.TextDelta, 50L, 50L)], rows);
    }

    /// <summary>Data is bound as UTF-8 bytes (issue 14); it must still be stored as text, byte for byte, not as a blob.</summary>
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Data_BoundAsUtf8_IsStoredAsTheSameText()
    {
        var session = Guid.NewGuid();
        var data = """{"text":"Hé ☃ \"q\""}""";
        await new SqliteEventLog(_database).AppendAsync(
            [new SessionEvent(session, "t", 1, 1, EventTypes.Message, Encoding.UTF8.GetBytes(data), DateTimeOffset.UnixEpoch)],
            Token);

        await using var raw = await OpenRawAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT typeof(data), data FROM events";
        await using var reader = await command.ExecuteReaderAsync(Token);
        Assert.True(await reader.ReadAsync(Token));
        Assert.Equal("text", reader.GetString(0));
        Assert.Equal(data, reader.GetString(1));
    }

    /// <summary>A connection of its own to the database file, to look at the rows as SQLite holds them.</summary>
    private async Task<SqliteConnection> OpenRawAsync()
    {
        var raw = new SqliteConnection($"Data Source={File}");
        await raw.OpenAsync(Token);
        return raw;
    }
}
