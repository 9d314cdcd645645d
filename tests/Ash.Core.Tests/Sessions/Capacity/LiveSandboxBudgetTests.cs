using Ash.Core.Sessions.Capacity;

namespace Ash.Core.Tests.Sessions.Capacity;

public sealed class LiveSandboxBudgetTests
{
    private const long GiB = 1024L * 1024 * 1024;

    [Fact]
    public void Size_Unset_IsTheMemoryLessAReserveDividedByOneSandbox()
    {
        // 24 GiB: a tenth (2,457 MiB) kept back, 22,118 MiB left, 128 MiB each.
        var budget = LiveSandboxBudget.Size(null, 128, new HostRoom(24 * GiB, null, null, null));

        Assert.Equal(172, budget.Value);
        Assert.Equal("memory", budget.LimitedBy);
        Assert.Equal(24 * 1024, budget.MemoryMb);
        Assert.Equal(128, budget.SandboxMemoryMb);
    }

    [Fact]
    public void Size_SmallMachine_KeepsAtLeastTheMinimumReserve()
    {
        // 1 GiB: a tenth would be 102 MiB, but 512 MiB is kept back.
        var budget = LiveSandboxBudget.Size(null, 100, new HostRoom(1 * GiB, null, null, null));

        Assert.Equal(5, budget.Value);
    }

    [Fact]
    public void Size_Configured_WinsOverWhatTheMachineHolds()
    {
        var budget = LiveSandboxBudget.Size(5_000, 128, new HostRoom(1 * GiB, 100, 100, 10));

        Assert.Equal(5_000, budget.Value);
        Assert.Equal("config", budget.LimitedBy);
    }

    [Theory]
    [InlineData(13 * 100L, null, null, 100, "tasks")]
    [InlineData(null, 8 * 50L, null, 50, "descriptors")]
    [InlineData(13 * 100L, 8 * 90L, null, 90, "descriptors")]
    [InlineData(13 * 100L, null, 20L, 20, "uids")]
    public void Size_TheScarcestResource_Decides(long? tasks, long? descriptors, long? uids, int expected, string limitedBy)
    {
        var budget = LiveSandboxBudget.Size(null, 8, new HostRoom(24 * GiB, tasks, descriptors, uids));

        Assert.Equal(expected, budget.Value);
        Assert.Equal(limitedBy, budget.LimitedBy);
    }

    [Fact]
    public void Size_StubRuntimeOnThisKindOfMachine_HoldsTwoThousand()
    {
        // 22 GiB available, the stub's 8 MiB each, pid_max 32,768 with ~400 tasks, 20,000 open files (issue 14).
        var budget = LiveSandboxBudget.Size(null, 8, new HostRoom(22 * GiB, 32_768 - 400, 20_000 - 300, 10_000));

        Assert.True(budget.Value >= 2_000, budget.ToString());
        Assert.Equal("descriptors", budget.LimitedBy);
    }

    [Fact]
    public void Size_NoRoomAtAll_StillRunsTheFloor()
    {
        var budget = LiveSandboxBudget.Size(null, 128, new HostRoom(100 * 1024 * 1024, 0, 0, null));

        Assert.Equal(LiveSandboxBudget.Floor, budget.Value);
    }

    [Fact]
    public void Size_NothingKnown_IsTheCeiling()
    {
        var budget = LiveSandboxBudget.Size(null, 128, new HostRoom(null, null, null, null));

        Assert.Equal(LiveSandboxBudget.Ceiling, budget.Value);
        Assert.Equal("ceiling", budget.LimitedBy);
        Assert.Null(budget.MemoryMb);
    }

    [Fact]
    public void Remote_NoSandboxHere_IsTheFixedDefaultUnlessConfigured()
    {
        Assert.Equal(new LiveSandboxBudget(LiveSandboxBudget.WithoutSandboxHost, "default", null, 128), LiveSandboxBudget.Remote(null, 128));
        Assert.Equal(new LiveSandboxBudget(7, "config", null, 128), LiveSandboxBudget.Remote(7, 128));
    }
}
