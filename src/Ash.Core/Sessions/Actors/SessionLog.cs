using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

internal static partial class SessionLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Session {SessionId} sandbox started ({SandboxId})")]
    public static partial void SandboxStarted(ILogger logger, Guid sessionId, string sandboxId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Session {SessionId} sandbox failed to start")]
    public static partial void SandboxStartFailed(ILogger logger, Guid sessionId, Exception exception);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Session {SessionId} agent process {SandboxId} ended with a fault; its live-sandbox slot is free again")]
    public static partial void ProcessEndFaulted(ILogger logger, Guid sessionId, string sandboxId, Exception exception);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning, Message = "Session {SessionId} could not kill its agent process")]
    public static partial void KillFailed(ILogger logger, Guid sessionId, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Session {SessionId} agent process exited with code {ExitCode} during a turn: {StderrTail}")]
    public static partial void AgentExitedDuringTurn(ILogger logger, Guid sessionId, int exitCode, string stderrTail);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Session {SessionId} agent broke the stream-json protocol: {Reason}")]
    public static partial void ProtocolViolation(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Session {SessionId} turn {Turn} failed unexpectedly")]
    public static partial void TurnFailed(ILogger logger, Guid sessionId, long turn, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Session {SessionId} interrupt did not end the turn in time; killing the agent process")]
    public static partial void InterruptEscalated(ILogger logger, Guid sessionId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Session {SessionId} could not set its idle-stop reminder")]
    public static partial void ReminderFailed(ILogger logger, Guid sessionId, Exception exception);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Session {SessionId} turn {Turn} was left running by its previous host; closing it")]
    public static partial void TookOverOpenTurn(ILogger logger, Guid sessionId, long turn);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Session {SessionId} turn {Turn} reached a limit ({Code}); asking the agent to stop it")]
    public static partial void TurnLimitReached(ILogger logger, Guid sessionId, long turn, string code);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Session {SessionId} turn {Turn} could not write its events (attempt {Attempt}); waiting for the database: {Reason}")]
    public static partial void TurnWriteWaiting(ILogger logger, Guid sessionId, long turn, int attempt, string reason);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Session {SessionId} restarts its agent process for a message's output schema (schema: {WithSchema})")]
    public static partial void RestartingForOutputSchema(ILogger logger, Guid sessionId, bool withSchema);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Session {SessionId} ended, but its sandbox could not be released cleanly")]
    public static partial void ReleaseFailed(ILogger logger, Guid sessionId, Exception exception);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Session {SessionId} was taken over by another activation (a newer owner epoch); this one stops writing and lets its process go")]
    public static partial void OwnershipLost(ILogger logger, Guid sessionId);
}
