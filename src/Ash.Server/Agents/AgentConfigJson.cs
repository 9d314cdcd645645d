using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Core.Agents;
using Ash.Core.Errors;

namespace Ash.Server.Agents;

/// <summary>
/// An agent's <c>config</c> (Ash's <c>GET/PATCH /api/agents/:name/config</c>) is its <c>ash.json</c>: the object read
/// from the active version's content, and a PATCH shallow-merges into it (a key set to null is removed) and writes a
/// new version whose <c>ash.json</c> is validated exactly as at deploy, unknown keys refused by name. So the config a
/// client sets is the config sessions run with, never a second copy that could disagree. Ash's <c>preWarmCount</c>
/// (the one key Ash reads) is taken as <c>warmPool</c>.
/// </summary>
internal static class AgentConfigJson
{
    private const string AshWarmPoolKey = "preWarmCount";

    private static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonSerializerOptions Writing = new() { WriteIndented = true };

    /// <summary>The <c>ash.json</c> object of the content at <paramref name="agentPath"/>; empty when there is none.</summary>
    public static JsonObject Read(string agentPath)
    {
        var file = Path.Combine(agentPath, AgentConfig.FileName);
        return File.Exists(file) && JsonNode.Parse(File.ReadAllBytes(file), documentOptions: Reading) is JsonObject config ? config : [];
    }

    /// <summary>The edit that merges <paramref name="patch"/> into the copy's <c>ash.json</c> (see <see cref="Core.Agents.Deploy.AgentDeploy.ChangeAsync"/>).</summary>
    public static Func<string, AshError?> Merge(JsonObject patch) => copy =>
    {
        var config = Read(copy);
        foreach (var (key, value) in patch)
        {
            var target = key == AshWarmPoolKey ? "warmPool" : key;
            if (key == AshWarmPoolKey && patch.ContainsKey("warmPool"))
            {
                return AshError.Validation("Give 'warmPool' or Ash's 'preWarmCount', not both", "invalid_agent_config");
            }

            if (value is null)
            {
                config.Remove(target);
            }
            else
            {
                config[target] = value.DeepClone();
            }
        }

        var file = Path.Combine(copy, AgentConfig.FileName);
        if (config.Count == 0)
        {
            File.Delete(file);
            return null;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(config.ToJsonString(Writing));
        var parsed = AgentConfigFile.Parse(bytes);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        File.WriteAllBytes(file, bytes);
        return null;
    };
}
