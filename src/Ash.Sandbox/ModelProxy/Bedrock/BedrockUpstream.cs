using Ash.Core.Credentials.Aws;

namespace Ash.Sandbox.ModelProxy.Bedrock;

/// <summary>Where a bedrock session's model requests go and what signs them; built per request from the opened credential.</summary>
/// <param name="Endpoint">The Bedrock runtime: <c>https://bedrock-runtime.{region}.amazonaws.com</c>, or the operator's <c>Ash:Sandbox:ModelProxy:BedrockEndpoint</c>.</param>
internal sealed record BedrockUpstream(Uri Endpoint, AwsSigningCredentials Credentials, string Region)
{
    /// <summary>The SigV4 service name of the Bedrock runtime (its endpoints' signing name).</summary>
    public const string SigningService = "bedrock";

    public static Uri RegionalEndpoint(string region) => new($"https://bedrock-runtime.{region}.amazonaws.com");
}
