using System.CommandLine;
using System.Text.Json;
using Ash.Client;

namespace Ash.Cli.Commands;

// The options of a new session, on `sessions create` and on `chat` when it starts one: what
// POST /api/sessions takes beside the agent.
internal sealed class SessionOptionSet
{
    private readonly Option<string?> _model = new("--model", "-m")
    {
        Description = "Model for the session instead of the agent's",
        HelpName = "model",
    };

    private readonly Option<string?> _systemPrompt = new("--system-prompt")
    {
        Description = "System prompt for the session instead of the agent's",
        HelpName = "text",
    };

    private readonly Option<string?> _mcpConfig = new("--mcp-config")
    {
        Description = "MCP servers to add: a JSON file or JSON text, {\"mcpServers\": {…}} as in .mcp.json, or the servers object itself",
        HelpName = "file|json",
    };

    private readonly Option<string[]> _env = EnvOption.Create("Environment variable for the session's sandbox (repeatable)");

    private readonly Option<string?> _permissionMode = new("--permission-mode")
    {
        Description = "Claude Code permission mode, e.g. bypassPermissions",
        HelpName = "mode",
    };

    private readonly Option<string[]> _allowedTools = new("--allowed-tool")
    {
        Description = "A tool the agent may use (repeatable) [default: all]",
        HelpName = "tool",
    };

    private readonly Option<string[]> _disallowedTools = new("--disallowed-tool")
    {
        Description = "A tool the agent may not use (repeatable)",
        HelpName = "tool",
    };

    private readonly Option<string?> _credential = new("--credential")
    {
        Description = "Stored credential (POST /api/credentials) the session's model calls use",
        HelpName = "id",
    };

    private IEnumerable<Option> All => [_model, _systemPrompt, _mcpConfig, _env, _permissionMode, _allowedTools, _disallowedTools, _credential];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    // The first of these options given, to name in an error where they do not apply; null when none is.
    public string? FirstGiven(ParseResult parse) =>
        All.FirstOrDefault(option => parse.GetResult(option) is { Implicit: false })?.Name;

    public CreateSessionOptions Build(ParseResult parse)
    {
        var env = EnvOption.Parse(parse.GetValue(_env));
        return new CreateSessionOptions
        {
            Model = parse.GetValue(_model),
            SystemPrompt = parse.GetValue(_systemPrompt),
            McpServers = parse.GetValue(_mcpConfig) is { } mcp ? ReadMcpServers(mcp) : null,
            ExtraEnv = env.Count > 0 ? env : null,
            PermissionMode = parse.GetValue(_permissionMode),
            AllowedTools = parse.GetValue(_allowedTools) is { Length: > 0 } allowed ? allowed : null,
            DisallowedTools = parse.GetValue(_disallowedTools) is { Length: > 0 } disallowed ? disallowed : null,
            CredentialId = parse.GetValue(_credential),
        };
    }

    // JSON text when it looks like an object, else a file holding it; an .mcp.json's {"mcpServers": …} or the servers alone.
    private static JsonElement ReadMcpServers(string value)
    {
        var trimmed = value.TrimStart();
        string text;
        if (trimmed.StartsWith('{'))
        {
            text = trimmed;
        }
        else if (File.Exists(value))
        {
            text = File.ReadAllText(value);
        }
        else
        {
            throw new CliException(ExitCodes.Usage, $"--mcp-config: {value} is neither a file nor a JSON object");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Usage, $"--mcp-config is not valid JSON: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CliException(ExitCodes.Usage, "--mcp-config must be a JSON object of MCP servers");
        }

        return root.TryGetProperty("mcpServers", out var servers) && servers.ValueKind == JsonValueKind.Object ? servers : root;
    }
}
