using Ash.Core.Agents;
using Ash.Core.Attachments;
using Ash.Core.Auth;
using Ash.Core.Credentials;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Queue;
using Ash.Core.Reminders;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Budgets;
using Ash.Core.Usage;

namespace Ash.Storage.Tests.Infrastructure;

/// <summary>Every storage port over one fresh, empty database; disposing it removes the database.</summary>
public sealed class StoreSet(
    IAgentStore agents,
    ISessionStore sessions,
    IMessageStore messages,
    IEventLog events,
    IApiKeyStore apiKeys,
    ILifecycleStore lifecycle,
    IReminderStore reminders,
    IAttachmentStore attachments,
    Func<ValueTask> dispose) : IAsyncDisposable
{
    public IAgentStore Agents { get; } = agents;

    public ISessionStore Sessions { get; } = sessions;

    public IMessageStore Messages { get; } = messages;

    public IEventLog Events { get; } = events;

    public IApiKeyStore ApiKeys { get; } = apiKeys;

    public required ITenantStore Tenants { get; init; }

    public ILifecycleStore Lifecycle { get; } = lifecycle;

    public IReminderStore Reminders { get; } = reminders;

    public IAttachmentStore Attachments { get; } = attachments;

    public required IQueueStore Queue { get; init; }

    public required ICredentialStore Credentials { get; init; }

    public required IUsageStore Usage { get; init; }

    public required IBudgetStore Budgets { get; init; }

    /// <summary>Runs SQL straight on the database, to set up rows an earlier version wrote.</summary>
    public required Func<string, Task> ExecuteSqlAsync { get; init; }

    public ValueTask DisposeAsync() => dispose();
}
