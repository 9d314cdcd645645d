namespace Ash.Core.Sessions.Lifecycle;

/// <summary>
/// How far one session's lifecycle operation got: the operation's name, the index of the next step
/// to run, how many times that step has failed, and the operation's input (JSON or null).
/// Stored before each step runs, so a restarted server continues where the last one stopped.
/// </summary>
public sealed record LifecycleProgress(
    Guid SessionId,
    string Operation,
    int Step,
    int Attempt,
    string? Data,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    string? LastError);
