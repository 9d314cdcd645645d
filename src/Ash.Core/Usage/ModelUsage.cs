namespace Ash.Core.Usage;

/// <summary>What one model request used, as the upstream reported it, with what it cost (<see cref="ModelPrices"/>).</summary>
public sealed record ModelUsage(
    string TenantId,
    Guid SessionId,
    string AgentName,
    string Model,
    long InputTokens,
    long OutputTokens,
    long CacheCreationTokens,
    long CacheReadTokens,
    decimal CostUsd,
    DateTimeOffset At);
