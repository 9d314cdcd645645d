using System.Globalization;
using System.Net.Http.Json;
using Ash.Client.Wire;

namespace Ash.Client;

public sealed partial class AshClient
{
    /// <summary>
    /// Sends a message to a session and streams the turn's events as they arrive, from
    /// <see cref="AshEventTypes.SessionStart"/> to <see cref="AshEventTypes.Done"/>, after which the
    /// sequence ends. A failed turn yields <see cref="AshEventTypes.Error"/> before <c>done</c>; it does not throw.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="content">The user's message.</param>
    /// <param name="options">Turn options; by default partial messages (text deltas) are on.</param>
    /// <param name="cancellationToken">
    /// Stops reading and closes the connection. The turn keeps running on the server; call
    /// <see cref="InterruptAsync"/> to stop it.
    /// </param>
    /// <exception cref="AshApiException">
    /// Thrown on enumeration when the server refuses the message: 404 unknown session, 400 (<c>invalid_state</c>)
    /// when it is busy or paused, 410 when it has ended.
    /// </exception>
    public IAsyncEnumerable<AshEvent> SendMessageAsync(
        string sessionId, string content, SendMessageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(content);
        var route = $"api/sessions/{Escape(sessionId)}/messages";
        var message = SendMessageRequest.From(content, options);
        return StreamEventsAsync(
            () => CreateRequest(HttpMethod.Post, route, JsonContent.Create(message, AshJsonContext.Default.SendMessageRequest)),
            cancellationToken);
    }

    /// <summary>
    /// Attaches to a session's live event stream, e.g. after a dropped connection. It does not end by
    /// itself: stop it with <paramref name="cancellationToken"/>.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="lastEventId">Last <see cref="AshEvent.Id"/> already seen; the server replays what followed it.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    public IAsyncEnumerable<AshEvent> StreamAsync(
        string sessionId, long? lastEventId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var route = $"api/sessions/{Escape(sessionId)}/stream";
        return StreamEventsAsync(
            () =>
            {
                var request = CreateRequest(HttpMethod.Get, route, content: null);
                if (lastEventId is { } id)
                {
                    request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
                }

                return request;
            },
            cancellationToken);
    }

    /// <summary>Cancels the session's running turn, if any; the turn's stream then ends as the server reports it.</summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether a turn was running (and is now being interrupted).</returns>
    public async Task<bool> InterruptAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var response = await SendAsync(HttpMethod.Post, $"api/sessions/{Escape(sessionId)}/interrupt", content: null, AshJsonContext.Default.InterruptResponse, cancellationToken);
        return response.Interrupted;
    }

    /// <summary>Reads a session's stored conversation in sequence order.</summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="after">Only messages with a greater <see cref="Message.Sequence"/>.</param>
    /// <param name="limit">Page size; the server's default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<Message>> GetMessagesAsync(
        string sessionId, long? after = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var route = WithQuery(
            $"api/sessions/{Escape(sessionId)}/messages",
            ("after", after?.ToString(CultureInfo.InvariantCulture)),
            ("limit", limit?.ToString(CultureInfo.InvariantCulture)));
        var response = await SendAsync(HttpMethod.Get, route, content: null, AshJsonContext.Default.MessageListResponse, cancellationToken);
        return response.Messages;
    }

    /// <summary>
    /// Reads a session's timeline, as Ash's <c>listSessionEvents</c> does: <c>text</c>, <c>tool_start</c>,
    /// <c>tool_result</c>, <c>reasoning</c>, <c>turn_complete</c>, <c>error</c> and <c>lifecycle</c> entries, oldest first.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="after">Only entries with a greater <see cref="SessionEvent.Sequence"/>.</param>
    /// <param name="limit">Page size (1-1000); the server's default (200) when <see langword="null"/>.</param>
    /// <param name="type">Only entries of this type.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<IReadOnlyList<SessionEvent>> GetEventsAsync(
        string sessionId, long? after = null, int? limit = null, string? type = null, CancellationToken cancellationToken = default) =>
        GetEventPageAsync("events", sessionId, after, limit, type, cancellationToken);

    /// <summary>
    /// Reads the session's stream log: every event its streams carried (<see cref="AshEventTypes"/>), by the
    /// sequence numbers that are their SSE ids, e.g. to see what a <see cref="StreamAsync"/> would replay.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="after">Only events with a greater <see cref="SessionEvent.Sequence"/>.</param>
    /// <param name="limit">Page size (1-1000); the server's default (200) when <see langword="null"/>.</param>
    /// <param name="type">Only events of this type (see <see cref="AshEventTypes"/>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<IReadOnlyList<SessionEvent>> GetStreamEventsAsync(
        string sessionId, long? after = null, int? limit = null, string? type = null, CancellationToken cancellationToken = default) =>
        GetEventPageAsync("stream/events", sessionId, after, limit, type, cancellationToken);

    private async Task<IReadOnlyList<SessionEvent>> GetEventPageAsync(
        string resource, string sessionId, long? after, int? limit, string? type, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var route = WithQuery(
            $"api/sessions/{Escape(sessionId)}/{resource}",
            ("after", after?.ToString(CultureInfo.InvariantCulture)),
            ("limit", limit?.ToString(CultureInfo.InvariantCulture)),
            ("type", type));
        var response = await SendAsync(HttpMethod.Get, route, content: null, AshJsonContext.Default.EventListResponse, cancellationToken);
        return response.Events;
    }
}
