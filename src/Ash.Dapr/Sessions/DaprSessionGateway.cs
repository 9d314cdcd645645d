using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ash.Core.Errors;
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
public sealed class DaprSessionGateway(DaprClient dapr) : ISessionGateway
{
    public async Task<Result<Session>> CreateAsync(Guid sessionId, string tenantId, string agentName, SessionOptions options, CancellationToken cancellationToken) =>
        (await CallAsync(sessionId, "create", new CreateCall(tenantId, agentName, options), SessionCallsJsonContext.Default.CreateCall, SessionCallsJsonContext.Default.CallAnswerSession, cancellationToken)).ToResult();

    public async Task<Result<Session>> ForkAsync(Guid childSessionId, string tenantId, Guid parentSessionId, CancellationToken cancellationToken) =>
        (await CallAsync(childSessionId, "fork", new ForkSessionCall(tenantId, parentSessionId), SessionCallsJsonContext.Default.ForkSessionCall, SessionCallsJsonContext.Default.CallAnswerSession, cancellationToken)).ToResult();

    public async Task<Result<Session>> ChangeAsync(string tenantId, Guid sessionId, SessionChange change, CancellationToken cancellationToken) =>
        (await CallAsync(sessionId, "change", new ChangeCall(tenantId, change), SessionCallsJsonContext.Default.ChangeCall, SessionCallsJsonContext.Default.CallAnswerSession, cancellationToken)).ToResult();

    public async Task<Result<Session>> ConfigureAsync(string tenantId, Guid sessionId, SessionConfigChange change, CancellationToken cancellationToken) =>
        (await CallAsync(sessionId, "configure", new ConfigureCall(tenantId, change), SessionCallsJsonContext.Default.ConfigureCall, SessionCallsJsonContext.Default.CallAnswerSession, cancellationToken)).ToResult();

    public async Task<Result<TurnTicket>> EnqueueAsync(string tenantId, Guid sessionId, TurnInput input, CancellationToken cancellationToken) =>
        (await CallAsync(sessionId, "enqueue", new EnqueueCall(tenantId, input), SessionCallsJsonContext.Default.EnqueueCall, SessionCallsJsonContext.Default.CallAnswerTurnTicket, cancellationToken)).ToResult();

    /// <summary>The call holds the session actor's Dapr turn while the command runs (up to its timeout).</summary>
    public async Task<Result<ExecResult>> ExecAsync(string tenantId, Guid sessionId, ExecRequest request, CancellationToken cancellationToken)
    {
        var call = new ExecSessionCall(tenantId, request.Command, (long)request.Timeout.TotalMilliseconds, request.MaxOutputBytes);
        return (await CallAsync(sessionId, "exec", call, SessionCallsJsonContext.Default.ExecSessionCall, SessionCallsJsonContext.Default.CallAnswerExecResult, cancellationToken)).ToResult();
    }

    public async Task<Result<bool>> InterruptAsync(string tenantId, Guid sessionId, CancellationToken cancellationToken) =>
        (await CallAsync(sessionId, "interrupt", new TenantCall(tenantId), SessionCallsJsonContext.Default.TenantCall, SessionCallsJsonContext.Default.CallAnswerBoolean, cancellationToken)).ToResult();

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
