namespace Ash.Dapr.Client;

/// <summary>A value read from a state store: its raw JSON, and the ETag a conditional write must match.</summary>
public sealed record StateEntry(string Key, byte[] Json, string? ETag);
