namespace Ash.Server.Tests.Dapr;

/// <summary>One server process of a <see cref="DaprCluster"/>: its name (data directory, sidecar), Dapr app id, roles and node.</summary>
internal sealed record ClusterApp(string Name, string AppId, string Roles, string? Node);
