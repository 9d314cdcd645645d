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
        CREATE TABLE attachments (
            id uuid NOT NULL PRIMARY KEY,
            tenant_id text NOT NULL,
            session_id uuid NOT NULL,
            message_id text NULL,
            filename text NOT NULL,
            mime_type text NOT NULL,
            size bigint NOT NULL,
            created_at timestamptz NOT NULL,
            content bytea NOT NULL
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
        """
        CREATE TABLE agent_versions (
            id uuid NOT NULL PRIMARY KEY,
            tenant_id text NOT NULL,
            agent_name text NOT NULL,
            version_number integer NOT NULL,
            name text NOT NULL,
            system_prompt text NULL,
            release_notes text NULL,
            knowledge_files text NULL,
            created_by text NULL,
            path text NOT NULL,
            env text NOT NULL,
            model text NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            UNIQUE (tenant_id, agent_name, version_number)
        );
        INSERT INTO agent_versions (id, tenant_id, agent_name, version_number, name, path, env, model, created_at, updated_at)
            SELECT gen_random_uuid(), tenant_id, name, version, 'v' || version, path, env, model, updated_at, updated_at FROM agents;
        ALTER TABLE sessions ADD COLUMN agent_version_id uuid NULL;
        UPDATE sessions SET agent_version_id = (
            SELECT v.id FROM agents a JOIN agent_versions v ON v.tenant_id = a.tenant_id AND v.agent_name = a.name AND v.version_number = a.version
            WHERE a.tenant_id = sessions.tenant_id AND a.name = sessions.agent_name);
        """,
        // Issue 13: the queue of batch jobs (docs/api.md, "Queue").
        """
        CREATE TABLE queue_items (
            id uuid NOT NULL PRIMARY KEY,
            tenant_id text NOT NULL,
            session_id uuid NULL,
            owns_session boolean NOT NULL DEFAULT false,
            agent_name text NOT NULL,
            prompt text NOT NULL,
            status text NOT NULL,
            priority integer NOT NULL,
            retry_count integer NOT NULL,
            max_retries integer NOT NULL,
            error text NULL,
            result text NULL,
            created_at timestamptz NOT NULL,
            started_at timestamptz NULL,
            completed_at timestamptz NULL,
            retry_after timestamptz NULL,
            lease_until timestamptz NULL
        );
        CREATE INDEX queue_by_tenant ON queue_items (tenant_id, created_at DESC, id DESC);
        CREATE INDEX queue_by_tenant_status ON queue_items (tenant_id, status, created_at DESC, id DESC);
        CREATE INDEX queue_due ON queue_items (status, retry_after);
        CREATE INDEX queue_tenant_starts ON queue_items (tenant_id, started_at);
        """,
        // Issue 13: keys get an id (what listing and revocation name, never the hash) and the prefix a listing
        // shows; tenants get a row (created, disabled) of their own, seeded from the keys' owners.
        """
        ALTER TABLE api_keys ADD COLUMN id uuid NULL;
        UPDATE api_keys SET id = gen_random_uuid();
        ALTER TABLE api_keys ALTER COLUMN id SET NOT NULL;
        ALTER TABLE api_keys ADD CONSTRAINT api_keys_id_key UNIQUE (id);
        ALTER TABLE api_keys ADD COLUMN key_prefix text NOT NULL DEFAULT '••••••••';
        CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at);
        CREATE TABLE tenants (
            id text NOT NULL PRIMARY KEY,
            label text NOT NULL,
            created_at timestamptz NOT NULL,
            disabled_at timestamptz NULL
        );
        INSERT INTO tenants (id, label, created_at, disabled_at)
            SELECT tenant_id, '', MIN(created_at), NULL FROM api_keys GROUP BY tenant_id;
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
        // Agent env values sealed at rest (issue 13): rows written from now on are sealed (the default); rows from before are
        // marked false until the start-up pass seals them.
        """
        ALTER TABLE agents ADD COLUMN env_sealed boolean NOT NULL DEFAULT true;
        UPDATE agents SET env_sealed = false;
        ALTER TABLE agent_versions ADD COLUMN env_sealed boolean NOT NULL DEFAULT true;
        UPDATE agent_versions SET env_sealed = false;
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
        // Budgets (issue 13): a USD limit per tenant, agent or session (target '' for the tenant). The index serves the
        // tenant's and an agent's cost sums (event_type = 'cost_usd'); a session's is served by usage_events_by_session.
        """
        CREATE TABLE budgets (
            tenant_id text NOT NULL,
            scope text NOT NULL,
            target text NOT NULL,
            limit_usd numeric NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, scope, target)
        );
        CREATE INDEX usage_events_cost ON usage_events (tenant_id, event_type, agent_name);
        """,
        // The owner fence (issue 16): each activation of a session's actor takes a new epoch; a fenced write checks it.
        """
        ALTER TABLE sessions ADD COLUMN owner_epoch bigint NOT NULL DEFAULT 0;
        """,
        // Issue 16: each version keeps its ash.json as its deploy parsed it, so sessions never read it from disk. Versions
        // stored before hold NULL until the start-up pass parses their folder (IAgentStore.FillMissingConfigAsync).
        """
        ALTER TABLE agent_versions ADD COLUMN config text NULL;
        """,
    ];
}
