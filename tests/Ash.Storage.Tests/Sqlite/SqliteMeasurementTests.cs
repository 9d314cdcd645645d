using System.Diagnostics.Metrics;
using Ash.Storage.Sqlite;
using Ash.Storage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Ash.Storage.Tests.Sqlite;

/// <summary>Database latency (issue 14): once measured, every read and every write transaction is one observation, tagged sqlite.</summary>
public sealed class SqliteMeasurementTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ash-sqlite-metrics-");
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private SqliteDatabase _database = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await SqliteDatabase.OpenAsync(Path.Combine(_directory.FullName, "ash.db"), fullSync: false, Token);

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _services.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReadsAndWrites_OnceMeasured_AreEachOneObservation()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricCollector<double>(factory, "Ash", StoreMetrics.CommandDuration);
        _database.MeasureWith(new StoreMetrics(factory, "sqlite"));

        await _database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(token);
        }, Token);
        await using (var connection = await _database.OpenReadAsync(Token))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(Token);
        }

        var measurements = collector.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.Single(measurements, m => m.ContainsTags(new KeyValuePair<string, object?>("db", "sqlite"), new KeyValuePair<string, object?>("kind", "write")));
        Assert.Single(measurements, m => m.ContainsTags(new KeyValuePair<string, object?>("db", "sqlite"), new KeyValuePair<string, object?>("kind", "read")));
        Assert.All(measurements, m => Assert.True(m.Value >= 0));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Reads_BeforeMeasuring_AreNotObserved()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricCollector<double>(factory, "Ash", StoreMetrics.CommandDuration);

        await using (await _database.OpenReadAsync(Token))
        {
        }

        Assert.Empty(collector.GetMeasurementSnapshot());
    }
}
