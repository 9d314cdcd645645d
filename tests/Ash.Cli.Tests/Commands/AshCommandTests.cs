using Ash.Cli.Tests.Infrastructure;

namespace Ash.Cli.Tests.Commands;

/// <summary>The failures every command shares, reported by AshCommand: no server, no key.</summary>
public sealed class AshCommandTests : IDisposable
{
    private readonly string _emptyData = Directory.CreateTempSubdirectory("ash-cli-data-").FullName;

    [Theory]
    [InlineData("sessions")]
    [InlineData("agents")]
    [InlineData("chat", "hello-agent", "Hello")]
    public async Task NoServerAnswering_IsServerUnavailable_WithWhereItLookedAndHowToStartOne(params string[] command)
    {
        var server = ClosedPort.Url();
        var run = await AshCli.For(server, "ash_whatever_key_0123456789abcdef").RunAsync(command);

        CliAssert.FriendlyError(run, ExitCodes.ServerUnavailable);
        Assert.Contains($"no Ash server answers at {server}", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("start", run.StderrLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoServerAnswering_WithJson_IsOneJsonFailure()
    {
        var run = await AshCli.For(ClosedPort.Url(), "ash_whatever_key_0123456789abcdef").RunAsync("sessions", "--json");

        var (_, code, exitCode, statusCode) = CliJson.Failure(run);
        Assert.Equal((ExitCodes.ServerUnavailable, "server_unavailable", ExitCodes.ServerUnavailable, (int?)null), (run.ExitCode, code, exitCode, statusCode));
    }

    [Fact]
    public async Task Status_WithNoServer_IsServerUnavailable()
    {
        var run = await AshCli.Clean().With("ASH_SERVER_URL", ClosedPort.Url().ToString()).RunAsync("status");

        CliAssert.FriendlyError(run, ExitCodes.ServerUnavailable);
        Assert.Contains("no healthy Ash server answers", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoKeyAnywhere_IsUnauthorized_NamingWhereAKeyComesFrom()
    {
        var run = await AshCli.Clean().With("ASH_SERVER_URL", ClosedPort.Url().ToString()).RunAsync("--data", _emptyData, "agents");

        CliAssert.FriendlyError(run, ExitCodes.Unauthorized);
        Assert.Contains("--api-key", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_emptyData, "api-key"), run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAdminKey_IsUnauthorized_ForTheTenantsCommands()
    {
        var run = await AshCli.Clean().With("ASH_SERVER_URL", ClosedPort.Url().ToString()).RunAsync("tenants", "list");

        CliAssert.FriendlyError(run, ExitCodes.Unauthorized);
        Assert.Contains("ASH_ADMIN_KEY", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerUrlThatIsNotOne_IsAUsageError()
    {
        var run = await AshCli.Clean().With("ASH_SERVER_URL", "localhost:4100").With("ASH_API_KEY", "k").RunAsync("agents");

        CliAssert.FriendlyError(run, ExitCodes.Usage);
        Assert.Contains("'localhost:4100' is not an http(s) URL", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_emptyData, recursive: true);
}
