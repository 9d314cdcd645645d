namespace Ash.Core.Sessions;

/// <summary>The stored session record (API.md "Session").</summary>
public sealed record Session(
    Guid Id,
    string TenantId,
    string AgentName,
    string SandboxId,
    SessionStatus Status,
    string? RunnerId,
    Guid? ParentSessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActiveAt,
    SessionOptions Options)
{
    /// <summary>Bytes of agent output in the session's event log, counted against <c>Ash:Sessions:MaxEventLogBytes</c>.</summary>
    public long LogBytes { get; init; }

    /// <summary>
    /// The id of the agent version the session was created with (a fork: its parent's). The session runs that version's
    /// content and settings for its whole life, whichever version is active later; null for a session stored before
    /// agents had versions (it runs the active one).
    /// </summary>
    public string? AgentVersionId { get; init; }
}
