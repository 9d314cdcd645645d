namespace Ash.Dapr.Tests.Sidecar;

internal sealed record RecordedDeactivation(string ActorType, string ActorId);
