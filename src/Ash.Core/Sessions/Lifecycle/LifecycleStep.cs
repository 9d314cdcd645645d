namespace Ash.Core.Sessions.Lifecycle;

/// <summary>One named, idempotent step of a lifecycle workflow.</summary>
public sealed record LifecycleStep(string Name, Func<ISessionSteps, LifecycleInput, CancellationToken, Task> RunAsync);
