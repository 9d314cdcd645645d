namespace Ash.Dapr.Client;

/// <summary>
/// Where the sidecar is and how to talk to it: <c>DAPR_HTTP_PORT</c> (3500 when unset, the Kubernetes
/// injector's port) and <c>DAPR_API_TOKEN</c>, sent as <c>dapr-api-token</c> (dapr-http-api.md §9.3).
/// </summary>
public sealed record DaprClientOptions(Uri SidecarUrl, string? ApiToken)
{
    public const int DefaultHttpPort = 3500;

    public static DaprClientOptions FromEnvironment()
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("DAPR_HTTP_PORT"), out var value) && value is > 0 and < 65536
            ? value
            : DefaultHttpPort;
        var token = Environment.GetEnvironmentVariable("DAPR_API_TOKEN");
        return new DaprClientOptions(new Uri($"http://127.0.0.1:{port}/"), string.IsNullOrEmpty(token) ? null : token);
    }
}
