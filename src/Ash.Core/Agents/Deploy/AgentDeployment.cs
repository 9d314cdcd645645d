namespace Ash.Core.Agents.Deploy;

/// <summary>
/// A deploy as a client asks for it (<c>POST /api/agents</c>, <c>ash deploy</c>): a name, the content as exactly one of a
/// folder on this server (<see cref="Path"/>) or an upload (<see cref="Files"/>), and optionally the env (plaintext; null
/// keeps the active version's) and the default model (null keeps it). Nothing in it is trusted: <see cref="AgentDeploy"/>
/// checks every part.
/// </summary>
public sealed record AgentDeployment(string? Name, string? Path, IReadOnlyList<AgentUploadFile?>? Files, IReadOnlyDictionary<string, string>? Env, string? Model);

/// <summary>One uploaded file: its path relative to the agent folder and its bytes in base64, as the API and the CLI send them.</summary>
public sealed record AgentUploadFile(string? Path, string? Content);
