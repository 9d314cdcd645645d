using Ash.Core.Events;
using Ash.Core.Sessions.Actors;

namespace Ash.Server.Streaming;

/// <summary>
/// Serves session events as Server-Sent Events: optional replay from the log, then live events from a
/// subscription (made before the replay, de-duplicated by sequence), keep-alive comments when idle,
/// and a terminal <c>error</c> frame when the client could not keep up and was cut off.
/// </summary>
internal static class SseStream
{
    public const int SubscriberBuffer = 4096;

    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    public static void WriteHeaders(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers.Connection = "keep-alive";
    }

    /// <summary>
    /// The last frame of a stream whose API key was revoked while it was open (issue 13): an unnumbered
    /// <c>error</c> with code <c>api_key_revoked</c>, after which the server closes the response.
    /// </summary>
    public static async Task EndRevokedAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        SseFrames.WriteUnnumbered(response.BodyWriter, EventTypes.Error, EventData.Error("The API key of this stream was revoked", "api_key_revoked"));
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>Replays logged events after <paramref name="after"/>; returns the last sequence written.</summary>
    public static async Task<long> ReplayAsync(HttpResponse response, IEventLog log, Guid sessionId, long after, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await log.ReadAsync(sessionId, after, 1000, null, cancellationToken);
            if (page.Count == 0)
            {
                return after;
            }

            foreach (var sessionEvent in page)
            {
                SseFrames.Write(response.BodyWriter, sessionEvent);
                after = sessionEvent.Sequence;
            }

            await response.BodyWriter.FlushAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Streams live events until <paramref name="isLast"/> says an event ends the stream, the client
    /// goes away, or the subscription is cut off. True when it was cut off.
    /// </summary>
    public static async Task<bool> PumpAsync(
        HttpResponse response,
        IEventSubscription subscription,
        long lastWritten,
        Func<SessionEvent, bool> isLast,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var reader = subscription.Reader;
        var writer = response.BodyWriter;
        using var idle = new IdleSignal(KeepAliveInterval, time, cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                SseFrames.WriteKeepAlive(writer);
                await writer.FlushAsync(cancellationToken);
                idle.Restart();
                continue;
            }

            if (!more)
            {
                if (subscription.Overflowed)
                {
                    SseFrames.WriteUnnumbered(writer, EventTypes.Error, EventData.Error($"The stream fell more than {SubscriberBuffer} events behind and was cut off; reconnect to GET /api/sessions/<id>/stream with Last-Event-ID: {lastWritten}"));
                    await writer.FlushAsync(cancellationToken);
                    return true;
                }

                return false;
            }

            var finished = false;
            while (!finished && reader.TryRead(out var sessionEvent))
            {
                if (sessionEvent.Sequence <= lastWritten)
                {
                    continue;
                }

                SseFrames.Write(writer, sessionEvent);
                lastWritten = sessionEvent.Sequence;
                finished = isLast(sessionEvent);
            }

            await writer.FlushAsync(cancellationToken);
            if (finished)
            {
                return false;
            }

            idle.Restart();
        }
    }
}
