using Ash.Core.Sessions;

namespace Ash.Core.Tests.Sessions;

public sealed class SessionRuntimeOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(new SessionRuntimeOptions().Validate());
    }

    [Fact]
    public void EveryBadSetting_IsNamed_AtOnce()
    {
        var options = new SessionRuntimeOptions
        {
            IdleTimeout = TimeSpan.Zero,
            MaxLiveSandboxes = 0,
            MaxWarmSandboxes = -1,
            FileRetention = TimeSpan.FromSeconds(-1),
            CapacityRetryAfter = TimeSpan.Zero,
        };

        var problems = options.Validate();

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, problem => problem.StartsWith("Ash:Sessions:MaxWarmSandboxes", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Ash:Sessions:MaxLiveSandboxes", StringComparison.Ordinal));
    }

    [Fact]
    public void SandboxMemoryMb_OutOfRange_IsNamedWithItsKey()
    {
        foreach (var megabytes in new long[] { 0, -5, SessionRuntimeOptions.MaxSandboxMemoryMb + 1 })
        {
            var problems = new SessionRuntimeOptions { SandboxMemoryMb = megabytes }.Validate();

            var problem = Assert.Single(problems);
            Assert.StartsWith($"Ash:Sessions:SandboxMemoryMb must be from 1 to {SessionRuntimeOptions.MaxSandboxMemoryMb} (got {megabytes})", problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Defaults_LeaveTheBudgetToTheMachine()
    {
        Assert.Null(new SessionRuntimeOptions().MaxLiveSandboxes);
    }

    [Fact]
    public void NoWarmPool_IsAllowed()
    {
        Assert.Empty(new SessionRuntimeOptions { MaxWarmSandboxes = 0 }.Validate());
    }
}
