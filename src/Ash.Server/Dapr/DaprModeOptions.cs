namespace Ash.Server.Dapr;

/// <summary>
/// The distributed mode's settings (section <c>Ash:Dapr</c>; <c>--dapr true</c>, <c>ASH_DAPR</c>). The
/// sidecar's port and the tokens come from daprd's own variables (dapr-http-api.md §9.3):
/// <c>DAPR_HTTP_PORT</c>, <c>DAPR_API_TOKEN</c> (sent to the sidecar), <c>APP_API_TOKEN</c> (required from it).
/// </summary>
public sealed class DaprModeOptions
{
    public bool Enabled { get; set; }

    /// <summary><c>DAPR_HTTP_PORT</c>; 3500, the Kubernetes injector's port, when unset.</summary>
    public int SidecarHttpPort { get; set; } = Ash.Dapr.Client.DaprClientOptions.DefaultHttpPort;

    /// <summary><c>DAPR_API_TOKEN</c>: sent as <c>dapr-api-token</c> on every call to the sidecar.</summary>
    public string? ApiToken { get; set; }

    /// <summary><c>APP_API_TOKEN</c>: what the sidecar must send on its calls to this app.</summary>
    public string? AppApiToken { get; set; }

    /// <summary>How long start-up waits for the sidecar (<c>DAPR_HEALTH_TIMEOUT</c> is the SDKs' name for it).</summary>
    public TimeSpan SidecarTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public string PubSubName { get; set; } = Ash.Dapr.Events.DaprEventTopic.DefaultPubSub;

    public string EventsTopic { get; set; } = Ash.Dapr.Events.DaprEventTopic.DefaultTopic;
}
