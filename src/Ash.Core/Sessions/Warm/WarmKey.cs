namespace Ash.Core.Sessions.Warm;

/// <summary>
/// What a warm sandbox was made for: one tenant's agent at one deployed version, with the agent's
/// default session options. A redeploy changes the version, so older sandboxes never match again.
/// </summary>
public readonly record struct WarmKey(string TenantId, string AgentName, int AgentVersion);
