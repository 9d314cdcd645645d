namespace Ash.Core.Sessions;

/// <summary>Session statuses (API.md). Wire names are the lower-case member names.</summary>
public enum SessionStatus
{
    Starting,
    Active,
    Paused,
    Stopped,
    Ended,
    Error,
}
