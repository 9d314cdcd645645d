namespace Ash.Storage.Postgres;

/// <summary>
/// Ordered migrations, mirroring <c>Sqlite/SqliteSchema.cs</c> version for version; all pending ones run
/// in one transaction under an advisory lock, recorded in schema_migrations.
/// <c>agents.write_id</c> has no SQLite twin: it makes a retried upsert whose acknowledgement was lost a
/// no-op instead of a second version bump.
/// </summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE agents (
            id uuid NOT NULL PRIMARY KEY,
            tenant_id text NOT NULL,
            name text NOT NULL,
            version integer NOT NULL,
            path text NOT NULL,
            env text NOT NULL,
            model text NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            write_id uuid NOT NULL,
            UNIQUE (tenant_id, name)
        );
        CREATE TABLE sessions (
            id uuid NOT NULL PRIMARY KEY,
            tenant_id text NOT NULL,
            agent_name text NOT NULL,
            sandbox_id text NOT NULL,
            status text NOT NULL,
            runner_id text NULL,
            parent_session_id uuid NULL,
            created_at timestamptz NOT NULL,
            last_active_at timestamptz NOT NULL,
            options text NOT NULL
        );
        CREATE INDEX sessions_by_tenant ON sessions (tenant_id, created_at DESC, id DESC);
        CREATE INDEX sessions_by_status ON sessions (status);
        CREATE TABLE messages (
            id uuid NOT NULL PRIMARY KEY,
            session_id uuid NOT NULL,
            tenant_id text NOT NULL,
            role text NOT NULL,
            content text NOT NULL,
            sequence bigint NOT NULL,
            created_at timestamptz NOT NULL,
            UNIQUE (session_id, sequence)
        );
        CREATE TABLE events (
            session_id uuid NOT NULL,
            sequence bigint NOT NULL,
            turn bigint NOT NULL,
            tenant_id text NOT NULL,
            type text NOT NULL,
            data text NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (session_id, sequence)
        );
        CREATE TABLE api_keys (
            key_hash text NOT NULL PRIMARY KEY,
            tenant_id text NOT NULL,
            label text NOT NULL,
            created_at timestamptz NOT NULL
        );
        """,
        """
        ALTER TABLE sessions ADD COLUMN running_turn bigint NOT NULL DEFAULT 0;
        CREATE INDEX sessions_open_turns ON sessions (running_turn) WHERE running_turn > 0;
        CREATE INDEX sessions_by_tenant_agent ON sessions (tenant_id, agent_name, created_at DESC, id DESC);
        CREATE TABLE session_operations (
            session_id uuid NOT NULL PRIMARY KEY,
            operation text NOT NULL,
            step integer NOT NULL,
            attempt integer NOT NULL,
            data text NULL,
            started_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            last_error text NULL
        );
        CREATE TABLE reminders (
            actor_type text NOT NULL,
            actor_id text NOT NULL,
            name text NOT NULL,
            due_at timestamptz NOT NULL,
            data text NULL,
            PRIMARY KEY (actor_type, actor_id, name)
        );
        CREATE INDEX reminders_by_due ON reminders (due_at);
        """,
        """
        ALTER TABLE sessions ADD COLUMN log_bytes bigint NOT NULL DEFAULT 0;
        """,
        """
        CREATE TABLE credentials (
            id uuid NOT NULL PRIMARY KEY,
            tenant_id text NOT NULL,
            type text NOT NULL,
            label text NOT NULL,
            sealed_key text NOT NULL,
            base_url text NULL,
            active boolean NOT NULL,
            created_at timestamptz NOT NULL,
            last_used_at timestamptz NULL
        );
        CREATE INDEX credentials_by_tenant ON credentials (tenant_id, created_at DESC, id DESC);
        """,
        """
        ALTER TABLE agents ADD COLUMN env_sealed boolean NOT NULL DEFAULT false;
        """,
        """
        CREATE TABLE usage_events (
            id uuid NOT NULL PRIMARY KEY,
            tenant_id text NOT NULL,
            session_id uuid NOT NULL,
            agent_name text NOT NULL,
            event_type text NOT NULL,
            value double precision NOT NULL,
            model text NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX usage_events_by_tenant ON usage_events (tenant_id, created_at DESC, id DESC);
        CREATE INDEX usage_events_by_session ON usage_events (session_id, created_at DESC);
        """,
    ];
}
