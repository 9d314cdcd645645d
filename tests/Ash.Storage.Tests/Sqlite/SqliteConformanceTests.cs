using Ash.Storage.Tests.Conformance;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Sqlite;

public sealed class SqliteAgentStoreTests() : AgentStoreConformance(new SqliteBackend());

public sealed class SqliteAgentVersionStoreTests() : AgentVersionStoreConformance(new SqliteBackend());

public sealed class SqliteAgentConfigStoreTests() : AgentConfigStoreConformance(new SqliteBackend());

public sealed class SqliteApiKeyStoreTests() : ApiKeyStoreConformance(new SqliteBackend());

public sealed class SqliteAttachmentStoreTests() : AttachmentStoreConformance(new SqliteBackend());
public sealed class SqliteBudgetStoreTests() : BudgetStoreConformance(new SqliteBackend());

public sealed class SqliteCredentialStoreTests() : CredentialStoreConformance(new SqliteBackend());

public sealed class SqliteEventLogTests() : EventLogConformance(new SqliteBackend());

public sealed class SqliteLifecycleStoreTests() : LifecycleStoreConformance(new SqliteBackend());

public sealed class SqliteMessageStoreTests() : MessageStoreConformance(new SqliteBackend());

public sealed class SqliteReminderStoreTests() : ReminderStoreConformance(new SqliteBackend());

public sealed class SqliteSessionStoreTests() : SessionStoreConformance(new SqliteBackend());

public sealed class SqliteSessionOwnershipTests() : SessionOwnershipConformance(new SqliteBackend());

public sealed class SqliteTenantStoreTests() : TenantStoreConformance(new SqliteBackend());

public sealed class SqliteQueueStoreTests() : QueueStoreConformance(new SqliteBackend());
public sealed class SqliteUsageStoreTests() : UsageStoreConformance(new SqliteBackend());
