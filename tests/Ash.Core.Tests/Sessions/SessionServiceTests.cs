using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Tests.Sessions.Fakes;

namespace Ash.Core.Tests.Sessions;

/// <summary>
/// The service is the tenant check in front of the session actor's contract (<see cref="ISessionGateway"/>): another
/// tenant's session never reaches the gateway, and the caller's own reaches it as the session itself, whichever
/// gateway it is (this process's actors, or the sessions app's).
/// </summary>
public sealed class SessionServiceTests
{
    [Fact]
    public async Task AnotherTenantsSession_IsNotFound_AndNeverReachesTheGateway()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, _) = await bed.CreateSessionAsync();
        var gateway = new RecordingGateway();
        var service = new SessionService(bed.Actors, bed.Context.Sessions, bed.Context.Agents, gateway);

        var stopped = await service.StopAsync("tenant-b", session.Id, CancellationToken.None);
        var sent = await service.EnqueueAsync("tenant-b", session.Id, new TurnInput("\"hi\"", IncludePartialMessages: false), CancellationToken.None);
        var interrupted = await service.InterruptAsync("tenant-b", session.Id, CancellationToken.None);

        Assert.Equal("session_not_found", stopped.Error?.Code);
        Assert.Equal("session_not_found", sent.Error?.Code);
        Assert.Equal("session_not_found", interrupted.Error?.Code);
        Assert.Empty(gateway.Calls);
    }

    [Fact]
    public async Task TheCallersOwnSession_ReachesTheGateway_AsTheSessionItself()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, _) = await bed.CreateSessionAsync();
        var gateway = new RecordingGateway();
        var service = new SessionService(bed.Actors, bed.Context.Sessions, bed.Context.Agents, gateway);

        await service.StopAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None);
        await service.ExecAsync(SessionCoreBed.Tenant, session.Id, new ExecRequest("true", TimeSpan.FromSeconds(1), 1024), CancellationToken.None);

        Assert.Equal([$"change Stop {session.Id}", $"exec {session.Id}"], gateway.Calls);
    }

    /// <summary>Records each call with the session it was given; answers "not here" to all.</summary>
    private sealed class RecordingGateway : ISessionGateway
    {
        private static readonly AshError NotHere = AshError.NotFound("not here", "not_here");

        public List<string> Calls { get; } = [];

        public Task<Result<Session>> CreateAsync(Guid? sessionId, string tenantId, string agentName, SessionOptions options, CancellationToken cancellationToken) =>
            Record<Session>($"create {agentName}");

        public Task<Result<Session>> ForkAsync(Guid? childSessionId, Session parent, CancellationToken cancellationToken) => Record<Session>($"fork {parent.Id}");

        public Task<Result<Session>> ChangeAsync(Session session, SessionChange change, CancellationToken cancellationToken) =>
            Record<Session>($"change {change} {session.Id}");

        public Task<Result<Session>> ConfigureAsync(Session session, SessionConfigChange change, CancellationToken cancellationToken) =>
            Record<Session>($"configure {session.Id}");

        public Task<Result<(TurnTicket Ticket, IEventSubscription Subscription)>> SendAsync(
            Session session, TurnInput input, int streamBuffer, SubscriberWake wake, CancellationToken cancellationToken) =>
            Record<(TurnTicket, IEventSubscription)>($"send {session.Id}");

        public Task<Result<TurnTicket>> EnqueueAsync(Session session, TurnInput input, CancellationToken cancellationToken) => Record<TurnTicket>($"enqueue {session.Id}");

        public Task<Result<ExecResult>> ExecAsync(Session session, ExecRequest request, CancellationToken cancellationToken) => Record<ExecResult>($"exec {session.Id}");

        public Task<Result<bool>> InterruptAsync(Session session, CancellationToken cancellationToken) => Record<bool>($"interrupt {session.Id}");

        private Task<Result<T>> Record<T>(string call)
        {
            Calls.Add(call);
            return Task.FromResult<Result<T>>(NotHere);
        }
    }
}
