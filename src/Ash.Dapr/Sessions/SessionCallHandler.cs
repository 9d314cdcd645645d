using Ash.Core.Errors;
using Ash.Core.Sandboxes;
using Ash.Core.Sandboxes.Logs;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Dapr.App;

namespace Ash.Dapr.Sessions;

/// <summary>
/// The sessions app's side of <see cref="DaprSessionGateway"/>: checks the call's tenant against the session
/// (<paramref name="sessions"/>), runs the call on the session's actor in this process (<paramref name="local"/>, never
/// the gateway) and answers with the value or the expected error, so the api app returns exactly what the embedded
/// mode would.
/// </summary>
public sealed class SessionCallHandler(SessionService sessions, LocalSessionGateway local, ISandboxLogs logs)
{
    public async Task<DaprActorResponse> HandleAsync(Guid sessionId, string method, ReadOnlyMemory<byte> body, string actorType, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case "create":
                var create = ActorCallBody.Read(body, SessionCallsJsonContext.Default.CreateCall);
                return Session(await local.CreateAsync(sessionId, create.TenantId, create.AgentName, create.Options, cancellationToken));
            case "fork":
                var fork = ActorCallBody.Read(body, SessionCallsJsonContext.Default.ForkSessionCall);
                return Session(await OnSessionAsync(fork.TenantId, fork.ParentSessionId, parent => local.ForkAsync(sessionId, parent, cancellationToken), cancellationToken));
            case "change":
                var change = ActorCallBody.Read(body, SessionCallsJsonContext.Default.ChangeCall);
                return Session(await OnSessionAsync(change.TenantId, sessionId, session => local.ChangeAsync(session, change.Change, cancellationToken), cancellationToken));
            case "configure":
                var configure = ActorCallBody.Read(body, SessionCallsJsonContext.Default.ConfigureCall);
                return Session(await OnSessionAsync(configure.TenantId, sessionId, session => local.ConfigureAsync(session, configure.Change, cancellationToken), cancellationToken));
            case "enqueue":
                var enqueue = ActorCallBody.Read(body, SessionCallsJsonContext.Default.EnqueueCall);
                var ticket = await OnSessionAsync(enqueue.TenantId, sessionId, session => local.EnqueueAsync(session, enqueue.Input, cancellationToken), cancellationToken);
                return ActorCallBody.Answer(CallAnswer<TurnTicket>.From(ticket), SessionCallsJsonContext.Default.CallAnswerTurnTicket);
            case "exec":
                var exec = ActorCallBody.Read(body, SessionCallsJsonContext.Default.ExecSessionCall);
                var request = new ExecRequest(exec.Command, TimeSpan.FromMilliseconds(exec.TimeoutMs), exec.MaxOutputBytes);
                var ran = await OnSessionAsync(exec.TenantId, sessionId, session => local.ExecAsync(session, request, cancellationToken), cancellationToken);
                return ActorCallBody.Answer(CallAnswer<ExecResult>.From(ran), SessionCallsJsonContext.Default.CallAnswerExecResult);
            case "interrupt":
                var interrupt = ActorCallBody.Read(body, SessionCallsJsonContext.Default.TenantCall);
                var stopped = await OnSessionAsync(interrupt.TenantId, sessionId, session => local.InterruptAsync(session, cancellationToken), cancellationToken);
                return ActorCallBody.Answer(CallAnswer<bool>.From(stopped), SessionCallsJsonContext.Default.CallAnswerBoolean);
            case "logs":
                var read = ActorCallBody.Read(body, SessionCallsJsonContext.Default.SessionLogsCall);
                return ActorCallBody.Answer(new SessionLogsAnswer(await logs.ReadAsync(sessionId, read.After, read.Limit, cancellationToken)), SessionCallsJsonContext.Default.SessionLogsAnswer);
            default:
                throw new DaprActorMethodNotFoundException(actorType, method);
        }
    }

    /// <summary>The tenant check (the api app made it too; a call is never trusted to be the caller's own), then the operation.</summary>
    private async Task<Result<T>> OnSessionAsync<T>(string tenantId, Guid sessionId, Func<Session, Task<Result<T>>> operation, CancellationToken cancellationToken)
    {
        var found = await sessions.GetAsync(tenantId, sessionId, cancellationToken);
        return found.IsSuccess ? await operation(found.Value) : found.Error;
    }

    private static DaprActorResponse Session(Result<Session> result) =>
        ActorCallBody.Answer(CallAnswer<Session>.From(result), SessionCallsJsonContext.Default.CallAnswerSession);
}
