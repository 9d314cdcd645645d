using Ash.Core.Sessions;
using Ash.Sandbox.Runtime;

namespace Ash.Sandbox.Tests.Runtime;

public sealed class ClaudeArgumentsTests
{
    [Fact]
    public void Build_SessionConfig_BecomesTheCliFlags()
    {
        var options = SessionOptions.Empty with
        {
            Betas = ["beta-one", "beta-two"],
            SubagentsJson = """{"reviewer":{"description":"Reviews","prompt":"Review"}}""",
            InitialAgent = "reviewer",
        };

        var arguments = ClaudeArguments.Build(Guid.NewGuid(), resume: false, options, "default", mcpConfigPath: null);

        Assert.Contains("--betas=beta-one", arguments);
        Assert.Contains("--betas=beta-two", arguments);
        Assert.Equal(options.SubagentsJson, arguments[arguments.IndexOf("--agents") + 1]);
        Assert.Equal("reviewer", arguments[arguments.IndexOf("--agent") + 1]);
    }

    [Fact]
    public void Build_NoSessionConfig_AddsNoneOfItsFlags()
    {
        var arguments = ClaudeArguments.Build(Guid.NewGuid(), resume: true, SessionOptions.Empty, "default", mcpConfigPath: null);

        Assert.DoesNotContain(arguments, argument => argument.StartsWith("--betas", StringComparison.Ordinal));
        Assert.DoesNotContain("--agents", arguments);
        Assert.DoesNotContain("--agent", arguments);
    }
}
