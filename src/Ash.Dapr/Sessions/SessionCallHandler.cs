using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ash.Core.Errors;
using Ash.Core.Sandboxes;
using Ash.Core.Sandboxes.Logs;
using Ash.Core.Sessions;
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
                var create = Read(body, SessionCallsJsonContext.Default.CreateCall);
                return Session(await sessions.CreateAsync(create.TenantId, create.AgentName, create.Options, cancellationToken, sessionId));
            case "fork":
                var fork = Read(body, SessionCallsJsonContext.Default.ForkSessionCall);
                return Session(await sessions.ForkAsync(fork.TenantId, fork.ParentSessionId, cancellationToken, sessionId));
            case "change":
                var change = Read(body, SessionCallsJsonContext.Default.ChangeCall);
                return Session(await sessions.ChangeAsync(change.TenantId, sessionId, change.Change, cancellationToken));
            case "enqueue":
                var enqueue = Read(body, SessionCallsJsonContext.Default.EnqueueCall);
                var ticket = await sessions.EnqueueHereAsync(enqueue.TenantId, sessionId, enqueue.Input, cancellationToken);
                return Write(ticket.IsSuccess ? new TicketAnswer(ticket.Value, null) : new TicketAnswer(null, WireError.From(ticket.Error)), SessionCallsJsonContext.Default.TicketAnswer);
            case "exec":
                var exec = Read(body, SessionCallsJsonContext.Default.ExecSessionCall);
                var ran = await sessions.ExecAsync(exec.TenantId, sessionId, new ExecRequest(exec.Command, TimeSpan.FromMilliseconds(exec.TimeoutMs), exec.MaxOutputBytes), cancellationToken);
                return Write(ran.IsSuccess ? new ExecAnswer(ran.Value, null) : new ExecAnswer(null, WireError.From(ran.Error)), SessionCallsJsonContext.Default.ExecAnswer);
            case "interrupt":
                var interrupt = Read(body, SessionCallsJsonContext.Default.TenantCall);
                var stopped = await sessions.InterruptAsync(interrupt.TenantId, sessionId, cancellationToken);
                return Write(stopped.IsSuccess ? new FlagAnswer(stopped.Value, null) : new FlagAnswer(false, WireError.From(stopped.Error)), SessionCallsJsonContext.Default.FlagAnswer);
            case "logs":
                var read = Read(body, SessionCallsJsonContext.Default.SessionLogsCall);
                return Write(new SessionLogsAnswer(await logs.ReadAsync(sessionId, read.After, read.Limit, cancellationToken)), SessionCallsJsonContext.Default.SessionLogsAnswer);
            default:
                throw new DaprActorMethodNotFoundException(actorType, method);
        }
    }

    private static DaprActorResponse Session(Result<Session> result) =>
        Write(result.IsSuccess ? new SessionAnswer(result.Value, null) : new SessionAnswer(null, WireError.From(result.Error)), SessionCallsJsonContext.Default.SessionAnswer);

    private static T Read<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body.Span, type) ?? throw new ArgumentException($"the call's body is not a {typeof(T).Name}");

    private static DaprActorResponse Write<T>(T value, JsonTypeInfo<T> type) => new(JsonSerializer.SerializeToUtf8Bytes(value, type));
}
