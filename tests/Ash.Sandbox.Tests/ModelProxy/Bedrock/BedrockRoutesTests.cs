using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy.Bedrock;

public sealed class BedrockRoutesTests
{
    [Theory]
    [InlineData("/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "invoke-with-response-stream", true)]
    [InlineData("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "invoke", true)]
    [InlineData("/model/us.anthropic.claude-opus-5-5/count-tokens", "us.anthropic.claude-opus-5-5", "count-tokens", false)]
    public void Match_TheCliCalls_AreBedrockCalls(string raw, string modelId, string action, bool billed)
    {
        var call = ModelRoutes.Match("POST", ProxyTarget.Normalise(raw, out _)!, out var refusal);

        Assert.Null(refusal);
        Assert.Equal(billed, call!.Billed);
        Assert.Equal(modelId, call.Bedrock!.ModelId);
        Assert.Equal(action, call.Bedrock.Action);
    }

    [Fact]
    public void UpstreamPath_EncodesTheColonAsTheAwsSdksDo()
    {
        var call = ModelRoutes.Match("POST", ProxyTarget.Normalise("/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke", out _)!, out _)!;

        Assert.Equal("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke", call.Bedrock!.UpstreamPath);
    }

    [Fact]
    public void Match_TheMessagesApi_IsNoBedrockCall() =>
        Assert.Null(ModelRoutes.Match("POST", ProxyTarget.Normalise("/v1/messages?beta=true", out _)!, out _)!.Bedrock);

    [Theory]
    [InlineData("GET", "/model/m/invoke", "only POST")]
    [InlineData("POST", "/model/m/invoke?trace=1", "'trace' is not allowed")]
    [InlineData("POST", "/model/-x~y/invoke", "not a Bedrock model id")]
    [InlineData("POST", "/model/m/converse", "not an API route")]
    [InlineData("POST", "/model/m/invoke/extra", "not an API route")]
    [InlineData("GET", "/inference-profiles?type=SYSTEM_DEFINED", "not an API route")]
    [InlineData("POST", "/model/m/../../v1/messages/batches", "not an API route")]
    public void Match_AnythingElse_IsRefusedWithTheReason(string method, string raw, string reason)
    {
        var call = ModelRoutes.Match(method, ProxyTarget.Normalise(raw, out _)!, out var refusal);

        Assert.Null(call);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }
}
