using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Warm;

internal static partial class WarmPoolLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start a warm sandbox for agent {Agent} ({Failures} time(s) in a row); trying again in {RetryDelay}")]
    public static partial void StartFailed(ILogger logger, string agent, int failures, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not learn the warm pool size of agent {Agent}; its next session asks again")]
    public static partial void LearnFailed(ILogger logger, string agent, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not discard warm sandbox {SessionId}")]
    public static partial void DiscardFailed(ILogger logger, Guid sessionId, Exception exception);
}
