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
