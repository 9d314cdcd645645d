namespace Ash.Dapr.App;

/// <summary>A message as a subscriber sees it: the CloudEvent's attributes we use and its payload as raw JSON.</summary>
public sealed record CloudEventDelivery(string? Id, string? Source, string? Type, string? Topic, string? PubSubName, byte[] Data);
