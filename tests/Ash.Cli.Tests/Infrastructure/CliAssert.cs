namespace Ash.Cli.Tests.Infrastructure;

/// <summary>What every error the CLI prints must be: short, in the user's terms, with no .NET internals.</summary>
public static class CliAssert
{
    public static void FriendlyError(CliRun run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, $"expected exit {exitCode}: {run}");
        Assert.True(run.Stdout.Length == 0, $"an error prints nothing on stdout: {run}");
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Ash.Client", run.Stderr, StringComparison.Ordinal);
    }
}
