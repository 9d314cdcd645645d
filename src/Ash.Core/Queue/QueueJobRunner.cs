using System.Buffers;
using System.Text;
using System.Text.Json;
using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;

namespace Ash.Core.Queue;

/// <summary>
/// Runs one attempt at a job as an ordinary turn: through <see cref="SessionService"/>, the path of
/// <c>POST /api/sessions/:id/messages</c>, so its messages, events and usage are recorded like any turn's.
/// A job without a session makes one (the agent's defaults) and stops it afterwards: the sandbox is freed and
/// the conversation stays resumable. A job in a caller's session resumes it when paused or stopped, and leaves it active.
/// </summary>
public sealed class QueueJobRunner(SessionService sessions, IAgentStore agents, SessionRuntimeOptions sessionOptions)
{
    /// <summary>turn_complete data larger than this is left out of the result; the text stays.</summary>
    public const int MaxTurnCompleteBytes = 16 * 1024;

    public async Task<QueueAttempt> RunAsync(QueueItem job, Func<Guid, bool, Task> sessionChosen, CancellationToken cancellationToken)
    {
        if (await agents.GetAsync(job.TenantId, job.AgentName, cancellationToken) is null)
        {
            return QueueAttempt.FailedForGood($"Agent '{job.AgentName}' no longer exists (it was deleted after the job was queued)");
        }

        var ownsSession = job.SessionId is null || job.OwnsSession;
        Guid sessionId;
        if (ownsSession)
        {
            var created = await sessions.CreateAsync(job.TenantId, job.AgentName, SessionOptions.Empty, cancellationToken);
            if (!created.IsSuccess)
            {
                return FromError(created.Error, null, ownsSession: false);
            }

            sessionId = created.Value.Id;
        }
        else
        {
            sessionId = job.SessionId!.Value;
            var found = await sessions.GetAsync(job.TenantId, sessionId, cancellationToken);
            if (!found.IsSuccess || found.Value.Status == SessionStatus.Ended)
            {
                return QueueAttempt.FailedForGood($"Session '{sessionId}' is gone or ended; the job cannot run in it", sessionId);
            }

            if (found.Value.Status is SessionStatus.Paused or SessionStatus.Stopped or SessionStatus.Error)
            {
                var resumed = await sessions.ResumeAsync(job.TenantId, sessionId, cancellationToken);
                if (!resumed.IsSuccess)
                {
                    return FromError(resumed.Error, sessionId, ownsSession: false);
                }
            }
        }

        await sessionChosen(sessionId, ownsSession);
        var attempt = await RunTurnAsync(job, sessionId, ownsSession, cancellationToken);
        if (ownsSession)
        {
            // Stopped after success (resumable), ended after a failure (the next attempt makes a new session).
            _ = attempt.Outcome == QueueAttemptOutcome.Completed
                ? await sessions.StopAsync(job.TenantId, sessionId, cancellationToken)
                : await sessions.EndAsync(job.TenantId, sessionId, cancellationToken);
        }

        return attempt;
    }

    private async Task<QueueAttempt> RunTurnAsync(QueueItem job, Guid sessionId, bool ownsSession, CancellationToken cancellationToken)
    {
        // Room for every event a turn may produce, so the job never falls behind and loses its end.
        var buffer = sessionOptions.TurnMaxOutputEvents + 64;
        var sent = await sessions.SendAsync(job.TenantId, sessionId, new TurnInput(PromptJson(job.Prompt), IncludePartialMessages: false), buffer, SubscriberWake.Queued, cancellationToken);
        if (!sent.IsSuccess)
        {
            return FromError(sent.Error, sessionId, ownsSession);
        }

        using var subscription = sent.Value.Subscription;
        string? turnComplete = null;
        string? error = null;
        var done = false;
        while (!done && await subscription.Reader.WaitToReadAsync(cancellationToken))
        {
            while (subscription.Reader.TryRead(out var next))
            {
                switch (next.Type)
                {
                    case EventTypes.TurnComplete:
                        turnComplete = next.DataText;
                        break;
                    case EventTypes.Error:
                        error ??= ErrorText(next.DataText);
                        break;
                    case EventTypes.Done:
                        done = true;
                        break;
                }
            }
        }

        if (!done)
        {
            return new QueueAttempt(QueueAttemptOutcome.Failed, sessionId, ownsSession, "The turn's events stopped before it finished", null);
        }

        return error is null
            ? new QueueAttempt(QueueAttemptOutcome.Completed, sessionId, ownsSession, null, ResultJson(turnComplete))
            : new QueueAttempt(QueueAttemptOutcome.Failed, sessionId, ownsSession, error, null);
    }

    private static QueueAttempt FromError(AshError error, Guid? sessionId, bool ownsSession) => error.Kind switch
    {
        ErrorKind.Capacity => new QueueAttempt(QueueAttemptOutcome.NoCapacity, sessionId, ownsSession, error.Message, null),
        ErrorKind.NotFound => QueueAttempt.FailedForGood(error.Message, sessionId, ownsSession),
        _ => new QueueAttempt(QueueAttemptOutcome.Failed, sessionId, ownsSession, error.Message, null),
    };

    private static string PromptJson(string prompt)
    {
        var output = new ArrayBufferWriter<byte>(prompt.Length + 16);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStringValue(prompt);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string ErrorText(string? data)
    {
        if (data is not null)
        {
            try
            {
                using var document = JsonDocument.Parse(data);
                if (document.RootElement.TryGetProperty("error", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString()!;
                }
            }
            catch (JsonException)
            {
                // Our own error events are JSON; anything else still fails the attempt, with the generic text.
            }
        }

        return "The turn failed";
    }

    /// <summary><c>{"text": the turn's final assistant text, "turnComplete": its turn_complete data, or null when large}</c>.</summary>
    private static string ResultJson(string? turnComplete)
    {
        string? text = null;
        var keep = false;
        if (turnComplete is not null)
        {
            using var document = JsonDocument.Parse(turnComplete);
            if (document.RootElement.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.String)
            {
                text = result.GetString();
            }

            keep = Encoding.UTF8.GetByteCount(turnComplete) <= MaxTurnCompleteBytes;
        }

        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            writer.WritePropertyName("turnComplete");
            if (keep)
            {
                writer.WriteRawValue(turnComplete!, skipInputValidation: true);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
