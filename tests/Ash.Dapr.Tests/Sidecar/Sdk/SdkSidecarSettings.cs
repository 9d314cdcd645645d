namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>What an SDK app is told about its sidecar, as daprd's injector or <c>dapr run</c> would tell it.</summary>
internal sealed record SdkSidecarSettings(Uri HttpEndpoint, Uri? GrpcEndpoint, string? ApiToken, string? AppToken);
