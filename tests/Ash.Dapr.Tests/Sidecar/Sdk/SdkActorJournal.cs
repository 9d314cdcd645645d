using System.Collections.Concurrent;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>What the SDK app's actors went through: each entry is <c>kind:actor id:name:data</c>, in order of arrival.</summary>
public sealed class SdkActorJournal
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyList<string> Entries => [.. entries];

    public void Add(string kind, string actorId, string name = "", string data = "") =>
        entries.Enqueue($"{kind}:{actorId}:{name}:{data}");

    public int Count(string kind, string actorId, string name = "") =>
        entries.Count(entry => entry.StartsWith($"{kind}:{actorId}:{name}:", StringComparison.Ordinal));
}
