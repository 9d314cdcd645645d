using System.Collections.Concurrent;
using Ash.Core.Sandboxes;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The processes of ended sessions on their way out. Ending an idle session sends the kill and answers; the wait for
/// the kernel to tear the sandbox down and for its cgroup, proxy, uid and volume to be released (~5 ms, most of a
/// DELETE before, issue 14) goes on here. Nothing runs in an ended session's sandbox again, so only what touches its
/// files waits: removing them (the reap) and copying them (a fork of the ended session). Every release is awaited when
/// the session runtime shuts down, and a failed one is logged.
/// </summary>
public sealed class SandboxReleases
{
    private readonly ConcurrentDictionary<Guid, Task> _pending = new();

    /// <summary>Sends the kill now (before this returns) and releases the process in the background.</summary>
    public void Track(Guid sessionId, ISandboxProcess process, ILogger logger)
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[sessionId] = released.Task;
        _ = ReleaseAsync(sessionId, process, logger, released);
    }

    /// <summary>Completes once the session's process (if one is being released) is gone and released.</summary>
    public Task WhenReleasedAsync(Guid sessionId) => _pending.GetValueOrDefault(sessionId) ?? Task.CompletedTask;

    /// <summary>Completes once every release under way has finished.</summary>
    public Task WhenAllReleasedAsync() => Task.WhenAll(_pending.Values);

    public int Pending => _pending.Count;

    /// <summary>Never throws: its outcome is the <paramref name="released"/> task, which always completes.</summary>
    private async Task ReleaseAsync(Guid sessionId, ISandboxProcess process, ILogger logger, TaskCompletionSource released)
    {
        try
        {
            // KillAsync signals synchronously, before its first await.
            await process.KillAsync();
            await process.DisposeAsync();
        }
        catch (Exception exception)
        {
            SessionLog.ReleaseFailed(logger, sessionId, exception);
        }
        finally
        {
            _pending.TryRemove(KeyValuePair.Create(sessionId, released.Task));
            released.TrySetResult();
        }
    }
}
