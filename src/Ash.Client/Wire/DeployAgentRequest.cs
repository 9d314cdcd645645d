namespace Ash.Client.Wire;

// Registers a folder that already exists on the server.
internal sealed record DeployAgentRequest(string Name, string Path, IReadOnlyDictionary<string, string>? Env = null);
