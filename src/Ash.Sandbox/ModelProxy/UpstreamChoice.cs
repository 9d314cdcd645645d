namespace Ash.Sandbox.ModelProxy;

/// <summary>Where one model request goes and the key it carries, or why the proxy answers it itself.</summary>
internal readonly record struct UpstreamChoice(Uri? BaseUrl, string? ApiKey, ProxyRefusal? Refusal)
{
    /// <summary>The client for a tenant's own endpoint (<see cref="TenantEndpointConnector"/>); null: the proxy's client for the operator's upstream.</summary>
    public HttpClient? TenantClient { get; init; }

    /// <summary>Where the outcome is noted: set only when the request carries the server's own key to its upstream.</summary>
    public UpstreamWatch? Watch { get; init; }

    public static UpstreamChoice Refused(ProxyRefusal refusal) => new(null, null, refusal);
}
