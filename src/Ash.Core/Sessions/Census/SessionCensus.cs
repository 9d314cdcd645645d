namespace Ash.Core.Sessions.Census;

/// <summary>
/// How many stored sessions are in each status, as last counted (<see cref="SessionCensusRefresh"/>). The
/// metrics read this snapshot, so a scrape never waits on the database; the counts are the whole session
/// table's (every tenant), as fresh as the last refresh.
/// </summary>
public sealed class SessionCensus(ISessionStore store)
{
    public static readonly SessionStatus[] Statuses = Enum.GetValues<SessionStatus>();

    private int[] _counts = new int[Statuses.Length];

    /// <summary>False until the first count: the metrics leave the families out rather than report zeros.</summary>
    public bool IsKnown { get; private set; }

    public int Count(SessionStatus status) => Volatile.Read(ref _counts)[(int)status];

    /// <summary>Sessions not ended (their files and conversation are kept): a process here runs some of them.</summary>
    public int Resumable
    {
        get
        {
            var counts = Volatile.Read(ref _counts);
            var total = 0;
            foreach (var status in Statuses)
            {
                total += status == SessionStatus.Ended ? 0 : counts[(int)status];
            }

            return total;
        }
    }

    /// <summary>One indexed count per status (the <c>sessions_by_status</c> index).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var counts = new int[Statuses.Length];
        foreach (var status in Statuses)
        {
            counts[(int)status] = await store.CountByStatusAsync(status, cancellationToken);
        }

        Volatile.Write(ref _counts, counts);
        IsKnown = true;
    }
}
