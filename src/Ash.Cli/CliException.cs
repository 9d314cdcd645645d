namespace Ash.Cli;

// An expected failure with a message for the user and the exit code to report; thrown where a command
// cannot go on and caught once, in AshCommand.
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
