using Ash.Core.Budgets;
using Ash.Core.Usage;

namespace Ash.Sandbox.ModelProxy;

/// <summary>Whose model requests pass through one sandbox's proxy, and where their usage goes (and the cost, to the running turn's count).</summary>
internal sealed class SandboxUsage(IUsageSink sink, TurnBudgets? turns, string tenantId, Guid sessionId, string agentName, TimeProvider time, ModelProxyMetrics? metrics = null)
{
    public ValueTask RecordAsync(MeteredUsage metered, CancellationToken cancellationToken)
    {
        var cost = ModelPrices.CostUsd(metered.Model, metered.InputTokens, metered.OutputTokens, metered.CacheCreationTokens, metered.CacheReadTokens);
        turns?.AddCost(sessionId, cost);
        metrics?.UsageReported(metered.Model, metered.InputTokens, metered.OutputTokens, metered.CacheCreationTokens, metered.CacheReadTokens, cost);
        return sink.RecordAsync(
            new ModelUsage(tenantId, sessionId, agentName, metered.Model, metered.InputTokens, metered.OutputTokens, metered.CacheCreationTokens, metered.CacheReadTokens, cost, time.GetUtcNow()),
            cancellationToken);
    }
}
