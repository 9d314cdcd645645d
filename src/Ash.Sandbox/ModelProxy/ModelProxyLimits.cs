namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// Bounds on one sandbox's model proxy (section <c>Ash:Sandbox:ModelProxy</c>), so that what an agent sends
/// towards the model costs the server a fixed amount whatever the agent does (issue 12: six connections
/// declaring 64 MiB bodies once took the server from 338 to 635 MiB).
/// </summary>
public sealed class ModelProxyLimits
{
    /// <summary>Request line plus headers; a longer head is refused (400). The CLI's heads are about 2 KiB.</summary>
    public const int MaxHeadBytes = 32 * 1024;

    /// <summary>
    /// The largest request body forwarded (413 beyond it). 32 MiB is the Anthropic API's own limit for the
    /// Messages and Token Counting endpoints (docs: "Request size limits"), so no request the real upstream
    /// would take is refused, long contexts and images included. Bodies are streamed, never held whole.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Open connections per sandbox, heads still arriving included; the next one gets 429. The pinned CLI
    /// runs at most 10 tool calls at once (CLAUDE_CODE_MAX_TOOL_USE_CONCURRENCY, capped at 10), and 10
    /// sub-agents launched in one reply were measured making 10 model calls at once
    /// (ModelProxyTurnTests); background agents of later replies add to those, hence twice that and more.
    /// </summary>
    public int MaxConnections { get; set; } = 32;

    /// <summary>Time to send the whole request head after connecting (408 after it), so a slow head cannot hold a slot.</summary>
    public TimeSpan HeadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A request body that sends nothing for this long is abandoned (408).</summary>
    public TimeSpan BodyIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Endpoints (<c>host</c> or <c>host:port</c>) a tenant's <c>custom</c> credential may name although they are on a
    /// loopback, private or link-local address, or plain http: an operator's own internal gateway. Every other tenant
    /// endpoint must be https on a public address (<see cref="TenantEndpoints"/>). Empty by default.
    /// </summary>
    public List<string> PrivateEndpoints { get; set; } = [];

    /// <summary>
    /// Where requests of sessions with a <c>bedrock</c> credential go instead of <c>https://bedrock-runtime.{region}.amazonaws.com</c>
    /// (an absolute http(s) URL): a VPC endpoint, or a fake Bedrock in tests. Requests are signed for the credential's region either way.
    /// </summary>
    public string? BedrockEndpoint { get; set; }

    /// <summary>The parsed <see cref="BedrockEndpoint"/>, or null (validated at start-up).</summary>
    public Uri? BedrockEndpointUri => Uri.TryCreate(BedrockEndpoint, UriKind.Absolute, out var endpoint) ? endpoint : null;

    /// <summary>Every problem with these settings at once, each naming its configuration key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxRequestBodyBytes < 1)
        {
            problems.Add($"Ash:Sandbox:ModelProxy:MaxRequestBodyBytes must be at least 1 (got {MaxRequestBodyBytes})");
        }

        if (MaxConnections < 1)
        {
            problems.Add($"Ash:Sandbox:ModelProxy:MaxConnections must be at least 1 (got {MaxConnections})");
        }

        if (HeadTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Ash:Sandbox:ModelProxy:HeadTimeout must be positive (got {HeadTimeout})");
        }

        if (BodyIdleTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Ash:Sandbox:ModelProxy:BodyIdleTimeout must be positive (got {BodyIdleTimeout})");
        }

        if (!string.IsNullOrEmpty(BedrockEndpoint)
            && (BedrockEndpointUri is not { } bedrock || bedrock.Scheme is not ("http" or "https") || bedrock.UserInfo.Length > 0 || bedrock.Query.Length > 0 || bedrock.Fragment.Length > 0))
        {
            problems.Add($"Ash:Sandbox:ModelProxy:BedrockEndpoint must be an absolute http(s) URL without credentials, query or fragment (got '{BedrockEndpoint}')");
        }

        foreach (var endpoint in PrivateEndpoints)
        {
            if (!TenantEndpoints.IsEndpointName(endpoint))
            {
                problems.Add($"Ash:Sandbox:ModelProxy:PrivateEndpoints holds '{endpoint}', which is not a host or host:port");
            }
        }

        return problems;
    }
}
