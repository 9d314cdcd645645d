using System.Text.Json;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>Another server's session runtime over the bed's database (<see cref="SessionCoreBed.AnotherHost"/>).</summary>
public sealed record SecondSessionHost(ScriptedSandboxHost Host, SessionActors Actors) : IAsyncDisposable
{
    /// <summary>Queues a message on this host's actor of the session (the subscription it asks for is a stand-in nobody reads).</summary>
    public async Task<TurnTicket> SendAsync(Session session, string text)
    {
        var queued = await Actors.UseAsync(
            session,
            actor => actor.EnqueueAsync(new TurnInput(JsonSerializer.Serialize(text), IncludePartialMessages: false), _ => new MemoryStream(), CancellationToken.None),
            CancellationToken.None);
        Assert.True(queued.IsSuccess, queued.IsSuccess ? null : queued.Error.Message);
        queued.Value.Subscription.Dispose();
        return queued.Value.Ticket;
    }

    /// <summary>The <paramref name="index"/>th process this host started (0 first), once it has started.</summary>
    public async Task<ScriptedAgentProcess> ProcessAsync(int index)
    {
        await Eventually.TrueAsync(() => Host.Started.Count > index, $"agent process {index} on the other host to start");
        return Host.Started[index];
    }

    public ValueTask DisposeAsync() => Actors.DisposeAsync();
}
