namespace Ash.Server.Agents;

/// <summary>
/// Where deployed agents' content is kept (section <c>Ash:Agents</c>; <c>--agents-dir</c>, <c>ASH_AGENTS_DIR</c>):
/// <c>&lt;data&gt;/agents</c> unless set. In a split deployment every app mounts the same directory (the shared
/// volume), so a sandbox host finds there what the api app wrote.
/// </summary>
public sealed class AgentsOptions
{
    public string? Directory { get; set; }

    /// <summary>The absolute agents directory for a server whose data directory is <paramref name="dataDirectory"/>.</summary>
    public string FullDirectory(string dataDirectory) =>
        Path.GetFullPath(string.IsNullOrEmpty(Directory) ? Path.Combine(dataDirectory, "agents") : Directory);
}
