using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ash.Sandbox.Runtime;

/// <summary>
/// Merges the session's MCP servers into the workspace's .mcp.json (session entries win over the
/// agent's on equal names). Returns whether the file defines any server.
/// </summary>
internal static class McpConfigFile
{
    public const string FileName = ".mcp.json";

    public static bool Merge(string workspace, string? sessionServersJson)
    {
        var path = Path.Combine(workspace, FileName);
        JsonObject root;
        try
        {
            root = File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject existing ? existing : [];
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
