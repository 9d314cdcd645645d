using System.Text.Json;
using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Sessions;
using Ash.Sandbox.Launch;
using SessionOptions = Ash.Core.Sessions.SessionOptions;

namespace Ash.Server.Sessions;

/// <summary>Checks a create-session body and turns it into <see cref="SessionOptions"/>; every problem is a 400.</summary>
internal static class SessionRequestValidation
{
    private static readonly HashSet<string> PermissionModes = new(StringComparer.Ordinal)
    {
        "default", "acceptEdits", "bypassPermissions", "plan", "dontAsk", "auto", "manual",
    };

    public static Result<SessionOptions> Validate(CreateSessionRequest request)
    {
        if (string.IsNullOrEmpty(request.Agent))
        {
            return AshError.Validation("'agent' is required");
        }

        if (!AgentName.IsValid(request.Agent))
        {
            return AshError.Validation("Invalid agent name", "invalid_agent_name");
        }

        if (request.Model is { Length: > 100 })
        {
            return AshError.Validation("'model' is at most 100 characters");
        }

        if (request.SystemPrompt is { Length: > 1_000_000 })
        {
            return AshError.Validation("'systemPrompt' is at most 1,000,000 characters");
        }

        // Ash's 'permissionsByAgent' means "let the agent's settings decide", which is the CLI default.
        var permissionMode = request.PermissionMode == "permissionsByAgent" ? "default" : request.PermissionMode;
        if (permissionMode is not null && !PermissionModes.Contains(permissionMode))
        {
            return AshError.Validation($"Unknown permissionMode '{request.PermissionMode}'");
        }

        if ((InvalidToolList(request.AllowedTools) ?? InvalidToolList(request.DisallowedTools)) is { } toolError)
        {
            return AshError.Validation(toolError);
        }

        if ((SessionConfigValidation.InvalidBetas(request.Betas)
            ?? SessionConfigValidation.InvalidSubagents(request.Subagents)
            ?? SessionConfigValidation.InvalidInitialAgent(request.InitialAgent)) is { } configError)
        {
            return AshError.Validation(configError);
        }

        if (request.McpServers is { } servers && servers.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return AshError.Validation("'mcpServers' must be an object of server definitions");
        }

        if (request.ExtraEnv is { } extraEnv)
        {
            foreach (var name in extraEnv.Keys)
            {
                if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || SandboxEnvironment.IsReserved(name))
                {
                    return AshError.Validation($"extraEnv may not set '{name}': it is reserved by the platform or not a valid name", "reserved_env");
                }
            }
        }

        return new SessionOptions
        {
            Model = request.Model,
            SystemPrompt = request.SystemPrompt,
            McpServersJson = request.McpServers is { ValueKind: JsonValueKind.Object } mcp ? mcp.GetRawText() : null,
            PermissionMode = permissionMode,
            AllowedTools = request.AllowedTools,
            DisallowedTools = request.DisallowedTools,
            ExtraEnv = request.ExtraEnv,
            Betas = request.Betas,
            SubagentsJson = request.Subagents is { ValueKind: JsonValueKind.Object } subagents ? subagents.GetRawText() : null,
            InitialAgent = request.InitialAgent,
        };
    }

    internal static string? InvalidToolList(List<string>? tools)
    {
        if (tools is null)
        {
            return null;
        }

        if (tools.Count > 200)
        {
            return "A tool list holds at most 200 entries";
        }

        foreach (var tool in tools)
        {
            if (string.IsNullOrWhiteSpace(tool) || tool.Length > 200 || tool.Contains('\0', StringComparison.Ordinal))
            {
                return $"Invalid tool name '{tool}'";
            }
        }

        return null;
    }
}
