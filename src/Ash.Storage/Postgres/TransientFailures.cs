using System.Net.Sockets;
using Npgsql;

namespace Ash.Storage.Postgres;

/// <summary>Which failures are worth retrying: the server went away, is restarting, or refused for now.</summary>
internal static class TransientFailures
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient || IsTransientState(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || (npgsql.InnerException is { } inner && IsTransient(inner)),
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) // connection exceptions
        || state is PostgresErrorCodes.AdminShutdown // 57P01: a fast or smart shutdown ended the session
            or PostgresErrorCodes.CrashShutdown // 57P02
            or PostgresErrorCodes.CannotConnectNow // 57P03: starting up or shutting down
            or PostgresErrorCodes.TooManyConnections
            or PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected;
}
