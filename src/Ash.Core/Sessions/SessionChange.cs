namespace Ash.Core.Sessions;

/// <summary>The lifecycle operations a client asks of a session.</summary>
public enum SessionChange
{
    Pause,
    Resume,
    Stop,
    End,
}
