using Ash.Sandbox.ModelProxy;

namespace Ash.Core.Tests.Sandboxes.ModelProxy;

public sealed class ModelProxyLimitsTests
{
    [Fact]
    public void Validate_Defaults_HaveNoProblem() => Assert.Empty(new ModelProxyLimits().Validate());

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
