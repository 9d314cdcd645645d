namespace Ash.Core.Sessions;

/// <summary>A turn that was started and never closed (the server stopped while it ran).</summary>
public sealed record OpenTurn(Guid SessionId, string TenantId, long Turn);
