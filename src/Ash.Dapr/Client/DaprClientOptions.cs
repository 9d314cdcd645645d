namespace Ash.Dapr.Client;

/// <summary>
/// Where the sidecar is (from <c>DAPR_HTTP_PORT</c>; 3500, the Kubernetes injector's port, when unset) and
/// the token sent as <c>dapr-api-token</c> (<c>DAPR_API_TOKEN</c>, dapr-http-api.md §9.3).
/// </summary>
public sealed record DaprClientOptions(Uri SidecarUrl, string? ApiToken)
{
    public const int DefaultHttpPort = 3500;
}
