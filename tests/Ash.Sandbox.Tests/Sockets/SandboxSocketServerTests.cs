using System.Net.Sockets;
using Ash.Sandbox.Native;
using Ash.Sandbox.Sockets;
using Ash.Testing.Common;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Sandbox.Tests.Sockets;

/// <summary>The sandbox socket server's loops: a failed accept and a failed handler are logged, and serving goes on.</summary>
public sealed class SandboxSocketServerTests : IDisposable
{
    private const int AcceptFailedEvent = 2201;
    private const int HandlerFailedEvent = 2202;

    private readonly string _directory = Directory.CreateTempSubdirectory("ash-socket-server-").FullName;
    private readonly FakeLogger _logs = new();

    private string SocketPath => Path.Combine(_directory, "proxy.sock");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Handler_ThatThrows_IsLogged_TheNextConnectionIsServed_AndDisposalCompletes()
    {
        var served = 0;
        var server = SandboxSocketServer.Start(SocketPath, (int)LibC.GetEffectiveUserId(), async connection =>
        {
            if (Interlocked.Increment(ref served) == 1)
            {
                throw new InvalidOperationException("a handler's bug");
            }

            await connection.SendAsync("ok"u8.ToArray());
            connection.Shutdown(SocketShutdown.Send);
        }, TimeProvider.System, _logs);

        using (await ConnectAsync())
        {
            await Eventually.TrueAsync(() => Logged(HandlerFailedEvent).Count == 1, "the handler's fault to be logged");
        }

        using (var second = await ConnectAsync())
        {
            var answer = new byte[2];
            var read = await second.ReceiveAsync(answer).WaitAsync(Eventually.DefaultTimeout);
            Assert.Equal("ok", System.Text.Encoding.ASCII.GetString(answer, 0, read));
        }

        // The fault was the handler's: it no longer surfaces when the server (and with it the sandbox) is torn down.
        await server.DisposeAsync().AsTask().WaitAsync(Eventually.DefaultTimeout);
        Assert.Equal("a handler's bug", Assert.Single(Logged(HandlerFailedEvent)).Exception?.Message);
    }

    [Fact]
    public async Task Accept_ThatFails_IsLogged_TriedAgainAfterAGrowingDelay_AndServesOnceItWorks()
    {
        var time = new FakeTimeProvider();
        var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));

        // Not listening yet: every accept fails, as one does while the server is out of file descriptors (EMFILE).
        var server = SandboxSocketServer.Serve(listener, SocketPath, _ => { served.TrySetResult(); return Task.CompletedTask; }, time, _logs);
        var thirdTry = Eventually.TrueAsync(() => Logged(AcceptFailedEvent).Count >= 3, "three failed accepts to be logged");
        await time.AdvanceUntilAsync(thirdTry, TimeSpan.FromMilliseconds(100));
        await thirdTry;

        var delays = Logged(AcceptFailedEvent).Take(3).Select(r => TimeSpan.Parse(r.GetStructuredStateValue("RetryDelay")!, null));
        var first = SandboxSocketServer.FirstAcceptRetryDelay;
        Assert.Equal([first, first * 2, first * 4], delays);

        listener.Listen(16);
        using (await ConnectAsync())
        {
            await time.AdvanceUntilAsync(served.Task, SandboxSocketServer.MaxAcceptRetryDelay);
            await served.Task;
        }

        await server.DisposeAsync().AsTask().WaitAsync(Eventually.DefaultTimeout);
    }

    private async Task<Socket> ConnectAsync()
    {
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        return client;
    }

    private List<FakeLogRecord> Logged(int eventId) => [.. _logs.Collector.GetSnapshot().Where(r => r.Id.Id == eventId)];
}
