namespace Ash.Core.Queue;

public enum QueueStatus
{
    Pending,
    Processing,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>The wire names of <see cref="QueueStatus"/> (Ash's).</summary>
public static class QueueStatusNames
{
    public static string ToWire(this QueueStatus status) => status switch
    {
        QueueStatus.Pending => "pending",
        QueueStatus.Processing => "processing",
        QueueStatus.Completed => "completed",
        QueueStatus.Failed => "failed",
        _ => "cancelled",
    };

    public static bool TryParse(string? text, out QueueStatus status)
    {
        foreach (var candidate in Enum.GetValues<QueueStatus>())
        {
            if (candidate.ToWire() == text)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
