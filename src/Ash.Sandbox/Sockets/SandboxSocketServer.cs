using System.Collections.Concurrent;
using System.Net.Sockets;
using Ash.Sandbox.Directories;

namespace Ash.Sandbox.Sockets;

/// <summary>
/// A Unix socket only one sandbox (its uid, mode 0600) and root may connect to, with an accept loop
/// that hands each connection to a handler. Disposal stops accepting, cancels <see cref="Stopping"/>
/// and waits for every handler. The model proxy and the egress proxy are both served this way.
/// </summary>
internal sealed class SandboxSocketServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<Socket, Task> _handle;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly Task _acceptLoop;

    private SandboxSocketServer(Socket listener, Func<Socket, Task> handle)
    {
        _listener = listener;
        _handle = handle;
        Stopping = _stopping.Token;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Cancelled when the server is disposed; handlers pass it to their I/O.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Binds <paramref name="socketPath"/> (replacing a stale one) for <paramref name="uid"/> and starts accepting.</summary>
    public static SandboxSocketServer Start(string socketPath, int uid, Func<Socket, Task> handle)
    {
        File.Delete(socketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Ownership.Change(socketPath, uid);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new SandboxSocketServer(listener, handle);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_connections.Keys);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!Stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(Stopping);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var handler = HandleAsync(connection);
            _connections.TryAdd(handler, true);
            _ = handler.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(Socket connection)
    {
        // Off the accept loop before the handler does anything.
        await Task.Yield();
        await _handle(connection);
    }
}
