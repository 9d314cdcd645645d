using System.Net;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Client.Tests;

/// <summary>The SDK's agent version methods (behind <c>ash agents versions|activate</c>) against the real server.</summary>
public sealed class AshClientAgentVersionsTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ListAndActivate_RollTheAgentBack()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = new AshClient(platform.Server.BaseUrl, TestServer.ApiKey);
        var name = "client-" + Guid.NewGuid().ToString("N")[..8];
        var first = AgentFolders.Create(ashJson: null);
        var second = AgentFolders.Create(ashJson: null);
        await File.WriteAllTextAsync(Path.Combine(second, "CLAUDE.md"), "# second\n", timeout.Token);
        await client.DeployAgentAsync(name, first, timeout.Token);
        var redeployed = await client.DeployAgentAsync(name, second, timeout.Token);
        var unchanged = await client.DeployAgentAsync(name, second, timeout.Token);

        var versions = await client.ListAgentVersionsAsync(name, timeout.Token);
        var active = await client.ActivateAgentVersionAsync(name, versions[^1].Id, timeout.Token);
        var agent = await client.GetAgentAsync(name, timeout.Token);

        Assert.Equal(2, redeployed.Version);
        Assert.Equal(2, unchanged.Version);
        Assert.Equal([2, 1], versions.Select(version => version.VersionNumber));
        Assert.True(versions[0].IsActive);
        Assert.Equal(64, versions[0].ContentId!.Length);
        Assert.Equal(1, active);
        Assert.Equal(1, agent.Version);
        var missing = await Assert.ThrowsAsync<AshApiException>(() => client.ActivateAgentVersionAsync(name, "7", timeout.Token));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("version_not_found", missing.Code);
    }
}
