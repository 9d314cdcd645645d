namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>An event's data as the subscriber's handlers bind it.</summary>
public sealed record Order(int OrderId, string Item);
