namespace Ash.Client.Wire;

internal sealed record AgentResponse(Agent Agent);
