using Ash.Core.Agents;
using Ash.Core.Attachments;
using Ash.Core.Auth;
using Ash.Core.Budgets;
using Ash.Core.Credentials;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Queue;
using Ash.Core.Reminders;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Usage;
using Ash.Storage.Postgres;
using Ash.Storage.Sqlite;

namespace Ash.Server.Hosting;

/// <summary>
/// Opens the configured database (running its migrations) and registers its stores.
/// <c>Ash:Database</c> (<c>--database</c>, <c>ASH_DATABASE_URL</c>): a <c>postgres://</c> URL or an
/// Npgsql connection string selects PostgreSQL; a path (or <c>sqlite:</c>path) selects that SQLite
/// file; empty means SQLite at <c>&lt;data&gt;/ash.db</c>.
/// </summary>
internal static class StorageServices
{
    public static async Task AddStorageAsync(this IServiceCollection services, string? database, string dataDirectory, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        if (IsPostgres(database))
        {
            var postgres = await PostgresDatabase.OpenAsync(database!, busyTimeout, cancellationToken);
            services.AddSingleton(_ => postgres);
            services.AddSingleton<IAgentStore, PostgresAgentStore>();
            services.AddSingleton<ISessionStore, PostgresSessionStore>();
            services.AddSingleton<IMessageStore, PostgresMessageStore>();
            services.AddSingleton<IEventLog, PostgresEventLog>();
            services.AddSingleton<IApiKeyStore, PostgresApiKeyStore>();
            services.AddSingleton<ITenantStore, PostgresTenantStore>();
            services.AddSingleton<ICredentialStore, PostgresCredentialStore>();
            services.AddSingleton<IUsageStore, PostgresUsageStore>();
            services.AddSingleton<IBudgetStore, PostgresBudgetStore>();
            services.AddSingleton<ILifecycleStore, PostgresLifecycleStore>();
            services.AddSingleton<IReminderStore, PostgresReminderStore>();
            services.AddSingleton<IAttachmentStore, PostgresAttachmentStore>();
            services.AddSingleton<IQueueStore, PostgresQueueStore>();
            services.AddSingleton(new StorageKind("postgres"));
            return;
        }

        var path = string.IsNullOrWhiteSpace(database)
            ? Path.Combine(dataDirectory, "ash.db")
            : Path.GetFullPath(database.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? database["sqlite:".Length..] : database);
        var sqlite = await SqliteDatabase.OpenAsync(path, fullSync: false, busyTimeout, cancellationToken);
        services.AddSingleton(_ => sqlite);
        services.AddSingleton<IAgentStore, SqliteAgentStore>();
        services.AddSingleton<ISessionStore, SqliteSessionStore>();
        services.AddSingleton<IMessageStore, SqliteMessageStore>();
        services.AddSingleton<IEventLog, SqliteEventLog>();
        services.AddSingleton<IApiKeyStore, SqliteApiKeyStore>();
        services.AddSingleton<ITenantStore, SqliteTenantStore>();
        services.AddSingleton<ICredentialStore, SqliteCredentialStore>();
        services.AddSingleton<IUsageStore, SqliteUsageStore>();
        services.AddSingleton<IBudgetStore, SqliteBudgetStore>();
        services.AddSingleton<ILifecycleStore, SqliteLifecycleStore>();
        services.AddSingleton<IReminderStore, SqliteReminderStore>();
        services.AddSingleton<IAttachmentStore, SqliteAttachmentStore>();
        services.AddSingleton<IQueueStore, SqliteQueueStore>();
        services.AddSingleton(new StorageKind("sqlite"));
    }

    private static bool IsPostgres(string? database) =>
        database is { Length: > 0 }
        && (database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || database.Contains("Host=", StringComparison.OrdinalIgnoreCase));
}
