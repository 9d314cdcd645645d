using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ash.Testing.DaprSidecar;

/// <summary>The sidecars of a small Dapr deployment and the components they share.</summary>
public sealed record DaprMeshOptions
{
    public required IReadOnlyList<SidecarDefinition> Sidecars { get; init; }

    /// <summary>State store components; by default one actor state store named <c>statestore</c>.</summary>
    public IReadOnlyList<StateStoreDefinition> StateStores { get; init; } = [new("statestore") { IsActorStateStore = true }];

    /// <summary>Pub/sub component names; by default one named <c>pubsub</c>.</summary>
    public IReadOnlyList<string> PubSubs { get; init; } = ["pubsub"];

    public ReminderRetryPolicy ReminderRetry { get; init; } = ReminderRetryPolicy.Default;

    /// <summary>Delay before a message the app did not acknowledge is delivered again (Redis <c>redeliverInterval</c>).</summary>
    public TimeSpan RedeliveryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries of one message to one consumer group before it is dead-lettered or dropped (1 = no redelivery).</summary>
    public int MaxDeliveryAttempts { get; init; } = 3;

    /// <summary>How often a sidecar retries <c>GET /dapr/config</c> until its app answers.</summary>
    public TimeSpan AppPollInterval { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How often active actors are checked against their type's <c>actorIdleTimeout</c>.</summary>
    public TimeSpan IdleScanInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Sidecars.Count == 0)
        {
            problems.Add("Sidecars: at least one sidecar is required");
        }

        foreach (var sidecar in Sidecars)
        {
            if (string.IsNullOrWhiteSpace(sidecar.AppId))
            {
                problems.Add("Sidecars[].AppId: must not be empty");
            }

            if (sidecar.HttpPort is < 0 or > 65535)
            {
                problems.Add($"Sidecars[{sidecar.Name}].HttpPort: {sidecar.HttpPort} is not a port");
            }

            if (sidecar.GrpcPort is < 0 or > 65535)
            {
                problems.Add($"Sidecars[{sidecar.Name}].GrpcPort: {sidecar.GrpcPort} is not a port");
            }

            if (sidecar.AppBaseUrl is { IsAbsoluteUri: false })
            {
                problems.Add($"Sidecars[{sidecar.Name}].AppBaseUrl: must be absolute");
            }
        }

        problems.AddRange(Sidecars.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"Sidecars[].Name: '{g.Key}' is used by {g.Count()} sidecars (replicas of one app id need distinct names)"));
        problems.AddRange(StateStores.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"StateStores[].Name: '{g.Key}' is defined twice"));
        problems.AddRange(PubSubs.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"PubSubs: '{g.Key}' is defined twice"));
        if (StateStores.Count(s => s.IsActorStateStore) > 1)
        {
            problems.Add("StateStores[].IsActorStateStore: only one state store may be the actor state store");
        }

        if (ReminderRetry.MaxRetries < 0 || ReminderRetry.Interval < TimeSpan.Zero)
        {
            problems.Add("ReminderRetry: MaxRetries and Interval must not be negative");
        }

        if (RedeliveryInterval < TimeSpan.Zero)
        {
            problems.Add("RedeliveryInterval: must not be negative");
        }

        if (MaxDeliveryAttempts < 1)
        {
            problems.Add("MaxDeliveryAttempts: must be at least 1");
        }

        if (AppPollInterval <= TimeSpan.Zero || IdleScanInterval <= TimeSpan.Zero)
        {
            problems.Add("AppPollInterval and IdleScanInterval: must be positive");
        }

        return problems;
    }
}
