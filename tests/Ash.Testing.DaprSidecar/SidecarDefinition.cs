namespace Ash.Testing.DaprSidecar;

/// <summary>One daprd of the mesh: the app it fronts and the tokens it checks and sends.</summary>
/// <param name="AppId">The Dapr app id. Replicas of one app share it (and so share actor state keys and,
/// by default, their pub/sub consumer group); give each replica its own <see cref="Name"/>.</param>
public sealed record SidecarDefinition(string AppId)
{
    private readonly string? name;

    /// <summary>Unique name of this sidecar inside the mesh; defaults to <see cref="AppId"/>.</summary>
    public string Name { get => name ?? AppId; init => name = value; }

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:4101</c>; null for a sidecar without app channel.</summary>
    public Uri? AppBaseUrl { get; init; }

    /// <summary>The sidecar's HTTP port; 0 picks a free one.</summary>
    public int HttpPort { get; init; }

    /// <summary>The sidecar's gRPC port (HTTP/2 without TLS, <c>DAPR_GRPC_PORT</c> for its app); 0 picks a free one.</summary>
    public int GrpcPort { get; init; }

    /// <summary>DAPR_API_TOKEN: every call but <c>GET /v1.0/healthz*</c> must carry it as <c>dapr-api-token</c>.</summary>
    public string? ApiToken { get; init; }

    /// <summary>APP_API_TOKEN: sent as <c>dapr-api-token</c> on every call the sidecar makes to its app.</summary>
    public string? AppToken { get; init; }

    /// <summary>Pub/sub consumer group; defaults to <see cref="AppId"/>.</summary>
    public string? ConsumerId { get; init; }

    internal string EffectiveConsumerId => ConsumerId ?? AppId;
}
