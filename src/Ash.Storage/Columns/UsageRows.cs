using Ash.Core.Usage;

namespace Ash.Storage.Columns;

/// <summary>How a model request's usage becomes event rows, and a fetched page becomes a <see cref="UsagePage"/>; the same in both stores.</summary>
internal static class UsageRows
{
    public static IEnumerable<(string EventType, double Value)> Of(ModelUsage usage)
    {
        yield return (UsageEventTypes.InputTokens, usage.InputTokens);
        yield return (UsageEventTypes.OutputTokens, usage.OutputTokens);
        yield return (UsageEventTypes.CacheCreationTokens, usage.CacheCreationTokens);
        yield return (UsageEventTypes.CacheReadTokens, usage.CacheReadTokens);
        yield return (UsageEventTypes.CostUsd, (double)usage.CostUsd);
    }

    /// <summary><paramref name="fetched"/> holds up to one event more than <paramref name="limit"/>: its presence means there is a next page.</summary>
    public static UsagePage Page(List<UsageEvent> fetched, int limit)
    {
        if (fetched.Count <= limit)
        {
            return new UsagePage(fetched, null);
        }

        fetched.RemoveAt(fetched.Count - 1);
        var last = fetched[^1];
        return new UsagePage(fetched, new UsageCursor(last.CreatedAt, last.Id));
    }
}
