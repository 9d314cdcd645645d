using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Egress;

internal static partial class EgressLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Egress for sandbox {SandboxId}: {Method} {Target} allowed, connecting to {Address}")]
    public static partial void Allowed(ILogger logger, string sandboxId, string method, string target, string address);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Egress for sandbox {SandboxId}: {Method} {Target} denied: {Reason}")]
    public static partial void Denied(ILogger logger, string sandboxId, string method, string target, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Egress for sandbox {SandboxId}: request refused: {Reason}")]
    public static partial void Refused(ILogger logger, string sandboxId, string reason);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Egress for sandbox {SandboxId}: cannot reach {Target}: {Reason}")]
    public static partial void Unreachable(ILogger logger, string sandboxId, string target, string reason);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "Egress for sandbox {SandboxId}: {Target} closed after {BytesOut} bytes out, {BytesIn} in")]
    public static partial void Closed(ILogger logger, string sandboxId, string target, long bytesOut, long bytesIn);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug, Message = "Egress for sandbox {SandboxId}: connection ended early")]
    public static partial void ConnectionEnded(ILogger logger, string sandboxId, Exception exception);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Warning, Message = "Egress for sandbox {SandboxId}: {Limit} reached, connection refused")]
    public static partial void LimitReached(ILogger logger, string sandboxId, string limit);
}
