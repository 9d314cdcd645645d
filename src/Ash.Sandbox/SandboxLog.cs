using Microsoft.Extensions.Logging;

namespace Ash.Sandbox;

internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Sandbox {SandboxId} started as uid {Uid} (pid {ProcessId}, resume {Resume})")]
    public static partial void Started(ILogger logger, string sandboxId, int uid, int processId, bool resume);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Sandbox {SandboxId} exited with code {ExitCode}")]
    public static partial void Exited(ILogger logger, string sandboxId, int exitCode);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The files of session {SessionId} could not be snapshotted to the shared directory: {Reason}")]
    public static partial void SnapshotFailed(ILogger logger, Guid sessionId, string reason);
}
