using System.Globalization;
using System.Net.Http.Json;
using Ash.Client.Wire;

namespace Ash.Client;

public sealed partial class AshClient
{
    /// <summary>
    /// Runs a shell command (<c>/bin/sh -c</c>) in an active session's sandbox, in its workspace, with the
    /// agent's uid and limits but without its model credentials, and waits for it.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="command">The command line.</param>
    /// <param name="timeout">Kill it after this long (up to 5 minutes); the server's default (30 s) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request (and the command).</param>
    /// <exception cref="AshApiException">404 when no such session exists; 400 (<c>invalid_state</c>) unless it is active; 503 when it already runs 4 commands.</exception>
    public Task<ExecResult> ExecAsync(string sessionId, string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(command);
        var milliseconds = timeout is { } value ? (long)Math.Ceiling(value.TotalMilliseconds) : (long?)null;
        var body = JsonContent.Create(new ExecRequest(command, milliseconds), AshJsonContext.Default.ExecRequest);
        return SendAsync(HttpMethod.Post, $"api/sessions/{Escape(sessionId)}/exec", body, AshJsonContext.Default.ExecResult, cancellationToken);
    }

    /// <summary>Reads a session's sandbox log: the agent's stderr lines and what the platform did to its sandbox.</summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="after">The last index already read; -1 for the whole log.</param>
    /// <param name="limit">At most this many lines (server default 1,000, at most 10,000).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">404 when no such session exists.</exception>
    public Task<SandboxLogPage> GetLogsAsync(string sessionId, long after = -1, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var route = WithQuery(
            $"api/sessions/{Escape(sessionId)}/logs",
            ("after", after == -1 ? null : after.ToString(CultureInfo.InvariantCulture)),
            ("limit", limit?.ToString(CultureInfo.InvariantCulture)));
        return SendAsync(HttpMethod.Get, route, content: null, AshJsonContext.Default.SandboxLogPage, cancellationToken);
    }
}
