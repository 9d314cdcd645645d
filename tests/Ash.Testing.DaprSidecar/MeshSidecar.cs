namespace Ash.Testing.DaprSidecar;

/// <summary>A test's view of one sidecar of the mesh: where to reach it and whether its app channel is up.</summary>
public sealed class MeshSidecar
{
    private readonly Sidecar sidecar;

    internal MeshSidecar(Sidecar sidecar)
    {
        this.sidecar = sidecar;
    }

    public string Name => sidecar.Name;

    public string AppId => sidecar.AppId;

    /// <summary>The port the sidecar listens on (DAPR_HTTP_PORT for its app).</summary>
    public int HttpPort => sidecar.HttpPort;

    /// <summary><c>http://127.0.0.1:{HttpPort}</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>The port of daprd's gRPC API (<c>DAPR_GRPC_PORT</c> for its app): what the SDK's DaprClient publishes and reads metadata through.</summary>
    public int GrpcPort => sidecar.GrpcPort;

    /// <summary><c>http://127.0.0.1:{GrpcPort}</c> (<c>DAPR_GRPC_ENDPOINT</c>).</summary>
    public Uri GrpcEndpoint => new($"http://127.0.0.1:{GrpcPort}");

    /// <summary>True once the app answered <c>/dapr/config</c> (always for a sidecar without app); <c>/v1.0/healthz</c> then answers 204.</summary>
    public bool IsAppChannelReady => sidecar.IsAppChannelReady;

    public Task WaitForAppChannelAsync(CancellationToken cancellationToken) => sidecar.AppChannelReady.WaitAsync(cancellationToken);
}
