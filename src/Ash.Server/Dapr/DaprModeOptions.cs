namespace Ash.Server.Dapr;

/// <summary>
/// The distributed mode's settings (section <c>Ash:Dapr</c>; <c>--dapr true</c>, <c>ASH_DAPR</c>). The
/// sidecar's ports and the tokens come from daprd's own variables (dapr-http-api.md §9.3), as the SDK reads them:
/// <c>DAPR_HTTP_PORT</c>, <c>DAPR_GRPC_PORT</c> (or <c>DAPR_GRPC_ENDPOINT</c>), <c>DAPR_API_TOKEN</c> (sent to the
/// sidecar), <c>APP_API_TOKEN</c> (required from it).
/// </summary>
public sealed class DaprModeOptions
{
    public bool Enabled { get; set; }

    /// <summary><c>DAPR_HTTP_PORT</c>; 3500, the Kubernetes injector's port, when unset.</summary>
    public int SidecarHttpPort { get; set; } = Ash.Dapr.Client.DaprClientOptions.DefaultHttpPort;

    /// <summary><c>DAPR_GRPC_PORT</c>: daprd's gRPC API on 127.0.0.1 (publish, metadata); 50001, the Kubernetes injector's port, when unset.</summary>
    public int SidecarGrpcPort { get; set; } = DefaultGrpcPort;

    /// <summary><c>DAPR_GRPC_ENDPOINT</c>: the gRPC API's full address, taken over <see cref="SidecarGrpcPort"/> when set (as the SDK does).</summary>
    public string? SidecarGrpcEndpoint { get; set; }

    public const int DefaultGrpcPort = 50001;

    /// <summary>Where the SDK's DaprClient reaches daprd's gRPC API.</summary>
    public Uri GrpcEndpoint => SidecarGrpcEndpoint is { Length: > 0 } endpoint ? new Uri(endpoint) : new Uri($"http://127.0.0.1:{SidecarGrpcPort}");

    /// <summary><c>DAPR_API_TOKEN</c>: sent as <c>dapr-api-token</c> on every call to the sidecar.</summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// <c>APP_API_TOKEN</c>: what the sidecar must send on its calls to this app (the same variable on both).
    /// Required: without it the app refuses to start, unless <see cref="AllowUnauthenticatedApp"/> (issue 12).
    /// </summary>
    public string? AppApiToken { get; set; }

    /// <summary>
    /// <c>--dapr-allow-unauthenticated-app true</c> (<c>ASH_DAPR_ALLOW_UNAUTHENTICATED_APP</c>): start without an app
    /// token, so anyone who reaches the app port can call the actor and subscription routes. For a throwaway
    /// local run only; logged as a warning at every start.
    /// </summary>
    public bool AllowUnauthenticatedApp { get; set; }

    /// <summary>
    /// <c>--app-port</c> (<c>APP_PORT</c>, which <c>dapr run</c> sets from the template's <c>appPort</c>): the port of the
    /// listener daprd calls (actor, reminder, subscription routes, <c>/dapr/*</c>), kept apart from the REST API's.
    /// Unset: the API's port + 1000 (5100 for the default 4100); 0 = any free port.
    /// </summary>
    public int? AppPort { get; set; }

    /// <summary>
    /// <c>--app-host</c> (<c>ASH_DAPR_APP_HOST</c>): the address of that listener. Loopback by default: daprd runs on
    /// the same host or in the same pod and calls the app at 127.0.0.1 (its default app channel address).
    /// </summary>
    public string AppHost { get; set; } = "127.0.0.1";

    /// <summary>The shortest app token accepted: a guessable token is no better than none.</summary>
    public const int MinAppTokenLength = 16;

    /// <summary>The app listener's port for an API on <paramref name="apiPort"/>.</summary>
    public int EffectiveAppPort(int apiPort) => AppPort ?? (apiPort == 0 ? 0 : apiPort + 1000);

    /// <summary>Every problem with the settings of the Dapr mode, each naming its key.</summary>
    public IEnumerable<string> Validate(int apiPort)
    {
        if (SidecarHttpPort is < 1 or > 65535)
        {
            yield return $"Ash:Dapr:SidecarHttpPort (DAPR_HTTP_PORT) must be a port, 1-65535 (got {SidecarHttpPort})";
        }

        if (SidecarGrpcPort is < 1 or > 65535)
        {
            yield return $"Ash:Dapr:SidecarGrpcPort (DAPR_GRPC_PORT) must be a port, 1-65535 (got {SidecarGrpcPort})";
        }

        if (SidecarGrpcEndpoint is { Length: > 0 } grpc
            && (!Uri.TryCreate(grpc, UriKind.Absolute, out var grpcUri) || grpcUri.Scheme is not ("http" or "https")))
        {
            yield return $"Ash:Dapr:SidecarGrpcEndpoint (DAPR_GRPC_ENDPOINT) must be an http:// or https:// address (got '{grpc}')";
        }

        if (string.IsNullOrEmpty(AppApiToken))
        {
            if (!AllowUnauthenticatedApp)
            {
                yield return "Ash:Dapr:AppApiToken (APP_API_TOKEN) is not set: on Dapr the app refuses to start without it, because anyone who reaches its app port could call its actors. " +
                             "Give the app and its sidecar the same token (export APP_API_TOKEN=$(openssl rand -hex 32) before `dapr run`; on Kubernetes the dapr.io/app-token-secret annotation plus APP_API_TOKEN from the same Secret), " +
                             "or, for a throwaway local run only, start with --dapr-allow-unauthenticated-app true";
            }
        }
        else if (AppApiToken.Length < MinAppTokenLength)
        {
            yield return $"Ash:Dapr:AppApiToken (APP_API_TOKEN) must be at least {MinAppTokenLength} characters (openssl rand -hex 32 makes a good one)";
        }

        var appPort = EffectiveAppPort(apiPort);
        if (appPort is < 0 or > 65535)
        {
            yield return $"Ash:Dapr:AppPort (--app-port, APP_PORT) must be a port, 0-65535 (got {appPort})";
        }
        else if (appPort != 0 && appPort == apiPort)
        {
            yield return $"Ash:Dapr:AppPort (--app-port, APP_PORT) must differ from the API's port {apiPort}: the routes daprd calls have their own listener";
        }

        if (!System.Net.IPAddress.TryParse(AppHost, out _))
        {
            yield return $"Ash:Dapr:AppHost (--app-host, ASH_DAPR_APP_HOST) must be an IP address (got '{AppHost}')";
        }
    }

    /// <summary>How long start-up waits for the sidecar (<c>DAPR_HEALTH_TIMEOUT</c> is the SDKs' name for it).</summary>
    public TimeSpan SidecarTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public string PubSubName { get; set; } = Ash.Dapr.Events.DaprEventTopic.DefaultPubSub;

    public string EventsTopic { get; set; } = Ash.Dapr.Events.DaprEventTopic.DefaultTopic;
}
