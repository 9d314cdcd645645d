using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Sockets;

internal static partial class SocketServerLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Accepting a connection on {SocketPath} failed; trying again in {RetryDelay}")]
    public static partial void AcceptFailed(ILogger logger, string socketPath, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "A connection on {SocketPath} failed unexpectedly")]
    public static partial void HandlerFailed(ILogger logger, string socketPath, Exception exception);
}
