using Ash.Core.Agents;
using Ash.Core.Attachments;
using Ash.Core.Budgets;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Timeline;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.OpenApi;
using Ash.Server.Sessions;
using Ash.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ash.Server.Messages;

public static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder api)
    {
        var session = api.MapGroup("/sessions/{id}").WithTags("Messages");
        session.MapPost("/messages", SendAsync).WithName("sendMessage").WithSummary("Send a message and stream its turn")
            .ProducesEventStream(EventStreamDescriptions.Turn).ProducesErrors(400, 507);
        session.MapGet("/messages", ListMessagesAsync).WithName("listMessages").WithSummary("List a session's messages").ProducesErrors(400);
        session.MapGet("/events", ListTimelineAsync).WithName("listSessionEvents").WithSummary("List a session's timeline (Ash's events)").ProducesErrors(400);
        session.MapGet("/stream", StreamAsync).WithName("streamSession").WithSummary("Re-attach to a session's event stream")
            .ProducesEventStream(EventStreamDescriptions.Reattach).ProducesErrors(400);
        session.MapGet("/stream/events", ListStreamEventsAsync).WithName("listStreamEvents").WithSummary("List a session's stream log").ProducesErrors(400);
        session.MapPost("/interrupt", InterruptAsync).WithName("interruptSession").WithSummary("Interrupt the running turn");
        return api;
    }

    /// <summary>Queues the message and streams its turn, from <c>session_start</c> to <c>done</c>.</summary>
    private static async Task<Results<EmptyHttpResult, ErrorResult>> SendAsync(
        string id,
        SendMessageRequest? request,
        HttpContext context,
        SessionService sessions,
        IAttachmentStore attachments,
        ILoggerFactory loggers,
        KeyRevocations revocations,
        BudgetSupport budgets,
        TimeProvider time,
        StreamMetrics streams,
        CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        if (request is null)
        {
            return ApiErrors.Validation("Request body is required");
        }

        var content = MessageContent.Validate(request.Content, request.Attachments);
        if (!content.IsSuccess)
        {
            return ApiErrors.From(content.Error);
        }

        if (!InRange(request.TimeoutSeconds) || !InRange(request.SilenceTimeoutSeconds))
        {
            return ApiErrors.Validation($"'timeoutSeconds' and 'silenceTimeoutSeconds' must be {TurnRanges.Describe("timeoutSeconds")}");
        }

        var options = TurnOptionsRequest.Validate(request);
        if (!options.IsSuccess)
        {
            return ApiErrors.From(options.Error);
        }

        if (request.MaxBudgetUsd is not null && budgets.Refusal is { } unsupported)
        {
            // Refused rather than carried and not kept: the proxy that would hold the turn to it runs elsewhere.
            return ApiErrors.Validation($"'maxBudgetUsd' cannot be applied: {unsupported}", "budgets_unsupported");
        }

        var tenant = Tenant.Of(context);
        var resolved = await ResolveAttachmentsAsync(tenant, sessionId, content.Value, sessions, attachments, cancellationToken);
        if (!resolved.IsSuccess)
        {
            return ApiErrors.From(resolved.Error);
        }

        var input = new TurnInput(resolved.Value.ModelContentJson, request.IncludePartialMessages ?? false)
        {
            HistoryContentJson = content.Value.HasAttachments ? content.Value.Json : null,
            Timeout = request.TimeoutSeconds is { } timeout ? TimeSpan.FromSeconds(timeout) : null,
            SilenceTimeout = request.SilenceTimeoutSeconds is { } silence ? TimeSpan.FromSeconds(silence) : null,
            Options = options.Value,
        };
        // Watched from before the turn is queued: a revocation from here on ends the stream.
        using var access = revocations.Watch(ApiCaller.Of(context).KeyId);
        var queued = await sessions.SendAsync(tenant, sessionId, input, SseStream.SubscriberBuffer, SubscriberWake.Inline, cancellationToken);
        if (!queued.IsSuccess)
        {
            return ApiErrors.From(queued.Error);
        }

        var (ticket, subscription) = queued.Value;
        using (subscription)
        using (var streaming = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, access.Revoked))
        using (streams.Open(StreamKind.Message))
        {
            await AttachmentBlocks.LinkAsync(resolved.Value, tenant, sessionId, ticket.MessageId, attachments, loggers.CreateLogger("Ash.Messages"), cancellationToken);
            SseStream.WriteHeaders(context.Response);
            await context.Response.BodyWriter.FlushAsync(cancellationToken);
            try
            {
                // A client that leaves does not cancel its turn: it keeps running and can be re-attached.
                // Nor does a revoked key: its stream ends, the turn it started runs to its end.
                if (await SseStream.PumpAsync(context.Response, subscription, 0, e => e.Type == EventTypes.Done, time, streaming.Token))
                {
                    streams.CutOff(StreamKind.Message);
                }
            }
            catch (OperationCanceledException) when (access.IsRevoked && !cancellationToken.IsCancellationRequested)
            {
                await SseStream.EndRevokedAsync(context.Response, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }

        return TypedResults.Empty;
    }

    /// <summary>
    /// The content the model gets: attachment references become the attachments' blocks here, where the database
    /// is, so the session (in Dapr mode its actor, on another app) gets them whole. The session is looked up
    /// first, so a message to a missing session is a 404, not a missing attachment.
    /// </summary>
    private static async Task<Result<ResolvedContent>> ResolveAttachmentsAsync(
        string tenant, Guid sessionId, ValidatedContent content, SessionService sessions, IAttachmentStore attachments, CancellationToken cancellationToken)
    {
        if (!content.HasAttachments)
        {
            return new ResolvedContent(content.Json, []);
        }

        var found = await sessions.GetAsync(tenant, sessionId, cancellationToken);
        return found.IsSuccess
            ? await AttachmentBlocks.ResolveAsync(content.Json, tenant, sessionId, attachments, cancellationToken)
            : found.Error;
    }

    private static bool InRange(int? seconds) => seconds is null or (>= (int)TurnRanges.MinSeconds and <= (int)TurnRanges.MaxSeconds);

    /// <summary>EventSource-compatible re-attach: replays after Last-Event-ID (or ?after), then follows live.</summary>
    private static async Task<Results<EmptyHttpResult, ErrorResult>> StreamAsync(string id, long? after, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, HttpContext context, SessionService sessions, IEventLog log, IEventBus bus, KeyRevocations revocations, TimeProvider time, StreamMetrics streams, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        var found = await sessions.GetAsync(Tenant.Of(context), sessionId, cancellationToken);
        if (!found.IsSuccess)
        {
            return ApiErrors.From(found.Error);
        }

        long from = after ?? 0;
        if (!string.IsNullOrEmpty(lastEventId) && !long.TryParse(lastEventId, out from))
        {
            return ApiErrors.Validation("Last-Event-ID must be an event sequence number");
        }

        // Subscribe before reading the log, so nothing published in between is missed.
        using var access = revocations.Watch(ApiCaller.Of(context).KeyId);
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, access.Revoked);
        using var subscription = bus.Subscribe(sessionId, SseStream.SubscriberBuffer, wake: SubscriberWake.Inline);
        using var open = streams.Open(StreamKind.Session);
        SseStream.WriteHeaders(context.Response);
        try
        {
            var lastWritten = await SseStream.ReplayAsync(context.Response, log, sessionId, from, streaming.Token);
            await context.Response.BodyWriter.FlushAsync(streaming.Token);
            if (found.Value.Status != SessionStatus.Ended)
            {
                if (await SseStream.PumpAsync(context.Response, subscription, lastWritten, IsSessionEnd, time, streaming.Token))
                {
                    streams.CutOff(StreamKind.Session);
                }
            }
        }
        catch (OperationCanceledException) when (access.IsRevoked && !cancellationToken.IsCancellationRequested)
        {
            await SseStream.EndRevokedAsync(context.Response, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return TypedResults.Empty;
    }

    private static bool IsSessionEnd(SessionEvent sessionEvent) =>
        sessionEvent.Type == EventTypes.Status && sessionEvent.Data is { } data && data.AsSpan().IndexOf("\"ended\""u8) >= 0;

    private static async Task<Results<Ok<MessageListResponse>, ErrorResult>> ListMessagesAsync(string id, long? after, int? limit, HttpContext context, SessionService sessions, IMessageStore messages, CancellationToken cancellationToken)
    {
        var (sessionId, problem) = await ResolvePageAsync(id, after, limit, context, sessions, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var page = await messages.ListAsync(sessionId, after ?? 0, limit ?? 100, cancellationToken);
        return TypedResults.Ok(new MessageListResponse(page.Select(MessageDto.From).ToList()));
    }

    /// <summary>Ash's timeline of the session (text, tool_start, tool_result, reasoning, turn_complete, error, lifecycle).</summary>
    private static async Task<Results<Ok<TimelineListResponse>, ErrorResult>> ListTimelineAsync(string id, long? after, int? limit, string? type, HttpContext context, SessionService sessions, SessionTimeline timeline, CancellationToken cancellationToken)
    {
        var (sessionId, problem) = await ResolvePageAsync(id, after, limit, context, sessions, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var page = await timeline.ReadAsync(sessionId, after ?? 0, limit ?? 200, type, cancellationToken);
        return TypedResults.Ok(new TimelineListResponse(page.Select(TimelineEventDto.From).ToList()));
    }

    /// <summary>The stream log: every event the session's streams carried, by the sequence SSE ids and Last-Event-ID use.</summary>
    private static async Task<Results<Ok<EventListResponse>, ErrorResult>> ListStreamEventsAsync(string id, long? after, int? limit, string? type, HttpContext context, SessionService sessions, IEventLog log, CancellationToken cancellationToken)
    {
        var (sessionId, problem) = await ResolvePageAsync(id, after, limit, context, sessions, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var page = await log.ReadAsync(sessionId, after ?? 0, limit ?? 200, type, cancellationToken);
        return TypedResults.Ok(new EventListResponse(page.Select(EventDto.From).ToList()));
    }

    /// <summary>Checks a history page request: a session of this tenant, 1-1000 items after a sequence of at least 0.</summary>
    private static async Task<(Guid SessionId, ErrorResult? Problem)> ResolvePageAsync(string id, long? after, int? limit, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return (sessionId, SessionsApi.SessionNotFound());
        }

        if (limit is < 1 or > 1000 || after is < 0)
        {
            return (sessionId, ApiErrors.Validation("'limit' must be 1-1000 and 'after' at least 0"));
        }

        var found = await sessions.GetAsync(Tenant.Of(context), sessionId, cancellationToken);
        return (sessionId, found.IsSuccess ? null : ApiErrors.From(found.Error));
    }

    private static async Task<Results<Ok<InterruptResponse>, ErrorResult>> InterruptAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        var interrupted = await sessions.InterruptAsync(Tenant.Of(context), sessionId, cancellationToken);
        return interrupted.IsSuccess
            ? TypedResults.Ok(new InterruptResponse(interrupted.Value))
            : ApiErrors.From(interrupted.Error);
    }
}
