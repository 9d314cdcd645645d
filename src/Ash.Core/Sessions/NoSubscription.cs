namespace Ash.Core.Sessions;

/// <summary>What a turn queued for a caller in another process subscribes here: nothing.</summary>
internal sealed class NoSubscription : IDisposable
{
    public static readonly NoSubscription Instance = new();

    public void Dispose()
    {
    }
}
