using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.ModelProxy;

internal static partial class ModelProxyLog
{
    /// <remarks>Method and path are "-" where the request was refused before they were known; the path is always the canonical one.</remarks>
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Model proxy for sandbox {SandboxId} refused {Method} {Path} with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string sandboxId, string method, string path, int status, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Model proxy for sandbox {SandboxId} could not reach the upstream")]
    public static partial void UpstreamFailed(ILogger logger, string sandboxId, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Model proxy for sandbox {SandboxId} connection ended early")]
    public static partial void ConnectionEnded(ILogger logger, string sandboxId, Exception exception);
}
