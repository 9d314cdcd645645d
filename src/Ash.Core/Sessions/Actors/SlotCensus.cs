namespace Ash.Core.Sessions.Actors;

/// <summary>What the sessions holding a live-sandbox slot are doing now.</summary>
/// <param name="Starting">Their agent process is starting (or waits for a message to start it).</param>
/// <param name="Waiting">Their agent process is alive and idle between messages.</param>
/// <param name="Running">A turn is running or queued.</param>
public readonly record struct SlotCensus(int Starting, int Waiting, int Running)
{
    public int Total => Starting + Waiting + Running;
}
