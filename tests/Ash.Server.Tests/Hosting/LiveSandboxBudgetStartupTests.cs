using Ash.Testing.Server;

namespace Ash.Server.Tests.Hosting;

/// <summary>The live-sandbox budget is sized from the machine at start-up unless configured, and <c>/health</c> says which (issue 14).</summary>
public sealed class LiveSandboxBudgetStartupTests
{
    [Fact]
    public async Task Unset_IsSizedFromThisMachine_AndHealthSaysSo()
    {
        await using var server = await TestServer.StartAsync(null, null, extra: new Dictionary<string, string?> { ["Ash:Sessions:SandboxMemoryMb"] = "64" });

        var pool = (await Api.GetJsonAsync(server.Http, "/health"))["pool"]!;

        var sizing = pool["maxCapacitySizing"]!;
        Assert.NotEqual("config", sizing["limitedBy"]!.GetValue<string>());
        Assert.Equal(64, sizing["sandboxMemoryMb"]!.GetValue<long>());
        Assert.True(sizing["memoryMb"]!.GetValue<long>() > 0, sizing.ToJsonString());
        Assert.True(pool["maxCapacity"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task Configured_Wins_AndHealthSaysSo()
    {
        await using var server = await TestServer.StartAsync(null, null, extra: new Dictionary<string, string?> { ["Ash:Sessions:MaxLiveSandboxes"] = "3" });

        var pool = (await Api.GetJsonAsync(server.Http, "/health"))["pool"]!;

        Assert.Equal(3, pool["maxCapacity"]!.GetValue<int>());
        Assert.Equal("config", pool["maxCapacitySizing"]!["limitedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadSandboxMemoryEstimate_ServerRefusesToStart_NamingTheKey()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync(null, null, extra: new Dictionary<string, string?> { ["Ash:Sessions:SandboxMemoryMb"] = "0" }));

        Assert.StartsWith("Invalid settings", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Ash:Sessions:SandboxMemoryMb must be from 1 to 65536 (got 0)", refused.Message);
    }
}
