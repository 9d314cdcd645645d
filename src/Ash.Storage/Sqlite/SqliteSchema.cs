namespace Ash.Storage.Sqlite;

/// <summary>Ordered migrations; each runs once, in one transaction, recorded in schema_migrations.</summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE agents (
            id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            path TEXT NOT NULL,
            env TEXT NOT NULL,
            model TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (tenant_id, name)
        );
        CREATE TABLE sessions (
            id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            agent_name TEXT NOT NULL,
            sandbox_id TEXT NOT NULL,
            status TEXT NOT NULL,
            runner_id TEXT NULL,
            parent_session_id TEXT NULL,
            created_at TEXT NOT NULL,
            last_active_at TEXT NOT NULL,
            options TEXT NOT NULL
        );
        CREATE INDEX sessions_by_tenant ON sessions (tenant_id, created_at DESC, id DESC);
        CREATE INDEX sessions_by_status ON sessions (status);
        CREATE TABLE messages (
            id TEXT NOT NULL PRIMARY KEY,
            session_id TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (session_id, sequence)
        );
        CREATE TABLE events (
            session_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            turn INTEGER NOT NULL,
            tenant_id TEXT NOT NULL,
            type TEXT NOT NULL,
            data TEXT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (session_id, sequence)
        ) WITHOUT ROWID;
        CREATE TABLE api_keys (
            key_hash TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            label TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
        """
        ALTER TABLE sessions ADD COLUMN running_turn INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX sessions_open_turns ON sessions (running_turn) WHERE running_turn > 0;
        CREATE INDEX sessions_by_tenant_agent ON sessions (tenant_id, agent_name, created_at DESC, id DESC);
        CREATE TABLE session_operations (
            session_id TEXT NOT NULL PRIMARY KEY,
            operation TEXT NOT NULL,
            step INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            data TEXT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_error TEXT NULL
        );
        CREATE TABLE reminders (
            actor_type TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            name TEXT NOT NULL,
            due_at TEXT NOT NULL,
            data TEXT NULL,
            PRIMARY KEY (actor_type, actor_id, name)
        );
        CREATE INDEX reminders_by_due ON reminders (due_at);
        """,
        """
        ALTER TABLE sessions ADD COLUMN log_bytes INTEGER NOT NULL DEFAULT 0;
        """,
        // The event log was a WITHOUT ROWID table, whose b-tree keeps at most ~1 KB of a row in the page: every
        // larger event (most raw messages) took a whole 4 KB overflow page for its tail, ~4x the bytes stored
        // (issue 12 measured 260 MiB for a 40 MiB turn). A rowid table keeps rows up to ~4 KB in place.
        """
        CREATE TABLE events_rows (
            session_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            turn INTEGER NOT NULL,
            tenant_id TEXT NOT NULL,
            type TEXT NOT NULL,
            data TEXT NULL,
            created_at TEXT NOT NULL
        );
        INSERT INTO events_rows (session_id, sequence, turn, tenant_id, type, data, created_at)
            SELECT session_id, sequence, turn, tenant_id, type, data, created_at FROM events ORDER BY session_id, sequence;
        DROP TABLE events;
        ALTER TABLE events_rows RENAME TO events;
        CREATE UNIQUE INDEX events_by_session ON events (session_id, sequence);
        """,
        """
        CREATE TABLE attachments (
            id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            message_id TEXT NULL,
            filename TEXT NOT NULL,
            mime_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            content BLOB NOT NULL
        );
        CREATE INDEX attachments_by_session ON attachments (tenant_id, session_id, created_at);
        """,
        // Issue 13: the history keeps Ash's shapes, which Ash's clients look for when they show a reopened session:
        // user rows {"type":"user","content":…}, assistant rows the agent's whole assistant message (rows stored
        // before held only the content, and only the inner message).
        """
        UPDATE messages SET content = '{"type":"user","content":' || content || '}' WHERE role = 'user';
        UPDATE messages SET content = '{"type":"assistant","message":' || content || '}' WHERE role = 'assistant';
        """,
        // Agent versions (issue 13): each holds content and settings; the agent row points at the active one, and a
        // session at the version it was created with. Every agent deployed before gets its current state as a version.
        """
        CREATE TABLE agent_versions (
            id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            agent_name TEXT NOT NULL,
            version_number INTEGER NOT NULL,
            name TEXT NOT NULL,
            system_prompt TEXT NULL,
            release_notes TEXT NULL,
            knowledge_files TEXT NULL,
            created_by TEXT NULL,
            path TEXT NOT NULL,
            env TEXT NOT NULL,
            model TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            UNIQUE (tenant_id, agent_name, version_number)
        );
        INSERT INTO agent_versions (id, tenant_id, agent_name, version_number, name, path, env, model, created_at, updated_at)
            SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
                   tenant_id, name, version, 'v' || version, path, env, model, updated_at, updated_at
            FROM (SELECT hex(randomblob(16)) AS h, * FROM agents);
        ALTER TABLE sessions ADD COLUMN agent_version_id TEXT NULL;
        UPDATE sessions SET agent_version_id = (
            SELECT v.id FROM agents a JOIN agent_versions v ON v.tenant_id = a.tenant_id AND v.agent_name = a.name AND v.version_number = a.version
            WHERE a.tenant_id = sessions.tenant_id AND a.name = sessions.agent_name);
        """,
        // Issue 13: the queue of batch jobs (docs/api.md, "Queue").
        """
        CREATE TABLE queue_items (
            id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            session_id TEXT NULL,
            owns_session INTEGER NOT NULL DEFAULT 0,
            agent_name TEXT NOT NULL,
            prompt TEXT NOT NULL,
            status TEXT NOT NULL,
            priority INTEGER NOT NULL,
            retry_count INTEGER NOT NULL,
            max_retries INTEGER NOT NULL,
            error TEXT NULL,
            result TEXT NULL,
            created_at TEXT NOT NULL,
            started_at TEXT NULL,
            completed_at TEXT NULL,
            retry_after TEXT NULL,
            lease_until TEXT NULL
        );
        CREATE INDEX queue_by_tenant ON queue_items (tenant_id, created_at DESC, id DESC);
        CREATE INDEX queue_by_tenant_status ON queue_items (tenant_id, status, created_at DESC, id DESC);
        CREATE INDEX queue_due ON queue_items (status, retry_after);
        CREATE INDEX queue_tenant_starts ON queue_items (tenant_id, started_at);
        """,
        // Issue 13: keys get an id (what listing and revocation name, never the hash) and the prefix a listing
        // shows; tenants get a row (created, disabled) of their own, seeded from the keys' owners.
        """
        CREATE TABLE api_keys_v2 (
            id TEXT NOT NULL PRIMARY KEY,
            key_hash TEXT NOT NULL UNIQUE,
            tenant_id TEXT NOT NULL,
            label TEXT NOT NULL,
            key_prefix TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        INSERT INTO api_keys_v2 (id, key_hash, tenant_id, label, key_prefix, created_at)
            SELECT lower(substr(r, 1, 8) || '-' || substr(r, 9, 4) || '-4' || substr(r, 14, 3) || '-8' || substr(r, 18, 3) || '-' || substr(r, 21, 12)),
                   key_hash, tenant_id, label, '••••••••', created_at
            FROM (SELECT hex(randomblob(16)) AS r, key_hash, tenant_id, label, created_at FROM api_keys);
        DROP TABLE api_keys;
        ALTER TABLE api_keys_v2 RENAME TO api_keys;
        CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at);
        CREATE TABLE tenants (
            id TEXT NOT NULL PRIMARY KEY,
            label TEXT NOT NULL,
            created_at TEXT NOT NULL,
            disabled_at TEXT NULL
        );
        INSERT INTO tenants (id, label, created_at, disabled_at)
            SELECT tenant_id, '', MIN(created_at), NULL FROM api_keys GROUP BY tenant_id;
        """,
        // Tenants' model credentials (issue 13): the key only as sealed by the server's key ring, which lives outside the database.
        """
        CREATE TABLE credentials (
            id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            type TEXT NOT NULL,
            label TEXT NOT NULL,
            sealed_key TEXT NOT NULL,
            base_url TEXT NULL,
            active INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            last_used_at TEXT NULL
        );
        CREATE INDEX credentials_by_tenant ON credentials (tenant_id, created_at DESC, id DESC);
        """,
        // Agent env values sealed at rest (issue 13): rows written from now on are sealed (the default); rows from before are
        // marked 0 until the start-up pass seals them.
        """
        ALTER TABLE agents ADD COLUMN env_sealed INTEGER NOT NULL DEFAULT 1;
        UPDATE agents SET env_sealed = 0;
        ALTER TABLE agent_versions ADD COLUMN env_sealed INTEGER NOT NULL DEFAULT 1;
        UPDATE agent_versions SET env_sealed = 0;
        """,
        // What each model request used, recorded by the model proxy (issue 13): one row per Ash usage event type.
        """
        CREATE TABLE usage_events (
            id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            agent_name TEXT NOT NULL,
            event_type TEXT NOT NULL,
            value REAL NOT NULL,
            model TEXT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX usage_events_by_tenant ON usage_events (tenant_id, created_at DESC, id DESC);
        CREATE INDEX usage_events_by_session ON usage_events (session_id, created_at DESC);
        """,
        // Budgets (issue 13): a USD limit per tenant, agent or session (target '' for the tenant). The index serves the
        // tenant's and an agent's cost sums (event_type = 'cost_usd'); a session's is served by usage_events_by_session.
        """
        CREATE TABLE budgets (
            tenant_id TEXT NOT NULL,
            scope TEXT NOT NULL,
            target TEXT NOT NULL,
            limit_usd REAL NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant_id, scope, target)
        ) WITHOUT ROWID;
        CREATE INDEX usage_events_cost ON usage_events (tenant_id, event_type, agent_name);
        """,
        // The owner fence (issue 16): each activation of a session's actor takes a new epoch; a fenced write checks it.
        """
        ALTER TABLE sessions ADD COLUMN owner_epoch INTEGER NOT NULL DEFAULT 0;
        """,
        // Issue 16: each version keeps its ash.json as its deploy parsed it, so sessions never read it from disk. Versions
        // stored before hold NULL until the start-up pass parses their folder (IAgentStore.FillMissingConfigAsync).
        """
        ALTER TABLE agent_versions ADD COLUMN config TEXT NULL;
        """,
    ];
}
