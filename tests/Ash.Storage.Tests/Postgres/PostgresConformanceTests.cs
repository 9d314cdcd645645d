using Ash.Storage.Tests.Conformance;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Postgres;

public sealed class PostgresAgentStoreTests() : AgentStoreConformance(new PostgresBackend());

public sealed class PostgresAgentVersionStoreTests() : AgentVersionStoreConformance(new PostgresBackend());

public sealed class PostgresAgentConfigStoreTests() : AgentConfigStoreConformance(new PostgresBackend());

public sealed class PostgresApiKeyStoreTests() : ApiKeyStoreConformance(new PostgresBackend());

public sealed class PostgresAttachmentStoreTests() : AttachmentStoreConformance(new PostgresBackend());
public sealed class PostgresBudgetStoreTests() : BudgetStoreConformance(new PostgresBackend());

public sealed class PostgresCredentialStoreTests() : CredentialStoreConformance(new PostgresBackend());

public sealed class PostgresEventLogTests() : EventLogConformance(new PostgresBackend());

public sealed class PostgresLifecycleStoreTests() : LifecycleStoreConformance(new PostgresBackend());

public sealed class PostgresMessageStoreTests() : MessageStoreConformance(new PostgresBackend());

public sealed class PostgresReminderStoreTests() : ReminderStoreConformance(new PostgresBackend());

public sealed class PostgresSessionStoreTests() : SessionStoreConformance(new PostgresBackend());

public sealed class PostgresSessionOwnershipTests() : SessionOwnershipConformance(new PostgresBackend());

public sealed class PostgresTenantStoreTests() : TenantStoreConformance(new PostgresBackend());

public sealed class PostgresQueueStoreTests() : QueueStoreConformance(new PostgresBackend());
public sealed class PostgresUsageStoreTests() : UsageStoreConformance(new PostgresBackend());
