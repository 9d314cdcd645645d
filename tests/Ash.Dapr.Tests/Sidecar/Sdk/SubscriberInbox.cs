using System.Collections.Concurrent;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>What the SDK subscriber app's handlers received: the handler and the body as the handler bound it.</summary>
public sealed class SubscriberInbox
{
    private readonly ConcurrentQueue<(string Handler, Order Order)> received = new();

    public IReadOnlyList<(string Handler, Order Order)> Received => [.. received];

    public void Add(string handler, Order order) => received.Enqueue((handler, order));
}
