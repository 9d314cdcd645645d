using Ash.Core.Events;
using Ash.Core.Tests.Sessions.Fakes;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>Turns on the session core with a scripted agent: queued in arrival order, one at a time, each closed by <c>done</c>.</summary>
public sealed class SessionActorTurnTests
{
    [Fact]
    public async Task MessagesSentWhileATurnRuns_AreQueued_AndRunOneAtATimeInOrder()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        var replies = new AgentReplies();

        var tickets = new[]
        {
            await bed.SendAsync(session.Id, "first"),
            await bed.SendAsync(session.Id, "second"),
            await bed.SendAsync(session.Id, "third"),
        };
        Assert.Equal([1L, 2, 3], tickets.Select(t => t.Turn));

        // Each message reaches the agent only once the turn before it is closed in the log.
        string[] texts = ["first", "second", "third"];
        for (var turn = 1; turn <= 3; turn++)
        {
            var stdin = await SessionCoreBed.StdinAsync(agent, turn);
            Assert.Equal(texts[..turn].Select(text => $"user: {text}"), StdinLine.Describe(stdin));
            var closed = (await bed.EventsAsync(session.Id)).Where(e => e.Type == EventTypes.Done).Select(e => e.Turn);
            Assert.Equal(Enumerable.Range(1, turn - 1).Select(t => (long)t), closed);

            agent.Say(replies.Turn($"reply {turn}"));
            await bed.TurnAsync(session.Id, turn);
        }

        var events = await bed.EventsAsync(session.Id);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(s => (long)s), events.Select(e => e.Sequence));
        var turns = events.Where(e => e.Turn != 0).ToList();
        Assert.Equal([1L, 2, 3], turns.Select(e => e.Turn).Distinct());
        Assert.True(turns.Zip(turns.Skip(1)).All(pair => pair.First.Turn <= pair.Second.Turn), "A turn's events interleaved with another's");
        foreach (var turn in turns.GroupBy(e => e.Turn))
        {
            Assert.Equal(EventTypes.SessionStart, turn.First().Type);
            Assert.Equal(EventTypes.Done, turn.Last().Type);
            Assert.DoesNotContain(turn, e => e.Type == EventTypes.Error);
            Assert.Contains($"reply {turn.Key}", string.Join("\n", turn.Select(e => e.DataText)));
        }
    }
}
