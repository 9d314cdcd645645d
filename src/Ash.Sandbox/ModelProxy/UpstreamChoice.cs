using Ash.Sandbox.ModelProxy.Bedrock;

namespace Ash.Sandbox.ModelProxy;

/// <summary>Where one model request goes and the key it carries, or why the proxy answers it itself.</summary>
internal readonly record struct UpstreamChoice(Uri? BaseUrl, string? ApiKey, ProxyRefusal? Refusal)
{
    /// <summary>The client for a tenant's own endpoint (<see cref="TenantEndpointConnector"/>); null: the proxy's client for the operator's upstream.</summary>
    public HttpClient? TenantClient { get; init; }

    /// <summary>Set for a session with a <c>bedrock</c> credential: the request is signed for Bedrock instead of carrying <see cref="ApiKey"/>.</summary>
    public BedrockUpstream? Bedrock { get; init; }
    /// <summary>Where the outcome is noted: set only when the request carries the server's own key to its upstream.</summary>
    public UpstreamWatch? Watch { get; init; }

    public static UpstreamChoice Refused(ProxyRefusal refusal) => new(null, null, refusal);
}
