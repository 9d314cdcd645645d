namespace Ash.Sandbox.ModelProxy;

/// <summary>The session whose sandbox a model proxy serves, for the attributes of its spans.</summary>
internal sealed record ProxyOwner(Guid SessionId, string TenantId, string AgentName);
