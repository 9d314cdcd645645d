namespace Ash.Core.Usage;

/// <summary>One stored usage event (Ash's UsageEvent, plus the model it was used with).</summary>
public sealed record UsageEvent(Guid Id, string TenantId, Guid SessionId, string AgentName, string EventType, double Value, string? Model, DateTimeOffset CreatedAt);
