using System.Diagnostics;
using Ash.Core.Sandboxes;
using Ash.Sandbox.Launch;

namespace Ash.Sandbox.Exec;

/// <summary>
/// Runs shell commands in a live sandbox: a second bwrap with the agent's profile, uid, files and
/// cgroup (so its processes count against the session's limits), an environment without the model
/// token, stdin closed, output capped, and the whole tree killed at the timeout.
/// </summary>
internal sealed class SandboxExec(ProcessSpawner spawner, Func<IEnumerable<string>, ProcessStartInfo> commandLine)
{
    public async Task<ExecResult> RunAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        var process = await spawner.StartAsync(commandLine(["/bin/sh", "-c", request.Command]));
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
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            // A background child holding the pipes open must not hold the answer back.
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
            cancellationToken.ThrowIfCancellationRequested();
            return new ExecResult(
                timedOut ? ExecResult.TimedOutExitCode : process.ExitCode,
                stdout.ToString(),
                stderr.ToString(),
                timedOut,
                stdout.Truncated || stderr.Truncated);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited on its own meanwhile.
        }
    }
}
