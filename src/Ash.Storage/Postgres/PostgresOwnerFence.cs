using Ash.Core.Sessions;
using Npgsql;

namespace Ash.Storage.Postgres;

/// <summary>
/// The owner-epoch check of a fenced write (<see cref="ISessionStore.TakeOwnershipAsync"/>), run first inside the write's
/// own transaction. <c>FOR SHARE</c> holds the session row until the write commits, so an ownership taken meanwhile
/// (an <c>UPDATE</c> of the row) waits for it: a write that passed the check is committed before the epoch moves.
/// </summary>
internal static class PostgresOwnerFence
{
    /// <summary>Throws <see cref="OwnershipLostException"/> unless <paramref name="epoch"/> is still the session's; nothing when null.</summary>
    public static async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid sessionId, long? epoch, CancellationToken cancellationToken)
    {
        if (epoch is not { } held)
        {
            return;
        }

        await using var check = new NpgsqlCommand("SELECT owner_epoch FROM sessions WHERE id = @id FOR SHARE", connection, transaction);
        check.Parameters.AddWithValue("id", sessionId);
        if (await check.ExecuteScalarAsync(cancellationToken) is not long current || current != held)
        {
            throw new OwnershipLostException(sessionId, held);
        }
    }
}
