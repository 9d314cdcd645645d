using Ash.Cli.Tests.Infrastructure;

namespace Ash.Cli.Tests;

/// <summary>What the CLI does before any command runs: help, and arguments it cannot take.</summary>
public sealed class CliAppTests
{
    private readonly AshCli _cli = AshCli.Clean();

    [Fact]
    public async Task BareAsh_PrintsHelpWithCommandsVariablesAndExitCodes_OnStdout()
    {
        var run = await _cli.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        foreach (var expected in (string[])["start", "chat", "attach", "interrupt", "sessions", "Environment:", "ASH_PORT", "ASH_API_KEY", "Exit codes:", "port_in_use", "130"])
        {
            Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("keys", "revoke")]
    [InlineData("workspace", "download")]
    [InlineData("tenants", "create")]
    public async Task ACommandGroupAlone_PrintsItsHelp(string group, string subcommand)
    {
        var run = await _cli.RunAsync(group);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(subcommand, run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    [Theory]
    [InlineData("put", "files put <session> <files>...")]
    [InlineData("rm", "files rm <session> <path>")]
    public async Task FilesSubcommandHelp_ShowsItsOwnArgumentsOnly(string subcommand, string usage)
    {
        var run = await _cli.RunAsync("files", subcommand, "--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(usage, run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[<path>]", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("A file in the workspace to print", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCommand_IsAUsageErrorOnStderr_PointingAtHelp()
    {
        var run = await _cli.RunAsync("sesions");

        CliAssert.FriendlyError(run, ExitCodes.Usage);
        Assert.Contains("'sesions'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("See 'ash --help'.", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--status takes one of starting, active, paused, stopped, ended, error, not 'bogus'", "sessions", "--status", "bogus")]
    [InlineData("--limit takes a whole number, not 'ten'", "sessions", "list", "--limit", "ten")]
    [InlineData("--after takes a whole number, not 'x'", "logs", "some-session", "--after", "x")]
    [InlineData("--timeout takes a number, not 'soon'", "exec", "some-session", "true", "--timeout", "soon")]
    [InlineData("--port must be between 1 and 65535.", "start", "--port", "70000")]
    public async Task ABadValue_IsNamedInTheUsersTerms_NotInDotNetTypes(string message, params string[] arguments)
    {
        var run = await _cli.RunAsync(arguments);

        CliAssert.FriendlyError(run, ExitCodes.Usage);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingArgument_IsAUsageError()
    {
        var run = await _cli.RunAsync("sessions", "create");

        CliAssert.FriendlyError(run, ExitCodes.Usage);
        Assert.Contains("See 'ash sessions create --help'.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadValue_WithJson_IsOneJsonFailureOnStderr()
    {
        var run = await _cli.RunAsync("--json", "sessions", "list", "--limit", "ten");

        var (error, code, exitCode, statusCode) = CliJson.Failure(run);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(("--limit takes a whole number, not 'ten'", "usage", ExitCodes.Usage, (int?)null), (error, code, exitCode, statusCode));
    }
}
