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
        // Agent env values sealed at rest (issue 13); rows from before stay 0 until the start-up pass seals them.
        """
        ALTER TABLE agents ADD COLUMN env_sealed INTEGER NOT NULL DEFAULT 0;
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
    ];
}
