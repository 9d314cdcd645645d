namespace Ash.Server.Dapr;

/// <summary>What start-up waits for on Dapr (the sidecar to know <see cref="ActorType"/>, when the app hosts one) and then does before the app is open.</summary>
internal sealed record DaprStartupWork(string? ActorType, Func<CancellationToken, Task> RunAsync);
