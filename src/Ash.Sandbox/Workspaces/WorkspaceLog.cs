using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Workspaces;

/// <summary>Refusals worth a line: they are what an agent probing for a way out of its workspace looks like.</summary>
internal static partial class WorkspaceLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Refused '{Path}' in the workspace of session {SessionId}: {Code}")]
    public static partial void PathRefused(ILogger logger, Guid sessionId, string path, string code);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Refused a bundle for session {SessionId}: {Code} ({Reason})")]
    public static partial void BundleRefused(ILogger logger, Guid sessionId, string code, string reason);
}
