using Ash.Sandbox.Bubblewrap;

namespace Ash.Sandbox.Launch;

/// <summary>
/// The complete environment of a sandboxed process, built from nothing: a fixed base, then agent and
/// session values, which may not override the base. Nothing of the server's own environment passes.
/// </summary>
public static class SandboxEnvironment
{
    private static readonly string[] ReservedPrefixes = ["ASH_", "ANTHROPIC_", "CLAUDE_CODE_", "LD_", "BWRAP"];

    /// <summary>The agent's environment: <see cref="ForCommands"/> plus the model proxy's address and this sandbox's opaque token.</summary>
    /// <param name="bedrockRegion">
    /// The region of the session's <c>bedrock</c> credential, or null for the Messages API. With it the CLI runs in Bedrock
    /// mode against the same proxy, which signs each call with the credential's AWS keys: no AWS key enters the sandbox.
    /// </param>
    public static Dictionary<string, string> Build(
        int modelProxyPort,
        string sandboxToken,
        IReadOnlyDictionary<string, string> agentEnv,
        IReadOnlyDictionary<string, string>? sessionEnv,
        string? bedrockRegion = null)
    {
        var environment = ForCommands(agentEnv, sessionEnv);
        var proxy = $"http://127.0.0.1:{modelProxyPort}";
        if (bedrockRegion is null)
        {
            environment["ANTHROPIC_BASE_URL"] = proxy;

            // Opaque and only good for this sandbox's own proxy socket; the real key stays on the host.
            environment["ANTHROPIC_API_KEY"] = sandboxToken;
        }
        else
        {
            AddBedrockMode(environment, proxy, sandboxToken, bedrockRegion);
        }

        environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        environment["DISABLE_AUTOUPDATER"] = "1";
        environment["DISABLE_TELEMETRY"] = "1";
        environment["DISABLE_ERROR_REPORTING"] = "1";
        return environment;
    }

    /// <summary>
    /// The pinned CLI (2.1.330) in Bedrock mode aimed at the proxy as an LLM gateway: <c>CLAUDE_CODE_SKIP_BEDROCK_AUTH</c>
    /// stops it signing (it has no AWS keys), and it then sends no credential of its own, so the sandbox token rides in
    /// <c>ANTHROPIC_CUSTOM_HEADERS</c> as the <c>Authorization: Bearer</c> the proxy already takes. Recorded against a
    /// listener that dumped the requests: every model call carried the header; its one call without it (the control
    /// plane's <c>GET /inference-profiles</c>) is refused, and the CLI goes on. <c>AWS_REGION</c> picks the CLI's default
    /// model ids (<c>us.</c>, <c>eu.</c>, … inference profiles). A bearer token in <c>AWS_BEARER_TOKEN_BEDROCK</c> would
    /// also carry it, but makes the CLI probe a dozen models with paid <c>invoke</c> calls first, so it is not used, and
    /// one set by the agent's env is dropped (it would replace the token).
    /// </summary>
    private static void AddBedrockMode(Dictionary<string, string> environment, string proxy, string sandboxToken, string region)
    {
        environment.Remove("AWS_BEARER_TOKEN_BEDROCK");
        environment["CLAUDE_CODE_USE_BEDROCK"] = "1";
        environment["ANTHROPIC_BEDROCK_BASE_URL"] = proxy;
        environment["CLAUDE_CODE_SKIP_BEDROCK_AUTH"] = "1";
        environment["ANTHROPIC_CUSTOM_HEADERS"] = "Authorization: Bearer " + sandboxToken;
        environment["AWS_REGION"] = region;
    }

    /// <summary>The environment of commands run beside the agent (exec): agent and session values over a fixed base, no model token.</summary>
    public static Dictionary<string, string> ForCommands(IReadOnlyDictionary<string, string> agentEnv, IReadOnlyDictionary<string, string>? sessionEnv)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        AddUserValues(environment, agentEnv);
        if (sessionEnv is not null)
        {
            AddUserValues(environment, sessionEnv);
        }

        environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        environment["HOME"] = SandboxPaths.Home;
        environment["USER"] = "agent";
        environment["LOGNAME"] = "agent";
        environment["SHELL"] = "/bin/bash";
        environment["LANG"] = "C.UTF-8";
        environment["TERM"] = "dumb";
        environment["TMPDIR"] = "/tmp";
        environment["IS_SANDBOX"] = "1";
        return environment;
    }

    public static bool IsReserved(string name)
    {
        foreach (var prefix in ReservedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // The launcher is a root shell: nothing may change how a shell starts or splits words.
        return name is "PATH" or "HOME" or "USER" or "LOGNAME" or "SHELL" or "TMPDIR" or "IS_SANDBOX"
            or "ENV" or "BASH_ENV" or "IFS" or "PS4" or "SHELLOPTS" or "BASHOPTS" or "CDPATH" or "GLOBIGNORE"
            or "HTTP_PROXY" or "HTTPS_PROXY" or "NO_PROXY" or "http_proxy" or "https_proxy" or "no_proxy" or "ALL_PROXY" or "all_proxy";
    }

    private static void AddUserValues(Dictionary<string, string> environment, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            if (!IsReserved(name) && name.Length > 0 && !name.Contains('=', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal))
            {
                environment[name] = value;
            }
        }
    }
}
