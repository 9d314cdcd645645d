using System.Globalization;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>The host's view of processes, for checking from outside what an attack inside started or reached.</summary>
public static class HostProcesses
{
    /// <summary>Live host pids whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> WithCommandLine(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal) && SandboxProcess.IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }

        return found;
    }

    /// <summary>Polls until a process with <paramref name="marker"/> in its command line runs; returns its pids.</summary>
    public static async Task<List<int>> WaitForAsync(string marker, TimeSpan timeout)
    {
        List<int> found = [];
        await Eventually.TrueAsync(() => (found = WithCommandLine(marker)).Count > 0, $"a host process with '{marker}' in its command line", timeout);
        return found;
    }

    /// <summary>Polls until no process with <paramref name="marker"/> in its command line is left; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilGoneAsync(string marker, TimeSpan timeout)
    {
        List<int> found = [];
        await Eventually.TrueAsync(() => (found = WithCommandLine(marker)).Count == 0, () => $"host processes {string.Join(",", found)} with '{marker}' to end with their session", timeout);
    }

    /// <summary>The host uid a process runs as (real uid, from /proc/PID/status).</summary>
    public static int UidOf(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"no Uid line for pid {pid}");
    }

    /// <summary>
    /// A process name no other test uses. Written with one character in brackets when searched for
    /// from inside (<see cref="Pattern"/>), so the searching grep never matches its own command line.
    /// </summary>
    public static string NewMarker() => "ash-marker-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A grep pattern that matches <paramref name="marker"/> but not itself.</summary>
    public static string Pattern(string marker) => "[" + marker[0] + "]" + marker[1..];
}
