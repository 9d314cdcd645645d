using Ash.Core.Agents;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The agent version a session runs, as its actor needs it: the row its create read (handed over, one agent read per
/// create, issue 16), and the <c>turns</c> settings of its ash.json, kept once known.
/// </summary>
internal sealed class SessionAgent(SessionActorState state, IAgentStore agents)
{
    /// <summary>
    /// The agent as the create read it, for that create's own steps: the sandbox's files and the first process start use it
    /// instead of reading the row again. The process start takes it; later starts (a cold resume, a wake after a stop)
    /// read the row again, which also finds out when the agent was deleted meanwhile.
    /// </summary>
    private Agent? _createdWith;

    /// <summary>The agent's <c>turns</c> settings, read with its ash.json when the process starts (or on first need).</summary>
    private AgentTurnLimits? _turnLimits;

    /// <summary>Hands the create's agent over, before its first workflow runs.</summary>
    public void CreatedWith(Agent agent)
    {
        Volatile.Write(ref _createdWith, agent);
        if (agent.Config is { } config)
        {
            // A warm sandbox is adopted, never started here: its turns learn the limits from the stored config now.
            Learn(config.Turns);
        }
    }

    /// <summary>After the create's workflow: a start later on reads the agent again.</summary>
    public void CreateDone() => Volatile.Write(ref _createdWith, null);

    public void Learn(AgentTurnLimits limits) => Volatile.Write(ref _turnLimits, limits);

    /// <summary>
    /// The agent at the session's version: the one the create handed over (taken for good when <paramref name="take"/>, by
    /// the process start, before its first await), else read now; null when it no longer exists.
    /// </summary>
    public Task<Agent?> AtVersionAsync(bool take, CancellationToken cancellationToken)
    {
        var handed = take ? Interlocked.Exchange(ref _createdWith, null) : Volatile.Read(ref _createdWith);
        if (handed is not null)
        {
            return Task.FromResult<Agent?>(handed);
        }

        var session = state.Session;
        return agents.GetAtVersionAsync(session.TenantId, session.AgentName, session.AgentVersionId, cancellationToken);
    }

    /// <summary>The agent's turn settings: kept from its stored config at the create or the process start, else read once now.</summary>
    public async Task<AgentTurnLimits> TurnLimitsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _turnLimits) is { } known)
        {
            return known;
        }

        var agent = await AtVersionAsync(take: false, cancellationToken);
        var limits = agent is not null && AgentVersionConfig.Of(agent) is { IsSuccess: true } config ? config.Value.Turns : AgentTurnLimits.None;
        Learn(limits);
        return limits;
    }
}
