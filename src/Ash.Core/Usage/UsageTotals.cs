namespace Ash.Core.Usage;

/// <summary>Sums of the usage events that match a filter, by type.</summary>
public sealed record UsageTotals(long InputTokens, long OutputTokens, long CacheCreationTokens, long CacheReadTokens, decimal CostUsd)
{
    public static UsageTotals From(IReadOnlyDictionary<string, double> sums) => new(
        (long)sums.GetValueOrDefault(UsageEventTypes.InputTokens),
        (long)sums.GetValueOrDefault(UsageEventTypes.OutputTokens),
        (long)sums.GetValueOrDefault(UsageEventTypes.CacheCreationTokens),
        (long)sums.GetValueOrDefault(UsageEventTypes.CacheReadTokens),
        Math.Round((decimal)sums.GetValueOrDefault(UsageEventTypes.CostUsd), 6));
}
