using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sandboxes;
using Ash.Core.Sandboxes.Logs;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Lifecycle;
using Ash.Dapr.Client;

namespace Ash.Dapr.Sessions;

/// <summary>
/// An api app's way to its sessions: every operation is a method call on the session's actor (type
/// <c>session</c>, id = session id), which Dapr placement delivers to the sessions app that hosts it, one
/// call per session at a time. Turn events come back separately, through the event bus.
/// </summary>
public sealed class DaprSessionGateway(DaprClient dapr, IEventBus bus) : ISessionGateway
{
    /// <summary>The id is chosen here: it names the actor the create is delivered to.</summary>
    public async Task<Result<Session>> CreateAsync(Guid? sessionId, string tenantId, string agentName, SessionOptions options, CancellationToken cancellationToken) =>
        (await CallAsync(sessionId ?? Guid.NewGuid(), "create", new CreateCall(tenantId, agentName, options), SessionCallsJsonContext.Default.CreateCall, SessionCallsJsonContext.Default.CallAnswerSession, cancellationToken)).ToResult();

    public async Task<Result<Session>> ForkAsync(Guid? childSessionId, Session parent, CancellationToken cancellationToken) =>
        (await CallAsync(childSessionId ?? Guid.NewGuid(), "fork", new ForkSessionCall(parent.TenantId, parent.Id), SessionCallsJsonContext.Default.ForkSessionCall, SessionCallsJsonContext.Default.CallAnswerSession, cancellationToken)).ToResult();

    public async Task<Result<Session>> ChangeAsync(Session session, SessionChange change, CancellationToken cancellationToken) =>
        (await CallAsync(session.Id, "change", new ChangeCall(session.TenantId, change), SessionCallsJsonContext.Default.ChangeCall, SessionCallsJsonContext.Default.CallAnswerSession, cancellationToken)).ToResult();

    public async Task<Result<Session>> ConfigureAsync(Session session, SessionConfigChange change, CancellationToken cancellationToken) =>
        (await CallAsync(session.Id, "configure", new ConfigureCall(session.TenantId, change), SessionCallsJsonContext.Default.ConfigureCall, SessionCallsJsonContext.Default.CallAnswerSession, cancellationToken)).ToResult();

    /// <summary>
    /// Subscribed before the turn is queued, so none of its events can pass by; the turn's number comes back with the
    /// answer, and only then does the subscription pass that turn's events on.
    /// </summary>
    public async Task<Result<(TurnTicket Ticket, IEventSubscription Subscription)>> SendAsync(
        Session session, TurnInput input, int streamBuffer, SubscriberWake wake, CancellationToken cancellationToken)
    {
        var subscription = new TurnSubscription(bus.Subscribe(session.Id, streamBuffer, wake: wake));
        try
        {
            var queued = await EnqueueAsync(session, input, cancellationToken);
            if (!queued.IsSuccess)
            {
                subscription.Dispose();
                return queued.Error;
            }

            subscription.Turn = queued.Value.Turn;
            return (queued.Value, (IEventSubscription)subscription);
        }
        catch (Exception)
        {
            subscription.Dispose();
            throw;
        }
    }

    public async Task<Result<TurnTicket>> EnqueueAsync(Session session, TurnInput input, CancellationToken cancellationToken) =>
        (await CallAsync(session.Id, "enqueue", new EnqueueCall(session.TenantId, input), SessionCallsJsonContext.Default.EnqueueCall, SessionCallsJsonContext.Default.CallAnswerTurnTicket, cancellationToken)).ToResult();

    /// <summary>The call holds the session actor's Dapr turn while the command runs (up to its timeout).</summary>
    public async Task<Result<ExecResult>> ExecAsync(Session session, ExecRequest request, CancellationToken cancellationToken)
    {
        var call = new ExecSessionCall(session.TenantId, request.Command, (long)request.Timeout.TotalMilliseconds, request.MaxOutputBytes);
        return (await CallAsync(session.Id, "exec", call, SessionCallsJsonContext.Default.ExecSessionCall, SessionCallsJsonContext.Default.CallAnswerExecResult, cancellationToken)).ToResult();
    }

    public async Task<Result<bool>> InterruptAsync(Session session, CancellationToken cancellationToken) =>
        (await CallAsync(session.Id, "interrupt", new TenantCall(session.TenantId), SessionCallsJsonContext.Default.TenantCall, SessionCallsJsonContext.Default.CallAnswerBoolean, cancellationToken)).ToResult();

    public async Task<IReadOnlyList<SandboxLogEntry>> ReadLogsAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await CallAsync(sessionId, "logs", new SessionLogsCall(after, limit), SessionCallsJsonContext.Default.SessionLogsCall, SessionCallsJsonContext.Default.SessionLogsAnswer, cancellationToken);
            return answer.Lines;
        }
        catch (DaprException)
        {
            // The log is a diagnostic: when it cannot be reached now it reads as no lines, never as a failure.
            return [];
        }
    }

    private async Task<TAnswer> CallAsync<TCall, TAnswer>(
        Guid sessionId, string method, TCall call, JsonTypeInfo<TCall> callType, JsonTypeInfo<TAnswer> answerType, CancellationToken cancellationToken)
    {
        byte[] answer;
        try
        {
            answer = await dapr.InvokeActorAsync(SessionReminders.ActorType, sessionId.ToString(), method, JsonSerializer.SerializeToUtf8Bytes(call, callType), cancellationToken);
        }
        catch (DaprException exception) when (StoreErrorCodes.ToException(exception.AppErrorCode, exception.AppMessage ?? exception.Message, exception) is { } refusal)
        {
            // The sessions app's database refused (busy, down, full): the same refusal here, never a 500.
            throw refusal;
        }

        return JsonSerializer.Deserialize(answer, answerType) ?? throw new DaprException(System.Net.HttpStatusCode.BadGateway, null, $"the session actor answered {method} with nothing");
    }
}
