namespace Ash.Testing.DaprSidecar.State;

/// <summary>One write: an upsert carries <see cref="Json"/>, a delete does not.</summary>
/// <param name="FirstWrite"><c>options.concurrency: first-write</c>: without an ETag the key must not exist yet.</param>
internal sealed record StateOperation(string Key, byte[]? Json, string? ETag, bool FirstWrite)
{
    public bool IsDelete => Json is null;
}
