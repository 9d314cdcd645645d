namespace Ash.Cli;

// An expected failure with a message for the user and the exit code to report; thrown where a command
// cannot go on and caught once, in AshCommand. The hint says what to do about it.
internal sealed class CliException(int exitCode, string message, string? hint = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public string? Hint { get; } = hint;
}
