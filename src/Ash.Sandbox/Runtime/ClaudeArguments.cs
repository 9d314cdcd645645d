using Ash.Core.Sessions;

namespace Ash.Sandbox.Runtime;

/// <summary>
/// The Claude Code CLI's command line for one session: stream-json both ways, partial messages always
/// on (turns that did not ask for them are filtered when translated), and the session's options.
/// The conversation id is the session id, so a later process continues it with --resume.
/// </summary>
public static class ClaudeArguments
{
    public static List<string> Build(Guid sessionId, bool resume, SessionOptions options, string defaultPermissionMode, string? mcpConfigPath)
    {
        var arguments = new List<string>
        {
            "-p",
            "--input-format", "stream-json",
            "--output-format", "stream-json",
            "--verbose",
            "--include-partial-messages",
            resume ? "--resume" : "--session-id", sessionId.ToString("D"),
            "--permission-mode", options.PermissionMode ?? defaultPermissionMode,
        };

        if (options.Model is { Length: > 0 } model)
        {
            arguments.Add("--model");
            arguments.Add(model);
        }

        if (options.SystemPrompt is { Length: > 0 } systemPrompt)
        {
            arguments.Add("--system-prompt");
            arguments.Add(systemPrompt);
        }

        if (options.AllowedTools is { Count: > 0 } allowed)
        {
            arguments.Add("--allowed-tools");
            arguments.Add(string.Join(',', allowed));
        }

        if (options.DisallowedTools is { Count: > 0 } disallowed)
        {
            arguments.Add("--disallowed-tools");
            arguments.Add(string.Join(',', disallowed));
        }

        if (options.OutputSchemaJson is { Length: > 0 } schema)
        {
            arguments.Add("--json-schema");
            arguments.Add(schema);
        }

        if (options.Betas is { Count: > 0 } betas)
        {
            // One flag per value: a variadic option must not swallow what follows.
            foreach (var beta in betas)
            {
                arguments.Add($"--betas={beta}");
            }
        }

        if (options.SubagentsJson is { Length: > 0 } subagents)
        {
            arguments.Add("--agents");
            arguments.Add(subagents);
        }

        if (options.InitialAgent is { Length: > 0 } agent)
        {
            arguments.Add("--agent");
            arguments.Add(agent);
        }

        if (mcpConfigPath is not null)
        {
            arguments.Add("--mcp-config");
            arguments.Add(mcpConfigPath);
        }

        return arguments;
    }
}
