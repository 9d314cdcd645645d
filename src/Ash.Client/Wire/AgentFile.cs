namespace Ash.Client.Wire;

// One uploaded file; System.Text.Json writes Content as base64, as the API wants.
// Path is relative to the agent folder, with / separators.
internal sealed record AgentFile(string Path, byte[] Content);
