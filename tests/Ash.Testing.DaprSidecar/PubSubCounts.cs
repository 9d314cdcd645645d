namespace Ash.Testing.DaprSidecar;

/// <summary>What the mesh's brokers did with messages, for tests to wait on.</summary>
/// <param name="Published">Messages accepted by <c>/v1.0/publish</c> (and dead-letter re-publications).</param>
/// <param name="Deliveries">Every POST to an app, first attempts and redeliveries alike.</param>
/// <param name="Redeliveries">POSTs that repeat an earlier, unacknowledged delivery.</param>
/// <param name="Acknowledged">Deliveries the app acknowledged (SUCCESS).</param>
/// <param name="Dropped">Messages given up without a dead-letter topic (DROP, 404, attempts exhausted, no route).</param>
/// <param name="DeadLettered">Messages forwarded to their subscription's dead-letter topic.</param>
public sealed record PubSubCounts(long Published, long Deliveries, long Redeliveries, long Acknowledged, long Dropped, long DeadLettered);
