using System.Globalization;
using System.Text.Json;
using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

public sealed class SqliteSessionStore(SqliteDatabase database) : ISessionStore
{
    private const string Columns = "id, tenant_id, agent_name, sandbox_id, status, runner_id, parent_session_id, created_at, last_active_at, options, agent_version_id";

    /// <summary>What a read returns: the inserted columns, then what only commits change.</summary>
    private const string ReadColumns = Columns + ", log_bytes";

    public Task InsertAsync(Session session, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO sessions ({Columns}) VALUES ($id, $tenant, $agent, $sandbox, $status, $runner, $parent, $created, $active, $options, $version)";
            command.Parameters.AddWithValue("$id", session.Id.ToString());
            command.Parameters.AddWithValue("$tenant", session.TenantId);
            command.Parameters.AddWithValue("$agent", session.AgentName);
            command.Parameters.AddWithValue("$sandbox", session.SandboxId);
            command.Parameters.AddWithValue("$status", session.Status.ToWire());
            command.Parameters.AddWithValue("$runner", (object?)session.RunnerId ?? DBNull.Value);
            command.Parameters.AddWithValue("$parent", (object?)session.ParentSessionId?.ToString() ?? DBNull.Value);
            command.Parameters.AddWithValue("$created", Timestamps.ToText(session.CreatedAt));
            command.Parameters.AddWithValue("$active", Timestamps.ToText(session.LastActiveAt));
            command.Parameters.AddWithValue("$options", StoredColumns.Options(session.Options));
            command.Parameters.AddWithValue("$version", (object?)session.AgentVersionId ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<Session?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ReadColumns} FROM sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<SessionPage> ListAsync(string tenantId, SessionQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var filters = "tenant_id = $tenant";
        command.Parameters.AddWithValue("$tenant", tenantId);
        if (query.AgentName is not null)
        {
            filters += " AND agent_name = $agent";
            command.Parameters.AddWithValue("$agent", query.AgentName);
        }

        if (query.Status is { } status)
        {
            filters += " AND status = $status";
            command.Parameters.AddWithValue("$status", status.ToWire());
        }

        filters += NewestFirstPage.After(command, query.Cursor);
        command.CommandText = $"SELECT {ReadColumns} FROM sessions WHERE {filters} ORDER BY created_at DESC, id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (sessions, next) = await NewestFirstPage.ReadAsync(reader, query.Limit, Read, session => (session.CreatedAt, session.Id), cancellationToken);
        return new SessionPage(sessions, next);
    }

    public Task CommitAsync(SessionCommit commit, IReadOnlyList<SessionEvent> events, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await SqliteOwnerFence.CheckAsync(connection, transaction, commit.SessionId, commit.OwnerEpoch, token);
            using (var update = connection.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = """
                    UPDATE sessions SET last_active_at = $active,
                        status = COALESCE($status, status),
                        running_turn = COALESCE($turn, running_turn),
                        options = COALESCE($options, options),
                    log_bytes = log_bytes + $logBytes
                    WHERE id = $id
                    """;
                update.Parameters.AddWithValue("$id", commit.SessionId.ToString());
                update.Parameters.AddWithValue("$active", Timestamps.ToText(commit.LastActiveAt));
                update.Parameters.AddWithValue("$status", (object?)commit.Status?.ToWire() ?? DBNull.Value);
                update.Parameters.AddWithValue("$turn", (object?)commit.RunningTurn ?? DBNull.Value);
                update.Parameters.AddWithValue("$logBytes", commit.AddedLogBytes);
                update.Parameters.AddWithValue("$options", commit.Options is { } options ? StoredColumns.Options(options) : DBNull.Value);
                await update.ExecuteNonQueryAsync(token);
            }

            if (commit.CompletesOperation)
            {
                using var complete = connection.CreateCommand();
                complete.Transaction = transaction;
                complete.CommandText = "DELETE FROM session_operations WHERE session_id = $id";
                complete.Parameters.AddWithValue("$id", commit.SessionId.ToString());
                await complete.ExecuteNonQueryAsync(token);
            }

            await SqliteEventLog.InsertAsync(connection, transaction, events, token);
        }, cancellationToken);

    public async Task<IReadOnlyList<OpenTurn>> ListOpenTurnsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, tenant_id, running_turn FROM sessions WHERE running_turn > 0";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var turns = new List<OpenTurn>();
        while (await reader.ReadAsync(cancellationToken))
        {
            turns.Add(new OpenTurn(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetInt64(2)));
        }

        return turns;
    }

    public Task<SessionOwnership> TakeOwnershipAsync(Guid id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE sessions SET owner_epoch = owner_epoch + 1 WHERE id = $id RETURNING owner_epoch, running_turn";
            command.Parameters.AddWithValue("$id", id.ToString());
            using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? new SessionOwnership(reader.GetInt64(0), reader.GetInt64(1)) : default;
        }, cancellationToken);

    public async Task<long> GetRunningTurnAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT running_turn FROM sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return await command.ExecuteScalarAsync(cancellationToken) is long turn ? turn : 0;
    }

    public Task<int> CountByStatusAsync(SessionStatus status, CancellationToken cancellationToken) => CountByStatusAsync([status], cancellationToken);

    public async Task<int> CountByStatusAsync(IReadOnlyCollection<SessionStatus> statuses, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var names = statuses.Select((status, i) =>
        {
            command.Parameters.AddWithValue($"$status{i}", status.ToWire());
            return $"$status{i}";
        }).ToList();
        if (names.Count == 0)
        {
            return 0;
        }

        command.CommandText = $"SELECT COUNT(*) FROM sessions WHERE status IN ({string.Join(", ", names)})";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static Session Read(SqliteDataReader reader)
    {
        SessionStatusNames.TryParse(reader.GetString(4), out var status);
        return new Session(
            Guid.Parse(reader.GetString(0)),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            status,
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : Guid.Parse(reader.GetString(6)),
            Timestamps.Parse(reader.GetString(7)),
            Timestamps.Parse(reader.GetString(8)),
            StoredColumns.Options(reader.GetString(9)))
        {
            AgentVersionId = reader.IsDBNull(10) ? null : reader.GetString(10),
            LogBytes = reader.GetInt64(11),
        };
    }
}
