namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary>Running totals for one (pubsub, topic), updated from any thread.</summary>
internal sealed class TopicCounters
{
    private long published;
    private long deliveries;
    private long redeliveries;
    private long acknowledged;
    private long dropped;
    private long deadLettered;

    public void Published() => Interlocked.Increment(ref published);

    public void Delivered(bool isRedelivery)
    {
        Interlocked.Increment(ref deliveries);
        if (isRedelivery)
        {
            Interlocked.Increment(ref redeliveries);
        }
    }

    public void Acknowledged() => Interlocked.Increment(ref acknowledged);

    public void Dropped() => Interlocked.Increment(ref dropped);

    public void DeadLettered() => Interlocked.Increment(ref deadLettered);

    public PubSubCounts Snapshot() => new(
        Interlocked.Read(ref published), Interlocked.Read(ref deliveries), Interlocked.Read(ref redeliveries),
        Interlocked.Read(ref acknowledged), Interlocked.Read(ref dropped), Interlocked.Read(ref deadLettered));
}
