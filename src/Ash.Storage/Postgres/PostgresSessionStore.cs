using System.Text.Json;
using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Storage.Columns;
using Npgsql;
using NpgsqlTypes;

namespace Ash.Storage.Postgres;

public sealed class PostgresSessionStore(PostgresDatabase database) : ISessionStore
{
    private const string Columns = "id, tenant_id, agent_name, sandbox_id, status, runner_id, parent_session_id, created_at, last_active_at, options, agent_version_id";

    /// <summary>What a read returns: the inserted columns, then what only commits change.</summary>
    private const string ReadColumns = Columns + ", log_bytes";

    public Task InsertAsync(Session session, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var insert = new NpgsqlCommand(
                $"""
                INSERT INTO sessions ({Columns})
                VALUES (@id, @tenant, @agent, @sandbox, @status, @runner, @parent, @created, @active, @options, @version)
                ON CONFLICT (id) DO NOTHING
                """,
                connection,
                transaction);
            insert.Parameters.AddWithValue("id", session.Id);
            insert.Parameters.AddWithValue("tenant", session.TenantId);
            insert.Parameters.AddWithValue("agent", session.AgentName);
            insert.Parameters.AddWithValue("sandbox", session.SandboxId);
            insert.Parameters.AddWithValue("status", session.Status.ToWire());
            insert.Parameters.AddWithValue("runner", NpgsqlDbType.Text, (object?)session.RunnerId ?? DBNull.Value);
            insert.Parameters.AddWithValue("parent", NpgsqlDbType.Uuid, (object?)session.ParentSessionId ?? DBNull.Value);
            insert.Parameters.AddWithValue("created", session.CreatedAt.ToUniversalTime());
            insert.Parameters.AddWithValue("active", session.LastActiveAt.ToUniversalTime());
            insert.Parameters.AddWithValue("options", StoredColumns.Options(session.Options));
            insert.Parameters.AddWithValue("version", NpgsqlDbType.Uuid, session.AgentVersionId is { } version ? (object)Guid.Parse(version) : DBNull.Value);
            if (await insert.ExecuteNonQueryAsync(token) == 1)
            {
                return;
            }

            // The id exists: either this insert committed on an attempt whose acknowledgement was lost
            // (same tenant, agent, sandbox and creation time), or it is a different session.
            await using var check = new NpgsqlCommand(
                "SELECT 1 FROM sessions WHERE id = @id AND tenant_id = @tenant AND agent_name = @agent AND sandbox_id = @sandbox AND created_at = @created",
                connection,
                transaction);
            check.Parameters.AddWithValue("id", session.Id);
            check.Parameters.AddWithValue("tenant", session.TenantId);
            check.Parameters.AddWithValue("agent", session.AgentName);
            check.Parameters.AddWithValue("sandbox", session.SandboxId);
            check.Parameters.AddWithValue("created", session.CreatedAt.ToUniversalTime());
            if (await check.ExecuteScalarAsync(token) is null)
            {
                throw new InvalidOperationException($"Session {session.Id} already exists.");
            }
        }, cancellationToken);

    public Task<Session?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {ReadColumns} FROM sessions WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? Read(reader) : null;
        }, cancellationToken);

    public Task<SessionPage> ListAsync(string tenantId, SessionQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        return database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            var filters = "tenant_id = @tenant";
            command.Parameters.AddWithValue("tenant", tenantId);
            if (query.AgentName is not null)
            {
                filters += " AND agent_name = @agent";
                command.Parameters.AddWithValue("agent", query.AgentName);
            }

            if (query.Status is { } status)
            {
                filters += " AND status = @status";
                command.Parameters.AddWithValue("status", status.ToWire());
            }

            filters += PostgresNewestFirstPage.After(command, query.Cursor);
            command.CommandText = $"SELECT {ReadColumns} FROM sessions WHERE {filters} ORDER BY created_at DESC, id DESC LIMIT @limit";
            command.Parameters.AddWithValue("limit", query.Limit + 1);
            await using var reader = await command.ExecuteReaderAsync(token);
            var (sessions, next) = await PostgresNewestFirstPage.ReadAsync(reader, query.Limit, Read, session => (session.CreatedAt, session.Id), token);
            return new SessionPage(sessions, next);
        }, cancellationToken);
    }

    public Task CommitAsync(SessionCommit commit, IReadOnlyList<SessionEvent> events, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            // Every part is idempotent (absolute values, a delete, skip-if-present inserts), so a retry
            // after a lost acknowledgement changes nothing.
            await PostgresOwnerFence.CheckAsync(connection, transaction, commit.SessionId, commit.OwnerEpoch, token);
            await using (var update = new NpgsqlCommand(
                """
                UPDATE sessions SET last_active_at = @active,
                    status = COALESCE(@status, status),
                    running_turn = COALESCE(@turn, running_turn),
                    options = COALESCE(@options, options),
                    log_bytes = log_bytes + @logBytes
                WHERE id = @id
                """,
                connection,
                transaction))
            {
                update.Parameters.AddWithValue("id", commit.SessionId);
                update.Parameters.AddWithValue("active", commit.LastActiveAt.ToUniversalTime());
                update.Parameters.AddWithValue("status", NpgsqlDbType.Text, (object?)commit.Status?.ToWire() ?? DBNull.Value);
                update.Parameters.AddWithValue("turn", NpgsqlDbType.Bigint, (object?)commit.RunningTurn ?? DBNull.Value);
                update.Parameters.AddWithValue("logBytes", commit.AddedLogBytes);
                update.Parameters.AddWithValue("options", NpgsqlDbType.Text, commit.Options is { } options ? StoredColumns.Options(options) : DBNull.Value);
                await update.ExecuteNonQueryAsync(token);
            }

            if (commit.CompletesOperation)
            {
                await using var complete = new NpgsqlCommand("DELETE FROM session_operations WHERE session_id = @id", connection, transaction);
                complete.Parameters.AddWithValue("id", commit.SessionId);
                await complete.ExecuteNonQueryAsync(token);
            }

            await PostgresEventLog.InsertAsync(connection, transaction, events, token);
        }, cancellationToken);

    public Task<IReadOnlyList<OpenTurn>> ListOpenTurnsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<OpenTurn>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT id, tenant_id, running_turn FROM sessions WHERE running_turn > 0", connection);
            await using var reader = await command.ExecuteReaderAsync(token);
            var turns = new List<OpenTurn>();
            while (await reader.ReadAsync(token))
            {
                turns.Add(new OpenTurn(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)));
            }

            return turns;
        }, cancellationToken);

    public Task<SessionOwnership> TakeOwnershipAsync(Guid id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(
                "UPDATE sessions SET owner_epoch = owner_epoch + 1 WHERE id = @id RETURNING owner_epoch, running_turn", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? new SessionOwnership(reader.GetInt64(0), reader.GetInt64(1)) : default;
        }, cancellationToken);

    public Task<long> GetRunningTurnAsync(Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT running_turn FROM sessions WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            return await command.ExecuteScalarAsync(token) is long turn ? turn : 0L;
        }, cancellationToken);

    public Task<int> CountByStatusAsync(SessionStatus status, CancellationToken cancellationToken) => CountByStatusAsync([status], cancellationToken);

    public Task<int> CountByStatusAsync(IReadOnlyCollection<SessionStatus> statuses, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM sessions WHERE status = ANY(@statuses)", connection);
            command.Parameters.AddWithValue("statuses", statuses.Select(status => status.ToWire()).ToArray());
            return checked((int)(long)(await command.ExecuteScalarAsync(token))!);
        }, cancellationToken);

    private static Session Read(NpgsqlDataReader reader)
    {
        SessionStatusNames.TryParse(reader.GetString(4), out var status);
        return new Session(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            status,
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetGuid(6),
            reader.GetFieldValue<DateTimeOffset>(7),
            reader.GetFieldValue<DateTimeOffset>(8),
            StoredColumns.Options(reader.GetString(9)))
        {
            AgentVersionId = reader.IsDBNull(10) ? null : reader.GetGuid(10).ToString(),
            LogBytes = reader.GetInt64(11),
        };
    }
}
