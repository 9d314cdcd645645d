using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.ModelProxy;

internal static partial class ModelProxyLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Model proxy for sandbox {SandboxId} rejected a request: {Reason}")]
    public static partial void Rejected(ILogger logger, string sandboxId, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Model proxy for sandbox {SandboxId} could not reach the upstream")]
    public static partial void UpstreamFailed(ILogger logger, string sandboxId, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Model proxy for sandbox {SandboxId} connection ended early")]
    public static partial void ConnectionEnded(ILogger logger, string sandboxId, Exception exception);
}
