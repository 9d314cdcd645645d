using System.Globalization;
using System.Net.Http.Json;
using Ash.Client.Wire;

namespace Ash.Client;

public sealed partial class AshClient
{
    /// <summary>Starts a session of an agent in a fresh sandbox.</summary>
    /// <param name="agent">Name of the agent to run.</param>
    /// <param name="options">Per-session overrides; <see langword="null"/> keeps the agent's defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new session, normally <see cref="SessionStatus.Active"/>.</returns>
    /// <exception cref="AshApiException">404 for an unknown agent; 503 when the server is at capacity.</exception>
    public async Task<Session> CreateSessionAsync(
        string agent, CreateSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        var body = JsonContent.Create(CreateSessionRequest.From(agent, options), AshJsonContext.Default.CreateSessionRequest);
        var response = await SendAsync(HttpMethod.Post, "api/sessions", body, AshJsonContext.Default.SessionResponse, cancellationToken);
        return response.Session;
    }

    /// <summary>Reads one session.</summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">404 when no such session exists.</exception>
    public async Task<Session> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var response = await SendAsync(HttpMethod.Get, $"api/sessions/{Escape(sessionId)}", content: null, AshJsonContext.Default.SessionResponse, cancellationToken);
        return response.Session;
    }

    /// <summary>Lists sessions, newest first, one page at a time.</summary>
    /// <param name="agent">Only sessions of this agent.</param>
    /// <param name="status">Only sessions in this state.</param>
    /// <param name="limit">Page size; the server's default when <see langword="null"/>.</param>
    /// <param name="cursor"><see cref="SessionPage.NextCursor"/> of the previous page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<SessionPage> ListSessionsAsync(
        string? agent = null,
        SessionStatus? status = null,
        int? limit = null,
        string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        var route = WithQuery(
            "api/sessions",
            ("agent", agent),
            ("status", status is { } s ? ToWire(s) : null),
            ("limit", limit?.ToString(CultureInfo.InvariantCulture)),
            ("cursor", cursor));
        return SendAsync(HttpMethod.Get, route, content: null, AshJsonContext.Default.SessionPage, cancellationToken);
    }

    /// <summary>Ends a session for good and releases its sandbox. Ending an ended session is not an error.</summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The session, now <see cref="SessionStatus.Ended"/>.</returns>
    public async Task<Session> EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var response = await SendAsync(HttpMethod.Delete, $"api/sessions/{Escape(sessionId)}", content: null, AshJsonContext.Default.SessionResponse, cancellationToken);
        return response.Session;
    }

    /// <summary>
    /// Pauses an active session: it refuses messages until resumed, and its agent process may be kept
    /// alive for a fast (warm) resume. Pausing a paused session is not an error.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The session, now <see cref="SessionStatus.Paused"/>.</returns>
    /// <exception cref="AshApiException">404 when no such session exists; 400 (<c>invalid_state</c>) when it is stopped or ended.</exception>
    public Task<Session> PauseSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        ChangeSessionAsync(sessionId, "pause", cancellationToken);

    /// <summary>
    /// Makes a paused or stopped session active again: warm when its agent process still lives, otherwise
    /// a new process that continues the stored conversation. Resuming an active session is not an error.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The session, now <see cref="SessionStatus.Active"/>.</returns>
    /// <exception cref="AshApiException">
    /// 404 when no such session exists; 410 (<c>session_ended</c>) when it has ended; 503 (<c>capacity</c>)
    /// when every live sandbox is busy, with <see cref="AshApiException.RetryAfter"/> set.
    /// </exception>
    public Task<Session> ResumeSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        ChangeSessionAsync(sessionId, "resume", cancellationToken);

    /// <summary>
    /// Stops a session's agent process and frees its sandbox slot, keeping its files and conversation;
    /// <see cref="ResumeSessionAsync"/> brings it back. Stopping a stopped session is not an error.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The session, now <see cref="SessionStatus.Stopped"/>.</returns>
    /// <exception cref="AshApiException">404 when no such session exists; 400 (<c>invalid_state</c>) when it has ended.</exception>
    public Task<Session> StopSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        ChangeSessionAsync(sessionId, "stop", cancellationToken);

    /// <summary>
    /// Starts a new session holding a copy of this one's workspace and conversation; from then on the two
    /// diverge. The parent keeps its status, and may be paused, stopped or ended.
    /// </summary>
    /// <param name="sessionId">Id of the session to fork.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new child session, <see cref="SessionStatus.Active"/>, whose <see cref="Session.ParentSessionId"/> is <paramref name="sessionId"/>.</returns>
    /// <exception cref="AshApiException">
    /// 404 when no such session exists; 410 (<c>session_files_removed</c>) when the parent ended and its files
    /// have been removed; 503 (<c>capacity</c>) when every live sandbox is busy, with <see cref="AshApiException.RetryAfter"/> set.
    /// </exception>
    public Task<Session> ForkSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        ChangeSessionAsync(sessionId, "fork", cancellationToken);

    // POST /api/sessions/{id}/{action}: every lifecycle route answers {session}.
    private async Task<Session> ChangeSessionAsync(string sessionId, string action, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var response = await SendAsync(HttpMethod.Post, $"api/sessions/{Escape(sessionId)}/{action}", content: null, AshJsonContext.Default.SessionResponse, cancellationToken);
        return response.Session;
    }

    private static string ToWire(SessionStatus status) => status switch
    {
        SessionStatus.Starting => "starting",
        SessionStatus.Active => "active",
        SessionStatus.Paused => "paused",
        SessionStatus.Stopped => "stopped",
        SessionStatus.Ended => "ended",
        SessionStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown session status."),
    };
}
