namespace Ash.Testing.ProbeRuntime;

/// <summary>
/// The .NET runtime opens a diagnostic IPC socket in $TMPDIR before Main runs, and no runtimeconfig
/// knob turns it off (only DOTNET_EnableDiagnostics, which the sandbox environment does not carry).
/// The real agent runtime has no such socket, so the probe unlinks its path: tests that look for
/// reachable Unix sockets inside the sandbox then see what the real runtime leaves, nothing of ours.
/// </summary>
internal static class DiagnosticPort
{
    public static void Hide()
    {
        var directory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        try
        {
            foreach (var socket in Directory.EnumerateFiles(directory, $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
            {
                File.Delete(socket);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a socket left behind is the probe's own, never the host's.
        }
    }
}
