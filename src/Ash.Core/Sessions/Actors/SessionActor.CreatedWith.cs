using Ash.Core.Agents;

namespace Ash.Core.Sessions.Actors;

/// <summary>The agent version a new session was created on, read once by its create (issue 16).</summary>
public sealed partial class SessionActor
{
    /// <summary>
    /// The agent at the session's version as its create read it, handed to that create's own steps: the sandbox's files and
    /// the first process start use it instead of reading the agent's row again. The process start takes it; later starts (a
    /// cold resume, a wake after a stop) read the row again, which also finds out when the agent was deleted meanwhile.
    /// </summary>
    private Agent? _createdWith;

    /// <summary>Hands the create's agent to this new actor, before its first workflow runs.</summary>
    public void CreatedWith(Agent agent)
    {
        Volatile.Write(ref _createdWith, agent);
        if (agent.Config is { } config)
        {
            // A warm sandbox is adopted, never started here: its turns learn the limits from the stored config now.
            Volatile.Write(ref _agentTurnLimits, config.Turns);
        }
    }

    /// <summary>After the create's workflow: a start later on reads the agent again, and the session may be stopped to make room.</summary>
    public void CreateDone()
    {
        Volatile.Write(ref _createdWith, null);
        Volatile.Write(ref _creating, 0);
    }

    /// <summary>
    /// The agent at the session's version: the one the create handed over (taken for good when <paramref name="take"/>, by
    /// the process start, before its first await), else read now; null when it no longer exists.
    /// </summary>
    private Task<Agent?> AgentAtVersionAsync(bool take, CancellationToken cancellationToken)
    {
        var handed = take ? Interlocked.Exchange(ref _createdWith, null) : Volatile.Read(ref _createdWith);
        return handed is not null
            ? Task.FromResult<Agent?>(handed)
            : _context.Agents.GetAtVersionAsync(Session.TenantId, Session.AgentName, Session.AgentVersionId, cancellationToken);
    }
}
