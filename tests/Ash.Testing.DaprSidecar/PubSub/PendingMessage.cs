using System.Text.Json.Nodes;

namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary>A message waiting for one consumer group; <see cref="Attempt"/> counts deliveries so far plus this one.</summary>
internal sealed record PendingMessage(JsonObject Envelope, byte[] Body, int Attempt);
