namespace Ash.Client.Wire;

// Deploys an agent from files sent in the request body.
internal sealed record UploadAgentRequest(string Name, IReadOnlyList<AgentFile> Files, IReadOnlyDictionary<string, string>? Env = null);
