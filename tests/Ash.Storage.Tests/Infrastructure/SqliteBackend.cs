using Ash.Storage.Sqlite;

namespace Ash.Storage.Tests.Infrastructure;

/// <summary>A new SQLite file in a temporary directory per store set.</summary>
public sealed class SqliteBackend : StoreBackend
{
    public override async Task<StoreSet> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("ash-sqlite-");
        var database = await SqliteDatabase.OpenAsync(Path.Combine(directory.FullName, "ash.db"), fullSync: false, cancellationToken);
        var time = TimeProvider.System;
        return new StoreSet(
            new SqliteAgentStore(database, time),
            new SqliteSessionStore(database),
            new SqliteMessageStore(database, time),
            new SqliteEventLog(database),
            new SqliteApiKeyStore(database, time),
            new SqliteLifecycleStore(database),
            new SqliteReminderStore(database),
            new SqliteAttachmentStore(database),
            async () =>
            {
                await database.DisposeAsync();
                directory.Delete(recursive: true);
            })
        {
            Tenants = new SqliteTenantStore(database),
            Queue = new SqliteQueueStore(database),
            Credentials = new SqliteCredentialStore(database),
            Usage = new SqliteUsageStore(database),
            Budgets = new SqliteBudgetStore(database),
            ExecuteSqlAsync = sql => database.WriteAsync(async (connection, transaction, token) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync(token);
            }, CancellationToken.None),
        };
    }
}
