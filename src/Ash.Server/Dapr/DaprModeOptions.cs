namespace Ash.Server.Dapr;

/// <summary>
/// The distributed mode's settings (section <c>Ash:Dapr</c>; <c>--dapr true</c>, <c>ASH_DAPR</c>). The
/// sidecar's address and token come from daprd's own variables: <c>DAPR_HTTP_PORT</c>, <c>DAPR_API_TOKEN</c>,
/// <c>APP_API_TOKEN</c> (dapr-http-api.md §9.3).
/// </summary>
public sealed class DaprModeOptions
{
    public bool Enabled { get; set; }

    /// <summary>How long start-up waits for the sidecar (<c>DAPR_HEALTH_TIMEOUT</c> is the SDKs' name for it).</summary>
    public TimeSpan SidecarTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public string PubSubName { get; set; } = Ash.Dapr.Events.DaprEventTopic.DefaultPubSub;

    public string EventsTopic { get; set; } = Ash.Dapr.Events.DaprEventTopic.DefaultTopic;
}
