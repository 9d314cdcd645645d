namespace Ash.Core.Sessions.Actors;

/// <summary>
/// How sessions came back to a running agent since start-up (Ash's <c>resumeWarmHits</c>/<c>resumeColdHits</c>):
/// warm when a resume found the process alive and only flipped the status, cold when a new process had to start
/// over the kept files and conversation (<c>--resume</c>): a resume that started one, or a message that woke a
/// session whose process had stopped.
/// </summary>
public sealed class ResumeCounters
{
    private long _warm;
    private long _cold;

    public long Warm => Interlocked.Read(ref _warm);

    public long Cold => Interlocked.Read(ref _cold);

    internal void CountWarm() => Interlocked.Increment(ref _warm);

    internal void CountCold() => Interlocked.Increment(ref _cold);
}
