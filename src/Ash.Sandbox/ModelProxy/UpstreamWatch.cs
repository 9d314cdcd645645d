namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// What the operator's model upstream did with the last request the proxy sent it with the server's own key
/// (<c>/health</c> shows it, so an operator sees a dead upstream or a refused key before a user does). A request
/// made with a tenant's credential is not watched: it says nothing about the server's key, and <c>/health</c> is public.
/// </summary>
public sealed class UpstreamWatch
{
    private UpstreamAnswer? _last;

    /// <summary>The last request's outcome, or null when none was sent since the server started.</summary>
    public UpstreamAnswer? Last => Volatile.Read(ref _last);

    public void Answered(int status, DateTimeOffset at) => Volatile.Write(ref _last, new UpstreamAnswer(at, status));

    public void Unreachable(DateTimeOffset at) => Volatile.Write(ref _last, new UpstreamAnswer(at, null));
}

/// <summary>One request's outcome: the upstream's HTTP status, or null when it did not answer (refused, unreachable, reset).</summary>
public sealed record UpstreamAnswer(DateTimeOffset At, int? Status)
{
    public bool Answered => Status is not null;

    /// <summary>Answered with a success: the upstream is up and takes the server's key.</summary>
    public bool Ok => Status is >= 200 and < 300;
}
