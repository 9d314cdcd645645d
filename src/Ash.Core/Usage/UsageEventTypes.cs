namespace Ash.Core.Usage;

/// <summary>Ash's usage event types, one row each per model request, plus our <see cref="CostUsd"/>.</summary>
public static class UsageEventTypes
{
    public const string InputTokens = "input_tokens";
    public const string OutputTokens = "output_tokens";
    public const string CacheCreationTokens = "cache_creation_tokens";
    public const string CacheReadTokens = "cache_read_tokens";
    public const string CostUsd = "cost_usd";
}
