namespace Ash.Server.Tests.Dapr;

/// <summary>
/// One server process of a <see cref="DaprCluster"/>: its name (data directory, sidecar), Dapr app id, roles and
/// node. A deferred app's sidecar is in the mesh from the start, but its process starts only when the test
/// says so (<see cref="DaprCluster.StartDeferredAsync"/>), as a replica that joins later.
/// </summary>
internal sealed record ClusterApp(string Name, string AppId, string Roles, string? Node, bool Deferred = false);
