using Ash.Core.Sandboxes.Logs;
using Ash.Sandbox.Directories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ash.Sandbox.Logs;

/// <summary>Reads the sandbox logs this node keeps in its session directories.</summary>
public sealed partial class LocalSandboxLogs(IOptions<SandboxOptions> options, ILogger<LocalSandboxLogs> logger) : ISandboxLogs
{
    public Task<IReadOnlyList<SandboxLogEntry>> ReadAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken)
    {
        var directories = new SessionDirectories(options.Value.SandboxesDirectory, options.Value.SocketDirectory, sessionId);
        try
        {
            return Task.FromResult(SandboxLogReader.Read(new SandboxLogFiles(directories.Logs), after, limit));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The log is a diagnostic: a file that cannot be read now reads as no lines, never as a failure.
            Unreadable(logger, sessionId, exception.Message);
            return Task.FromResult<IReadOnlyList<SandboxLogEntry>>([]);
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "The sandbox log of session {SessionId} could not be read: {Reason}")]
    private static partial void Unreadable(ILogger logger, Guid sessionId, string reason);
}
