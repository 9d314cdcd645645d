namespace Ash.Core.Sandboxes.Logs;

/// <summary>The levels of a sandbox log line, as Ash names them on the wire.</summary>
public static class SandboxLogLevels
{
    /// <summary>A line the agent process wrote to its standard output outside the protocol.</summary>
    public const string Stdout = "stdout";

    /// <summary>A line the agent process wrote to its standard error.</summary>
    public const string Stderr = "stderr";

    /// <summary>What the platform did: sandbox started, exited, a limit enforced, a command run.</summary>
    public const string System = "system";
}
