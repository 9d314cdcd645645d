using System.Diagnostics;
using Ash.Core.Sandboxes;
using System.Globalization;
using Ash.Sandbox.Launch;
using Ash.Sandbox.Logs;
using Ash.Sandbox.Orphans;

namespace Ash.Sandbox.Exec;

/// <summary>
/// Runs shell commands in a live sandbox: a second bwrap with the agent's profile, uid, files and
/// cgroup (so its processes count against the session's limits), an environment without the model
/// token, stdin closed, output capped, and its pid namespace killed at the timeout.
/// </summary>
internal sealed class SandboxExec(ProcessSpawner spawner, SandboxLogFile log, Func<IEnumerable<string>, ProcessStartInfo> commandLine)
{
    public async Task<ExecResult> RunAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var process = await spawner.StartAsync(commandLine(["/bin/sh", "-c", request.Command]));
        var startTime = ProcStat.StartTime(process.Id);
        using (process)
        {
            process.StandardInput.Close();
            var stdout = new CappedOutput(request.MaxOutputBytes);
            var stderr = new CappedOutput(request.MaxOutputBytes);
            var reading = Task.WhenAll(
                stdout.ReadToEndAsync(process.StandardOutput.BaseStream),
                stderr.ReadToEndAsync(process.StandardError.BaseStream));

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(request.Timeout);
            var timedOut = false;
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                SandboxKill.Kill(process, startTime);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            // A background child holding the pipes open must not hold the answer back.
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
            cancellationToken.ThrowIfCancellationRequested();
            var result = new ExecResult(
                timedOut ? ExecResult.TimedOutExitCode : process.ExitCode,
                stdout.ToString(),
                stderr.ToString(),
                timedOut,
                stdout.Truncated || stderr.Truncated);
            log.System(RanLine(request.Command, result, started.Elapsed));
            return result;
        }
    }

    /// <summary>The command as given, shortened; its output stays with the caller.</summary>
    private static string RanLine(string command, ExecResult result, TimeSpan took)
    {
        const int Shown = 200;
        var shown = command.Length <= Shown ? command : command[..Shown] + "…";
        var outcome = result.TimedOut ? "timed out and was killed" : $"exited with code {result.ExitCode}";
        return string.Create(CultureInfo.InvariantCulture, $"exec {outcome} after {took.TotalMilliseconds:0} ms: {shown}");
    }
}
