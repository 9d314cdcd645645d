using Ash.Server.Dapr;

namespace Ash.Server.Tests.Dapr;

/// <summary>Where the SDK's DaprClient finds daprd's gRPC API: DAPR_GRPC_PORT, or DAPR_GRPC_ENDPOINT, which wins as in the SDK.</summary>
public sealed class DaprModeOptionsTests
{
    private const string Token = "dapr-mode-options-token-0123";

    [Fact]
    public void GrpcEndpoint_IsTheLoopbackPort_UnlessAnEndpointIsGiven()
    {
        var byPort = new DaprModeOptions { AppApiToken = Token, SidecarGrpcPort = 3520 };
        var byEndpoint = new DaprModeOptions { AppApiToken = Token, SidecarGrpcPort = 3520, SidecarGrpcEndpoint = "http://daprd.local:50001" };

        Assert.Equal(new Uri("http://127.0.0.1:3520"), byPort.GrpcEndpoint);
        Assert.Equal(new Uri("http://daprd.local:50001"), byEndpoint.GrpcEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:50001"), new DaprModeOptions().GrpcEndpoint);
        Assert.Empty(byPort.Validate(4100));
        Assert.Empty(byEndpoint.Validate(4100));
    }

    [Theory]
    [InlineData(0, null, "Ash:Dapr:SidecarGrpcPort (DAPR_GRPC_PORT)")]
    [InlineData(70000, null, "Ash:Dapr:SidecarGrpcPort (DAPR_GRPC_PORT)")]
    [InlineData(50001, "daprd:50001", "Ash:Dapr:SidecarGrpcEndpoint (DAPR_GRPC_ENDPOINT)")]
    [InlineData(50001, "ftp://daprd:50001", "Ash:Dapr:SidecarGrpcEndpoint (DAPR_GRPC_ENDPOINT)")]
    public void Validate_NamesTheGrpcKeyThatIsWrong(int port, string? endpoint, string key)
    {
        var options = new DaprModeOptions { AppApiToken = Token, SidecarGrpcPort = port, SidecarGrpcEndpoint = endpoint };

        Assert.StartsWith(key, Assert.Single(options.Validate(4100)), StringComparison.Ordinal);
    }
}
