using System.Runtime.CompilerServices;
using Ash.Core.Sessions;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

/// <summary>
/// The owner-epoch check of a fenced write (<see cref="ISessionStore.TakeOwnershipAsync"/>), run first inside the write's
/// own immediate transaction: SQLite's single writer means no ownership can be taken between the check and the commit.
/// The statement is prepared once per writer connection, as the event insert is.
/// </summary>
internal static class SqliteOwnerFence
{
    private static readonly ConditionalWeakTable<SqliteConnection, SqliteCommand> Checks = new();

    /// <summary>Throws <see cref="OwnershipLostException"/> unless <paramref name="epoch"/> is still the session's; nothing when null.</summary>
    public static async Task CheckAsync(SqliteConnection connection, SqliteTransaction transaction, Guid sessionId, long? epoch, CancellationToken cancellationToken)
    {
        if (epoch is not { } held)
        {
            return;
        }

        var check = Checks.GetValue(connection, static c =>
        {
            var command = c.CreateCommand();
            command.CommandText = "SELECT owner_epoch FROM sessions WHERE id = $id";
            command.Parameters.Add("$id", SqliteType.Text);
            return command;
        });
        check.Transaction = transaction;
        check.Parameters[0].Value = sessionId.ToString();
        if (await check.ExecuteScalarAsync(cancellationToken) is not long current || current != held)
        {
            throw new OwnershipLostException(sessionId, held);
        }
    }
}
