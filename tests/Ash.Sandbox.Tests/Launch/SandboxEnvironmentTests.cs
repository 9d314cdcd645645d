using Ash.Sandbox.Launch;

namespace Ash.Sandbox.Tests.Launch;

public sealed class SandboxEnvironmentTests
{
    [Fact]
    public void Build_UserValuesCannotOverrideThePlatformsOwn()
    {
        var environment = SandboxEnvironment.Build(
            8377,
            "sbx_token",
            new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = "http://evil", ["HOME"] = "/root", ["GREETING"] = "hi" },
            new Dictionary<string, string> { ["LD_PRELOAD"] = "/x.so", ["PATH"] = "/evil", ["MODE"] = "fast" });

        Assert.Equal("http://127.0.0.1:8377", environment["ANTHROPIC_BASE_URL"]);
        Assert.Equal("/home/agent", environment["HOME"]);
        Assert.Equal("/usr/local/bin:/usr/bin:/bin", environment["PATH"]);
        Assert.False(environment.ContainsKey("LD_PRELOAD"));
        Assert.Equal("hi", environment["GREETING"]);
        Assert.Equal("fast", environment["MODE"]);
        Assert.Equal("sbx_token", environment["ANTHROPIC_API_KEY"]);
    }

    [Fact]
    public void Build_TakesNothingFromTheServersEnvironment()
    {
        Environment.SetEnvironmentVariable("ASH_UNIT_SECRET", "do-not-leak");

        var environment = SandboxEnvironment.Build(1, "t", new Dictionary<string, string>(), null);

        Assert.DoesNotContain(environment, pair => pair.Key == "ASH_UNIT_SECRET" || pair.Value == "do-not-leak");
    }
}
