namespace Ash.Client.Wire;

internal sealed record AgentListResponse(IReadOnlyList<Agent> Agents);
