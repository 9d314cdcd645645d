using Ash.Cli.Tests.Infrastructure;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash keys list|create|revoke` for the caller's tenant.</summary>
[Collection(nameof(ServerCollection))]
public sealed class KeysCommandTests(PlatformFixture platform)
{
    private readonly AshCli _cli = AshCli.For(platform.Server.BaseUrl, TestServer.ApiKey);

    [Fact]
    public async Task Create_PrintsTheKeyAloneOnStdout_ThenListShowsIt_AndRevokeEndsIt()
    {
        var label = "cli-" + Guid.NewGuid().ToString("N")[..8];

        var create = await _cli.RunAsync("keys", "create", "--label", label);
        var key = create.Stdout.Trim();
        var withNewKey = await AshCli.For(platform.Server.BaseUrl, key).RunAsync("agents");
        var list = await _cli.RunAsync("keys", "list");
        var id = list.StdoutLines.Single(line => line.Contains(label, StringComparison.Ordinal)).Split(' ')[0];
        var revoke = await _cli.RunAsync("keys", "revoke", id);
        var afterRevoke = await AshCli.For(platform.Server.BaseUrl, key).RunAsync("agents");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Single(create.StdoutLines);
        Assert.StartsWith("ash_", key, StringComparison.Ordinal);
        Assert.Contains("shown this once", create.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, withNewKey.ExitCode);
        Assert.DoesNotContain(key, list.Stdout, StringComparison.Ordinal);
        Assert.Equal([$"Revoked API key {id}"], revoke.StdoutLines);
        CliAssert.FriendlyError(afterRevoke, ExitCodes.Unauthorized);
    }
}
