using System.Runtime.InteropServices;

namespace Ash.Cli.LocalServer;

// Signals and liveness of processes that are not (or no longer) this process's children.
internal static partial class PosixProcess
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    // Whether pid names a live process: zombies count as gone.
    public static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        // "pid (comm) S ...": comm may hold spaces and parentheses, so the state follows the last ')'.
        try
        {
            var text = File.ReadAllText(stat);
            var end = text.LastIndexOf(')');
            return end < 0 || end + 2 >= text.Length || text[end + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false; // The process went away between the two reads.
        }
    }

    // The process's command line with arguments joined by spaces, or empty when it is gone.
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    // SIGTERM, then SIGKILL if the process is still there after grace; true when it had to be killed.
    public static async Task<bool> TerminateAsync(int pid, TimeSpan grace, TimeProvider time, CancellationToken cancellationToken)
    {
        Signal(pid, SigTerm);
        if (await WaitForExitAsync(pid, grace, time, cancellationToken))
        {
            return false;
        }

        Signal(pid, SigKill);
        await WaitForExitAsync(pid, TimeSpan.FromSeconds(5), time, cancellationToken);
        return true;
    }

    private static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (IsRunning(pid))
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(s_pollInterval, time, cancellationToken);
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
