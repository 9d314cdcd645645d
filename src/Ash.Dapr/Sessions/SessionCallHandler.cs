using Ash.Core.Errors;
using Ash.Core.Sandboxes;
using Ash.Core.Sandboxes.Logs;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Dapr.App;

namespace Ash.Dapr.Sessions;

/// <summary>
/// The sessions app's side of <see cref="DaprSessionGateway"/>: runs each call on the session's actor in
/// this process (<paramref name="sessions"/> is the local service, never the gateway) and answers with the
/// value or the expected error, so the api app returns exactly what the embedded mode would.
/// </summary>
public sealed class SessionCallHandler(SessionService sessions, ISandboxLogs logs)
{
    public async Task<DaprActorResponse> HandleAsync(Guid sessionId, string method, ReadOnlyMemory<byte> body, string actorType, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case "create":
                var create = ActorCallBody.Read(body, SessionCallsJsonContext.Default.CreateCall);
                return Session(await sessions.CreateAsync(create.TenantId, create.AgentName, create.Options, cancellationToken, sessionId));
            case "fork":
                var fork = ActorCallBody.Read(body, SessionCallsJsonContext.Default.ForkSessionCall);
                return Session(await sessions.ForkAsync(fork.TenantId, fork.ParentSessionId, cancellationToken, sessionId));
            case "change":
                var change = ActorCallBody.Read(body, SessionCallsJsonContext.Default.ChangeCall);
                return Session(await sessions.ChangeAsync(change.TenantId, sessionId, change.Change, cancellationToken));
            case "configure":
                var configure = ActorCallBody.Read(body, SessionCallsJsonContext.Default.ConfigureCall);
                return Session(await sessions.ConfigureAsync(configure.TenantId, sessionId, configure.Change, cancellationToken));
            case "enqueue":
                var enqueue = ActorCallBody.Read(body, SessionCallsJsonContext.Default.EnqueueCall);
                var ticket = await sessions.EnqueueHereAsync(enqueue.TenantId, sessionId, enqueue.Input, cancellationToken);
                return ActorCallBody.Answer(CallAnswer<TurnTicket>.From(ticket), SessionCallsJsonContext.Default.CallAnswerTurnTicket);
            case "exec":
                var exec = ActorCallBody.Read(body, SessionCallsJsonContext.Default.ExecSessionCall);
                var ran = await sessions.ExecAsync(exec.TenantId, sessionId, new ExecRequest(exec.Command, TimeSpan.FromMilliseconds(exec.TimeoutMs), exec.MaxOutputBytes), cancellationToken);
                return ActorCallBody.Answer(CallAnswer<ExecResult>.From(ran), SessionCallsJsonContext.Default.CallAnswerExecResult);
            case "interrupt":
                var interrupt = ActorCallBody.Read(body, SessionCallsJsonContext.Default.TenantCall);
                var stopped = await sessions.InterruptAsync(interrupt.TenantId, sessionId, cancellationToken);
                return ActorCallBody.Answer(CallAnswer<bool>.From(stopped), SessionCallsJsonContext.Default.CallAnswerBoolean);
            case "logs":
                var read = ActorCallBody.Read(body, SessionCallsJsonContext.Default.SessionLogsCall);
                return ActorCallBody.Answer(new SessionLogsAnswer(await logs.ReadAsync(sessionId, read.After, read.Limit, cancellationToken)), SessionCallsJsonContext.Default.SessionLogsAnswer);
            default:
                throw new DaprActorMethodNotFoundException(actorType, method);
        }
    }

    private static DaprActorResponse Session(Result<Session> result) =>
        ActorCallBody.Answer(CallAnswer<Session>.From(result), SessionCallsJsonContext.Default.CallAnswerSession);
}
