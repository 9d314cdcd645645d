namespace Ash.Client;

/// <summary>Sandbox isolation in effect on the server, part of <see cref="Health"/>.</summary>
/// <param name="Isolation">Isolation mechanism, e.g. <c>bubblewrap</c>.</param>
/// <param name="Cgroup">How resource limits are enforced.</param>
/// <param name="Network">Network policy for sandboxes.</param>
/// <param name="Runtime">Agent runtime the sandboxes run, e.g. <c>claude-code</c>.</param>
public sealed record SandboxHealth(string Isolation, string? Cgroup, string? Network, string? Runtime = null);
