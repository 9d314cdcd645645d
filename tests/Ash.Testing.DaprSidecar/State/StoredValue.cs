namespace Ash.Testing.DaprSidecar.State;

/// <summary>A value as saved (the raw JSON text of <c>value</c>) and its current ETag.</summary>
internal sealed record StoredValue(byte[] Json, string ETag);
