namespace Ash.Core.Sessions;

public static class SessionStatusNames
{
    public static string ToWire(this SessionStatus status) => status switch
    {
        SessionStatus.Starting => "starting",
        SessionStatus.Active => "active",
        SessionStatus.Paused => "paused",
        SessionStatus.Stopped => "stopped",
        SessionStatus.Ended => "ended",
        SessionStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? value, out SessionStatus status)
    {
        switch (value)
        {
            case "starting": status = SessionStatus.Starting; return true;
            case "active": status = SessionStatus.Active; return true;
            case "paused": status = SessionStatus.Paused; return true;
            case "stopped": status = SessionStatus.Stopped; return true;
            case "ended": status = SessionStatus.Ended; return true;
            case "error": status = SessionStatus.Error; return true;
            default: status = default; return false;
        }
    }
}
