using System.Globalization;

namespace Ash.Server.Tests.Infrastructure;

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

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Polls until the session's sandbox process has started (the first message does not have to wait for it).</summary>
    public static async Task<int> WaitForPidAsync(string dataDirectory, Guid sessionId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (PidOf(dataDirectory, sessionId) is { } pid)
            {
                return pid;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no sandbox process for {sessionId} within {timeout}");
            await Task.Delay(50);
        }
    }
}
