using Ash.Core.Tests.Sessions.Fakes;

namespace Ash.Core.Tests.Sessions;

/// <summary>
/// A create reads the agent's row once (issue 16): the version it read is handed to the create's own steps (the
/// sandbox's files, the first process start, the turn limits) instead of each reading it again.
/// </summary>
public sealed class SessionServiceAgentReadsTests
{
    [Fact]
    public async Task ACreate_UpToItsProcessRunningAndItsFirstTurn_ReadsTheAgentOnce()
    {
        await using var bed = await SessionCoreBed.StartAsync();

        var (session, agent) = await bed.CreateSessionAsync();
        await bed.SendAsync(session.Id, "hello");
        await SessionCoreBed.StdinAsync(agent, 1);
        agent.Say(new AgentReplies().Turn("hi"));
        await bed.TurnAsync(session.Id, 1);

        Assert.Equal(1, bed.Agents.AgentReads);
    }
}
