using Ash.Core.Sessions.Turns;

namespace Ash.Core.Tests.Sessions.Turns;

public sealed class AgentErrorTextTests
{
    [Fact]
    public void TheAgentsAdviceAboutItsSandboxInternalGateway_BecomesWhereTheUpstreamIsConfigured()
    {
        const string agentError = "API Error: 502 the model upstream https://gw.example:8443 is unreachable (no connection). "
            + "This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:8377).";

        var text = AgentErrorText.ForClient(agentError);

        Assert.DoesNotContain("127.0.0.1:8377", text, StringComparison.Ordinal);
        Assert.Contains("https://gw.example:8443", text, StringComparison.Ordinal);
        Assert.Contains("check the server's model upstream (ANTHROPIC_BASE_URL", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnErrorWithoutThatAdvice_IsLeftAsItIs() =>
        Assert.Equal("The turn reached its budget", AgentErrorText.ForClient("The turn reached its budget"));
}
