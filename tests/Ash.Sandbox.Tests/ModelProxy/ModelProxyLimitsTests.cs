using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy;

public sealed class ModelProxyLimitsTests
{
    [Fact]
    public void Validate_Defaults_HaveNoProblem() => Assert.Empty(new ModelProxyLimits().Validate());

    [Theory]
    [InlineData("bedrock-runtime.us-east-1.amazonaws.com")]
    [InlineData("ftp://bedrock.internal")]
    [InlineData("https://user:pw@bedrock.internal")]
    [InlineData("https://bedrock.internal/?x=1")]
    public void Validate_ABadBedrockEndpoint_IsReportedWithItsKey(string endpoint)
    {
        var problem = Assert.Single(new ModelProxyLimits { BedrockEndpoint = endpoint }.Validate());

        Assert.Contains("Ash:Sandbox:ModelProxy:BedrockEndpoint", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AnHttpsBedrockEndpoint_HasNoProblem() =>
        Assert.Empty(new ModelProxyLimits { BedrockEndpoint = "https://vpce-0abc.bedrock-runtime.us-east-1.vpce.amazonaws.com" }.Validate());

    [Fact]
    public void Validate_EveryBadSetting_IsReportedAtOnceWithItsKey()
    {
        var problems = new ModelProxyLimits { MaxRequestBodyBytes = 0, MaxConnections = 0, HeadTimeout = TimeSpan.Zero, BodyIdleTimeout = TimeSpan.FromSeconds(-1) }.Validate();

        Assert.Collection(
            problems,
            p => Assert.StartsWith("Ash:Sandbox:ModelProxy:MaxRequestBodyBytes ", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Ash:Sandbox:ModelProxy:MaxConnections ", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Ash:Sandbox:ModelProxy:HeadTimeout ", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Ash:Sandbox:ModelProxy:BodyIdleTimeout ", p, StringComparison.Ordinal));
    }
}
