using Ash.Sandbox.Limits;

namespace Ash.Sandbox.Tests.Limits;

public sealed class HostRoomProbeTests
{
    private const string Meminfo = "MemTotal:       24683428 kB\nMemFree:        18421000 kB\nMemAvailable:   22426624 kB\nBuffers:          120000 kB\n";

    [Fact]
    public void MemAvailable_IsReadInBytes()
    {
        Assert.Equal(22426624L * 1024, HostRoomProbe.MemAvailable(Meminfo));
        Assert.Null(HostRoomProbe.MemAvailable("MemTotal: 1 kB\n"));
        Assert.Null(HostRoomProbe.MemAvailable(null));
    }

    [Fact]
    public void CgroupMemoryRoom_V1_IsTheMemoryHierarchysLimitLessItsUsage()
    {
        var files = new Dictionary<string, string>
        {
            ["/cg/memory/ash-server/memory.limit_in_bytes"] = "4294967296\n",
            ["/cg/memory/ash-server/memory.usage_in_bytes"] = "1073741824\n",
        };

        var room = HostRoomProbe.CgroupMemoryRoom("12:pids:/ash-server\n4:cpu,cpuacct:/ash-server\n3:memory:/ash-server\n0::/\n", "/cg", files.GetValueOrDefault);

        Assert.Equal(3L * 1024 * 1024 * 1024, room);
    }

    [Fact]
    public void CgroupMemoryRoom_V1Unlimited_IsNoLimit()
    {
        var files = new Dictionary<string, string>
        {
            ["/cg/memory/memory.limit_in_bytes"] = "9223372036854771712\n",
            ["/cg/memory/memory.usage_in_bytes"] = "1073741824\n",
        };

        Assert.Null(HostRoomProbe.CgroupMemoryRoom("3:memory:/\n0::/\n", "/cg", files.GetValueOrDefault));
    }

    [Fact]
    public void CgroupMemoryRoom_V2_ReadsMemoryMaxAndCurrent_AndMaxMeansNoLimit()
    {
        var limited = new Dictionary<string, string>
        {
            ["/cg/system.slice/ash.service/memory.max"] = "2147483648\n",
            ["/cg/system.slice/ash.service/memory.current"] = "536870912\n",
        };
        var unlimited = new Dictionary<string, string>
        {
            ["/cg/system.slice/ash.service/memory.max"] = "max\n",
            ["/cg/system.slice/ash.service/memory.current"] = "536870912\n",
        };

        Assert.Equal(1536L * 1024 * 1024, HostRoomProbe.CgroupMemoryRoom("0::/system.slice/ash.service\n", "/cg", limited.GetValueOrDefault));
        Assert.Null(HostRoomProbe.CgroupMemoryRoom("0::/system.slice/ash.service\n", "/cg", unlimited.GetValueOrDefault));
    }

    [Fact]
    public void CgroupMemoryRoom_NoCgroupFile_IsNoLimit()
    {
        Assert.Null(HostRoomProbe.CgroupMemoryRoom(null, "/cg", _ => null));
    }

    [Fact]
    public void ExistingTasks_IsLoadavgsTotal()
    {
        Assert.Equal(318, HostRoomProbe.ExistingTasks("2.24 3.52 4.64 3/318 8547\n"));
        Assert.Null(HostRoomProbe.ExistingTasks("garbage"));
    }

    [Fact]
    public void OpenFilesLimit_IsTheSoftLimit()
    {
        const string Limits = "Limit                     Soft Limit           Hard Limit           Units     \n" +
            "Max processes             96000                96000                processes \n" +
            "Max open files            20000                524288               files     \n";

        Assert.Equal(20_000, HostRoomProbe.OpenFilesLimit(Limits));
        Assert.Null(HostRoomProbe.OpenFilesLimit("Max open files            unlimited            unlimited            files     \n"));
    }
}
