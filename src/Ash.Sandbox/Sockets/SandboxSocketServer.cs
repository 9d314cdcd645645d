using System.Net.Sockets;
using Ash.Sandbox.Directories;
using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Sockets;

/// <summary>
/// A Unix socket only one sandbox (its uid, mode 0600) and root may connect to, with an accept loop
/// that hands each connection to a handler. Disposal stops accepting, cancels <see cref="Stopping"/>
/// and waits for every handler. The model proxy and the egress proxy are both served this way.
/// Neither loop fails quietly (issue 16, item 5): a failed accept (out of file descriptors, say) is logged and
/// tried again after a growing delay, where it ended the loop and left the sandbox without its proxy; a handler's
/// fault is logged when it happens, where it waited to fail the disposal and with it the sandbox's teardown.
/// </summary>
internal sealed class SandboxSocketServer : IAsyncDisposable
{
    public static readonly TimeSpan FirstAcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan MaxAcceptRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly string _socketPath;
    private readonly Func<Socket, Task> _handle;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _connectionsLock = new();

    /// <summary>The handlers started, the finished ones pruned at each accept.</summary>
    private readonly HashSet<Task> _connections = [];
    private readonly Task _acceptLoop;

    private SandboxSocketServer(Socket listener, string socketPath, Func<Socket, Task> handle, TimeProvider time, ILogger logger)
    {
        _listener = listener;
        _socketPath = socketPath;
        _handle = handle;
        _time = time;
        _logger = logger;
        Stopping = _stopping.Token;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Cancelled when the server is disposed; handlers pass it to their I/O.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Binds <paramref name="socketPath"/> (replacing a stale one) for <paramref name="uid"/> and starts accepting.</summary>
    public static SandboxSocketServer Start(string socketPath, int uid, Func<Socket, Task> handle, TimeProvider time, ILogger logger)
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

        return Serve(listener, socketPath, handle, time, logger);
    }

    /// <summary>Starts accepting on <paramref name="listener"/>, bound and listening already; the server owns it from now on.</summary>
    internal static SandboxSocketServer Serve(Socket listener, string socketPath, Func<Socket, Task> handle, TimeProvider time, ILogger logger) =>
        new(listener, socketPath, handle, time, logger);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        Task[] connections;
        lock (_connectionsLock)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var retryDelay = FirstAcceptRetryDelay;
        while (!Stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(Stopping);
                retryDelay = FirstAcceptRetryDelay;
            }
            catch (Exception) when (Stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                SocketServerLog.AcceptFailed(_logger, _socketPath, retryDelay, exception);
                try
                {
                    await Task.Delay(retryDelay, _time, Stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                retryDelay = retryDelay * 2 < MaxAcceptRetryDelay ? retryDelay * 2 : MaxAcceptRetryDelay;
                continue;
            }

            var handler = ServeAsync(connection);
            lock (_connectionsLock)
            {
                _connections.RemoveWhere(task => task.IsCompleted);
                _connections.Add(handler);
            }
        }
    }

    /// <summary>Never throws: a handler's fault is logged here.</summary>
    private async Task ServeAsync(Socket connection)
    {
        // Off the accept loop before the handler does anything.
        await Task.Yield();
        try
        {
            await _handle(connection);
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            SocketServerLog.HandlerFailed(_logger, _socketPath, exception);
        }
        finally
        {
            connection.Dispose();
        }
    }
}
