using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Warm;

internal static partial class WarmPoolLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start a warm sandbox for agent {Agent}")]
    public static partial void StartFailed(ILogger logger, string agent, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not discard warm sandbox {SessionId}")]
    public static partial void DiscardFailed(ILogger logger, Guid sessionId, Exception exception);
}
