namespace Ash.Server.Hosting;

/// <summary>Which database this server uses ("sqlite" or "postgres"), as reported by /health.</summary>
public sealed record StorageKind(string Name);
