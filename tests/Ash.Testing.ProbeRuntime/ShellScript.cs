using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Ash.Testing.ProbeRuntime;

internal enum ScriptEnd
{
    Exited,
    TimedOut,
    Interrupted,
}

/// <summary>How a script ended and what it printed (stdout and stderr interleaved, as a terminal would show them).</summary>
internal sealed record ScriptOutcome(string Output, bool Truncated, int ExitCode, ScriptEnd End, int TimeoutSeconds)
{
    /// <summary>The assistant's answer: the output, markers for what cut it short, and a last line <c>[exit N]</c>.</summary>
    public string ToAnswer()
    {
        var answer = new System.Text.StringBuilder(Output.Length + 64).Append(Output);
        if (answer.Length > 0 && answer[^1] != '\n')
        {
            answer.Append('\n');
        }

        if (Truncated)
        {
            answer.Append("[truncated]\n");
        }

        if (End == ScriptEnd.TimedOut)
        {
            answer.Append(CultureInfo.InvariantCulture, $"[timeout after {TimeoutSeconds} s]\n");
        }
        else if (End == ScriptEnd.Interrupted)
        {
            answer.Append("[interrupted]\n");
        }

        return answer.Append(CultureInfo.InvariantCulture, $"[exit {ExitCode}]").ToString();
    }
}

/// <summary>
/// Runs a message as <c>/bin/sh -c</c> in the probe's working directory (the sandbox's /workspace),
/// with stdin at EOF (the probe's own stdin is the platform's pipe), a time limit (60 s, or a first
/// line <c>#timeout=N</c>), and an output cap.
/// </summary>
internal static class ShellScript
{
    public const int MaxOutputBytes = 1024 * 1024;
    public const int DefaultTimeoutSeconds = 60;
    private const string TimeoutPrefix = "#timeout=";

    /// <summary>Output that background children keep writing after the shell is gone is not waited for longer than this.</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    public static async Task<ScriptOutcome> RunAsync(string script, CancellationToken interrupt)
    {
        var timeoutSeconds = TimeoutOf(script);
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        startInfo.ArgumentList.Add("-c");

        // One pipe for both streams keeps their order; the probe's own stderr stays the platform's.
        startInfo.ArgumentList.Add("exec 2>&1\n" + script);

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("/bin/sh did not start");
        process.StandardInput.Close();
        var capture = new OutputCapture(process.StandardOutput.BaseStream, MaxOutputBytes);
        var reading = capture.RunAsync();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        deadline.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        var end = ScriptEnd.Exited;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            end = interrupt.IsCancellationRequested ? ScriptEnd.Interrupted : ScriptEnd.TimedOut;
            KillTree(process);
            await Task.WhenAny(process.WaitForExitAsync(CancellationToken.None), Task.Delay(KillWait, CancellationToken.None));
        }

        await Task.WhenAny(reading, Task.Delay(DrainGrace, CancellationToken.None));
        var (output, truncated) = capture.Snapshot();

        // 124 for a timeout, as coreutils' timeout(1) reports it; 137 (SIGKILL) for a shell that would not even die.
        var exitCode = end == ScriptEnd.TimedOut ? 124 : process.HasExited ? process.ExitCode : 137;
        return new ScriptOutcome(output, truncated, exitCode, end, timeoutSeconds);
    }

    private static int TimeoutOf(string script)
    {
        var firstLine = script.AsSpan();
        var newline = firstLine.IndexOf('\n');
        if (newline >= 0)
        {
            firstLine = firstLine[..newline];
        }

        firstLine = firstLine.Trim();
        return firstLine.StartsWith(TimeoutPrefix, StringComparison.Ordinal)
            && int.TryParse(firstLine[TimeoutPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0
                ? seconds
                : DefaultTimeoutSeconds;
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // A child vanished mid-walk; the shell itself is what must go, and it went or is going.
        }
    }
}
