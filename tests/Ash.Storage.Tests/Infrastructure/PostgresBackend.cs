using Ash.Storage.Postgres;
using Ash.Testing.Postgres;

namespace Ash.Storage.Tests.Infrastructure;

/// <summary>A new database on the process-wide throwaway PostgreSQL server per store set.</summary>
public sealed class PostgresBackend : StoreBackend
{
    public override async Task<StoreSet> OpenAsync(CancellationToken cancellationToken)
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(cancellationToken);
        var url = await server.CreateDatabaseAsync("conformance", cancellationToken);
        var database = await PostgresDatabase.OpenAsync(url, cancellationToken);
        var time = TimeProvider.System;
        return new StoreSet(
            new PostgresAgentStore(database, time),
            new PostgresSessionStore(database),
            new PostgresMessageStore(database, time),
            new PostgresEventLog(database),
            new PostgresApiKeyStore(database, time),
            new PostgresLifecycleStore(database),
            new PostgresReminderStore(database),
            new PostgresAttachmentStore(database),
            database.DisposeAsync)
        {
            Queue = new PostgresQueueStore(database),
            Tenants = new PostgresTenantStore(database),
            Credentials = new PostgresCredentialStore(database),
            Usage = new PostgresUsageStore(database),
            Budgets = new PostgresBudgetStore(database),
            ExecuteSqlAsync = sql => database.WriteAsync(async (connection, transaction, token) =>
            {
                await using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync(token);
            }, CancellationToken.None),
        };
    }
}
