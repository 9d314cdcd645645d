using System.Globalization;
using Ash.Testing.Common;

namespace Ash.Testing.Server;

/// <summary>Reads the sandbox host's process record (<c>sandboxes/&lt;id&gt;/agent.pid</c>) and checks whether that process lives.</summary>
public static class SandboxProcess
{
    public static int? PidOf(string dataDirectory, Guid sessionId)
    {
        var record = Path.Combine(dataDirectory, "sandboxes", sessionId.ToString("D"), "agent.pid");
        if (!File.Exists(record))
        {
            return null;
        }

        var text = File.ReadAllText(record).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return int.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>True while the process exists and is not a zombie (an orphan's zombie lingers until its new parent reaps it).</summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }

    /// <summary>Polls until the session's sandbox process has started (the first message does not have to wait for it).</summary>
    public static async Task<int> WaitForPidAsync(string dataDirectory, Guid sessionId, TimeSpan timeout)
    {
        int? pid = null;
        await Eventually.TrueAsync(() => (pid = PidOf(dataDirectory, sessionId)) is not null, $"a sandbox process for session {sessionId}", timeout);
        return pid!.Value;
    }
}
