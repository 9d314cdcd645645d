using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Tests.Sessions.Fakes;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>The runtime's hold on an activation: an actor in use, with a process, or recently used is never retired; a retired one takes no lease.</summary>
public sealed class ActorLeaseTests
{
    [Fact]
    public async Task AnIdleActor_IsRetired_OnlyOnceItsLeasesAreBack_AndItsTimeoutHasPassed()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, _) = await bed.CreateSessionAsync();
        var stopped = await bed.Service.ChangeAsync(SessionCoreBed.Tenant, session.Id, SessionChange.Stop, CancellationToken.None);
        Assert.Equal(SessionStatus.Stopped, stopped.Value?.Status);
        var lease = new ActorLease(bed.Actors.Find(session.Id)!);
        var timeout = bed.Options.ActorIdleTimeout;

        Assert.False(lease.TryRetire(timeout, bed.Time), "retired before its idle timeout");
        Assert.True(lease.TryTake());
        bed.Time.Advance(timeout + TimeSpan.FromSeconds(1));
        Assert.False(lease.TryRetire(timeout, bed.Time), "retired while a caller holds a lease");

        lease.Return();
        Assert.True(lease.TryRetire(timeout, bed.Time));
        Assert.False(lease.TryTake(), "a retired actor took a lease");
    }

    [Fact]
    public async Task AnActorWithAProcess_IsNotRetired_HoweverLongItIsIdle()
    {
        await using var bed = await SessionCoreBed.StartAsync(new SessionRuntimeOptions { IdleTimeout = TimeSpan.FromDays(1) });
        var (session, _) = await bed.CreateSessionAsync();
        var lease = new ActorLease(bed.Actors.Find(session.Id)!);

        bed.Time.Advance(bed.Options.ActorIdleTimeout * 10);

        Assert.True(lease.Actor.HoldsSandbox);
        Assert.False(lease.TryRetire(bed.Options.ActorIdleTimeout, bed.Time));
    }
}
