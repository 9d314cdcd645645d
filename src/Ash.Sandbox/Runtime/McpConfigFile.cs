using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Sandbox.Native;

namespace Ash.Sandbox.Runtime;

/// <summary>
/// Merges the session's MCP servers into the workspace's .mcp.json (session entries win over the
/// agent's on equal names). Returns whether the file defines any server.
/// </summary>
internal static class McpConfigFile
{
    public const string FileName = ".mcp.json";

    private const long MaxBytes = 1024 * 1024;

    /// <summary>
    /// Runs as root before the sandbox starts (no process of the session is alive). The agent controls
    /// the workspace, so anything but a small regular file under that name (a link to a host file, a
    /// FIFO, a device) is removed rather than read or written through.
    /// </summary>
    public static bool Merge(string workspace, string? sessionServersJson)
    {
        var path = Path.Combine(workspace, FileName);
        var info = new FileInfo(path);
        if (info.Exists || info.LinkTarget is not null)
        {
            if (!LibC.IsRegularFile(path) || info.Length > MaxBytes)
            {
                File.Delete(path);
            }
        }

        JsonObject root;
        try
        {
            root = LibC.IsRegularFile(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject existing ? existing : [];
        }
        catch (JsonException)
        {
            root = [];
        }

        if (root["mcpServers"] is not JsonObject servers)
        {
            servers = [];
            root["mcpServers"] = servers;
        }

        if (sessionServersJson is not null && JsonNode.Parse(sessionServersJson) is JsonObject sessionServers)
        {
            foreach (var (name, definition) in sessionServers.ToList())
            {
                sessionServers.Remove(name);
                servers[name] = definition;
            }

            File.WriteAllText(path, root.ToJsonString());
        }

        return servers.Count > 0;
    }
}
