using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Lifecycle;

internal static partial class LifecycleLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Session {SessionId}: step {Step} of {Operation} failed (attempt {Attempt})")]
    public static partial void StepFailed(ILogger logger, Guid sessionId, string operation, string step, int attempt, Exception exception);
}
