namespace Ash.Dapr.Tests.Sidecar;

/// <summary>An actor callback as the test app received it from its sidecar.</summary>
internal sealed record RecordedActorCall(string HttpMethod, string ActorType, string ActorId, string Method, string Body, string Query, string? ContentType, IReadOnlyDictionary<string, string> Headers);
