using Ash.Core.Sessions.Actors;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>Another server's session runtime over the bed's database (<see cref="SessionCoreBed.AnotherHost"/>).</summary>
public sealed record SecondSessionHost(ScriptedSandboxHost Host, SessionActors Actors) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Actors.DisposeAsync();
}
